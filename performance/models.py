"""Project performance self-evaluation (项目支出绩效自评, domain.md §5).

One Project per self-evaluated project of a report: its funds, its budget
execution score, its annual goals, the evaluation report's text and its
indicators. Only base facts are stored: the 年度资金总额 row, the 执行率, the
total and the grade are computed, and so is the unit-level summary (how many
projects, how much money, what share of 项目支出; `performance.selectors`).
The parsed form of each typed indicator value is stored beside the text.

A suggested score is stored beside the final one. Without an override reason
the final score is the suggested one; a different score needs a reason, and
the database refuses a differing score without one.

On a 预算 the same rows are the 项目绩效目标 (performance targets): a project
has its 年初预算 funds and its 年度绩效目标, an indicator its 年度指标值 and
no 实际完成值; nothing is scored, and 分值 is optional there (required on a
决算 by validation and rule N9-3, not by the database).

Like every fact of a report, projects and indicators change only while the
report is a draft (disclosure.models.ReportFact), and every change is kept in
their history.
"""

import functools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from disclosure.models import (
    Report,
    ReportFact,
    ensure_facts_editable,
    non_negative,
)
from performance import scoring
from performance.amounts import amount_text
from performance.parsing import Kind, Parsed, comparable, format_number, parse
from performance.scoring import Direction, Grade
from reporting.fields import LimitedTextField, length_check
from reporting.money import AmountField, decimal_sum

SCORE_DIGITS = 5
SCORE_PLACES = 2
GOAL_MAX_LENGTH = 2000
SECTION_MAX_LENGTH = 5000
# Projects one report may publish a self-evaluation of: a 单位 publishes its
# key projects, a handful in practice. With every text at its limit the
# largest report still renders and publishes in seconds (bench/large_texts.py).
MAX_PROJECTS = 10
VALUE_DIGITS = 18
VALUE_PLACES = 4

FUND_SOURCES = (
    ("fiscal", "当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
FUND_STAGES = (
    ("initial", "年初预算数"),
    ("annual", "全年预算数"),
    ("executed", "全年执行数"),
)
FUND_FIELDS = tuple(
    f"{stage}_{source}" for source, _label in FUND_SOURCES for stage, _s in FUND_STAGES
)

# The evaluation report's sections (the seed's 一 … 六), as (field, heading).
REPORT_SECTIONS = (
    ("basic_info", "一、基本情况"),
    ("evaluation_process", "二、绩效评价工作开展情况"),
    ("conclusion", "三、综合评价情况及评价结论"),
    ("indicator_analysis", "四、绩效评价指标分析"),
    ("lessons", "五、主要经验及做法、存在的主要问题及原因分析和建议"),
    ("other_matters", "六、其他需要说明的问题"),
)


def template_sections(template) -> tuple[tuple[str, str], ...]:
    """The REPORT_SECTIONS a report template has (ReportTemplate.performance_sections)."""
    names = template.performance_sections
    return tuple(section for section in REPORT_SECTIONS if section[0] in names)


def score_field(verbose_name, **kwargs):
    kwargs.setdefault("max_digits", SCORE_DIGITS)
    kwargs.setdefault("decimal_places", SCORE_PLACES)
    return models.DecimalField(verbose_name, **kwargs)


def value_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
        editable=False,
    )


def amount_field(verbose_name):
    return AmountField(verbose_name, null=True, blank=True)


def score_within(score: str, weight: str) -> Q:
    return Q(**{f"{score}__gte": 0, f"{score}__lte": F(weight)})


def override_has_reason(score: str, suggested: str, reason: str) -> Q:
    return (
        Q(**{f"{score}__isnull": True})
        | Q(**{f"{suggested}__isnull": True})
        | Q(**{score: F(suggested)})
        | ~Q(**{reason: ""})
    )


def score_errors(
    label: str,
    suggestion: scoring.Suggestion,
    score: Decimal | None,
    override_reason: str,
    weight: Decimal,
    deviation_reason: str | None = None,
) -> dict[str, str]:
    """Entry errors of a score: overrides need a reason, scores below the weight an explanation.

    `deviation_reason` None means the row has no 偏差原因 column (预算执行).
    """
    errors = {}
    suggested = suggestion.score
    override = (override_reason or "").strip()
    if score is None and suggested is None:
        errors["score"] = (
            f"{label}无法按公式计算建议得分（{suggestion.basis}），请填写得分。"
        )
    elif score is not None and suggested is not None and score != suggested:
        if not override:
            errors["override_reason"] = (
                f"{label}的得分 {format_number(score)} 与建议得分 "
                f"{format_number(suggested)}（{suggestion.basis}）不同，请填写调整理由，"
                f"或清空得分以采用建议得分。"
            )
    elif score is None and override:
        errors["score"] = f"{label}填写了调整理由，请同时填写调整后的得分。"
    final = suggested if score is None else score
    if final is not None and final > weight:
        errors["score"] = (
            f"{label}的得分 {format_number(final)} 超过分值 {format_number(weight)}。"
        )
    elif final is not None and final < 0:
        errors["score"] = f"{label}的得分不能为负数。"
    elif (
        deviation_reason is not None
        and final is not None
        and final < weight
        and not deviation_reason.strip()
    ):
        errors["deviation_reason"] = (
            f"{label}的得分 {format_number(final)} 低于分值 {format_number(weight)}，"
            f"请填写偏差原因分析及改进措施。"
        )
    return errors


class Project(ReportFact):
    """One 项目支出绩效自评表 and its evaluation report."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.CASCADE,
        related_name="performance_projects",
    )
    position = models.PositiveSmallIntegerField(
        _("序号"), default=1, help_text=_("项目在报告中的顺序。")
    )
    name = models.CharField(_("项目名称"), max_length=200)
    department = models.CharField(_("主管部门"), max_length=100)
    implementer = models.CharField(_("实施单位"), max_length=100)

    initial_fiscal = amount_field(_("当年财政拨款 年初预算数"))
    annual_fiscal = amount_field(_("当年财政拨款 全年预算数"))
    executed_fiscal = amount_field(_("当年财政拨款 全年执行数"))
    initial_carryover = amount_field(_("上年结转资金 年初预算数"))
    annual_carryover = amount_field(_("上年结转资金 全年预算数"))
    executed_carryover = amount_field(_("上年结转资金 全年执行数"))
    initial_other = amount_field(_("其他资金 年初预算数"))
    annual_other = amount_field(_("其他资金 全年预算数"))
    executed_other = amount_field(_("其他资金 全年执行数"))

    execution_weight = score_field(
        _("预算执行 分值"), default=Decimal("10.00"), help_text=_("默认 10 分。")
    )
    execution_suggested_score = score_field(
        _("预算执行 建议得分"), null=True, blank=True, editable=False
    )
    execution_score = score_field(
        _("预算执行 得分"),
        null=True,
        blank=True,
        help_text=_("留空则采用建议得分：分值 × min(全年执行数 / 全年预算数, 1)。"),
    )
    execution_override_reason = LimitedTextField(
        _("预算执行得分调整理由"),
        max_length=1000,
        blank=True,
        help_text=_("得分与建议得分不同时必须填写。"),
    )

    # A goal is a paragraph; a section of the evaluation report a few pages
    # (the seed's whole report is about 14,000 characters).
    expected_goals = LimitedTextField(
        _("年度总体目标 预期目标"), max_length=GOAL_MAX_LENGTH, blank=True
    )
    achieved_goals = LimitedTextField(
        _("年度总体目标 实际完成情况"), max_length=GOAL_MAX_LENGTH, blank=True
    )

    basic_info = LimitedTextField(
        _("一、基本情况"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    evaluation_process = LimitedTextField(
        _("二、绩效评价工作开展情况"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    conclusion = LimitedTextField(
        _("三、综合评价情况及评价结论"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    indicator_analysis = LimitedTextField(
        _("四、绩效评价指标分析"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    lessons = LimitedTextField(
        _("五、主要经验及做法、存在的主要问题及原因分析和建议"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
    )
    other_matters = LimitedTextField(
        _("六、其他需要说明的问题"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
        help_text=_("没有时留空，公开为“无”。"),
    )

    class Meta:
        verbose_name = _("绩效自评项目")
        verbose_name_plural = _("绩效自评项目")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"],
                name="performance_project_unique_position",
                violation_error_message=_("同一报告中项目序号不能重复。"),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_PROJECTS),
                name="performance_project_position_range",
                violation_error_message=_(
                    "项目序号应为 1 至 %(max)s：每份报告最多公开 %(max)s 个绩效自评项目。"
                )
                % {"max": MAX_PROJECTS},
            ),
            models.UniqueConstraint(
                fields=["report", "name"],
                name="performance_project_unique_name",
                violation_error_message=_("同一报告中项目名称不能重复。"),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="performance_project_position_positive",
                violation_error_message=_("项目序号应从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=non_negative(*FUND_FIELDS),
                name="performance_project_funds_non_negative",
                violation_error_message=_("项目资金不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(execution_weight__gte=0, execution_weight__lte=100),
                name="performance_project_execution_weight_range",
                violation_error_message=_("预算执行分值应在 0 至 100 之间。"),
            ),
            models.CheckConstraint(
                condition=score_within("execution_score", "execution_weight"),
                name="performance_project_execution_score_within_weight",
                violation_error_message=_(
                    "预算执行得分不能为负数，也不能超过预算执行分值。"
                ),
            ),
            models.CheckConstraint(
                condition=score_within("execution_suggested_score", "execution_weight"),
                name="performance_project_execution_suggestion_within_weight",
                violation_error_message=_("预算执行建议得分超出分值范围。"),
            ),
            models.CheckConstraint(
                condition=override_has_reason(
                    "execution_score",
                    "execution_suggested_score",
                    "execution_override_reason",
                ),
                name="performance_project_execution_override_has_reason",
                violation_error_message=_(
                    "预算执行得分与建议得分不同，须填写调整理由。"
                ),
            ),
            length_check("performance_project", "execution_override_reason", 1000),
            length_check("performance_project", "expected_goals", GOAL_MAX_LENGTH),
            length_check("performance_project", "achieved_goals", GOAL_MAX_LENGTH),
            length_check("performance_project", "basic_info", SECTION_MAX_LENGTH),
            length_check(
                "performance_project", "evaluation_process", SECTION_MAX_LENGTH
            ),
            length_check("performance_project", "conclusion", SECTION_MAX_LENGTH),
            length_check(
                "performance_project", "indicator_analysis", SECTION_MAX_LENGTH
            ),
            length_check("performance_project", "lessons", SECTION_MAX_LENGTH),
            length_check("performance_project", "other_matters", SECTION_MAX_LENGTH),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        suggestion = self.execution_suggestion()
        self.execution_suggested_score = suggestion.score
        if suggestion.score is not None and (
            not self.execution_override_reason.strip() or self.execution_score is None
        ):
            self.execution_score = suggestion.score
        super().save(*args, **kwargs)

    def clean(self):
        if self.is_budget:
            # A 预算's project is a 绩效目标: its 年初预算 and goals, nothing executed.
            if self.initial_total is None:
                raise ValidationError(
                    {"initial_fiscal": "请至少填写一项资金来源的年初预算数。"}
                )
            return
        errors = {}
        for source, label in FUND_SOURCES:
            annual = self.fund("annual", source)
            executed = self.fund("executed", source)
            if executed is not None and annual is None:
                errors[f"annual_{source}"] = (
                    f"{label}填写了全年执行数 {amount_text(executed)}，"
                    "请同时填写全年预算数。"
                )
        if self.annual_total is None:
            errors.setdefault("annual_fiscal", "请至少填写一项资金来源的全年预算数。")
        if errors or self.execution_weight is None:
            raise ValidationError(errors)
        fields = {
            "score": "execution_score",
            "override_reason": "execution_override_reason",
        }
        errors = {
            fields[key]: message
            for key, message in score_errors(
                "预算执行",
                self.execution_suggestion(),
                self.execution_score,
                self.execution_override_reason,
                self.execution_weight,
            ).items()
        }
        if errors:
            raise ValidationError(errors)

    @property
    def is_budget(self) -> bool:
        """Whether the project is a 预算's 绩效目标 rather than a 决算's 自评."""
        return self.report_id is not None and self.report.is_budget

    # -- funds ------------------------------------------------------------------

    def fund(self, stage: str, source: str) -> Decimal | None:
        return getattr(self, f"{stage}_{source}")

    def fund_total(self, stage: str) -> Decimal | None:
        """年度资金总额 for a stage: the sum of the three sources; None when none is entered."""
        values = [self.fund(stage, source) for source, _label in FUND_SOURCES]
        if all(v is None for v in values):
            return None
        return decimal_sum(values)

    @property
    def initial_total(self) -> Decimal | None:
        return self.fund_total("initial")

    @property
    def annual_total(self) -> Decimal | None:
        return self.fund_total("annual")

    @property
    def executed_total(self) -> Decimal | None:
        return self.fund_total("executed")

    @property
    def execution_rate(self) -> Decimal | None:
        """全年执行数 / 全年预算数 in percent, two decimals, rounded once."""
        return scoring.execution_rate(self.executed_total, self.annual_total)

    def execution_suggestion(self) -> scoring.Suggestion:
        return scoring.suggest_execution(
            self.executed_total, self.annual_total, self.execution_weight
        )

    # -- indicators and scores --------------------------------------------------

    def ordered_indicators(self) -> list["Indicator"]:
        """Indicators grouped by 一级/二级 in framework order, then by position."""
        return sorted(self.indicators.all(), key=Indicator.sort_key)

    @property
    def weight_total(self) -> Decimal:
        """总分 分值: the execution weight plus every indicator weight (must be 100)."""
        return self.execution_weight + decimal_sum(
            i.weight for i in self.indicators.all()
        )

    @property
    def total_score(self) -> Decimal | None:
        return scoring.total_score(
            self.execution_score, (i.score for i in self.indicators.all())
        )

    @property
    def grade(self) -> Grade | None:
        total = self.total_score
        return None if total is None else scoring.grade(total)

    def category_scores(self) -> dict[str, tuple[Decimal, Decimal | None]]:
        """一级指标 → (Σ 分值, Σ 得分 or None while unscored), in framework order."""
        result: dict[str, tuple[Decimal, Decimal | None]] = {}
        for indicator in self.ordered_indicators():
            weight, score = result.get(indicator.level1, (Decimal(0), Decimal(0)))
            score = (
                None
                if score is None or indicator.score is None
                else score + indicator.score
            )
            result[indicator.level1] = (weight + (indicator.weight or 0), score)
        return result

    def report_sections(self, template=None) -> list[tuple[str, str]]:
        """(heading, text) of the evaluation report, as typed: the sections
        `template` has (default: the report's template)."""
        template = template or self.report.template
        return [
            (heading, getattr(self, name))
            for name, heading in template_sections(template)
        ]


class Level1(models.TextChoices):
    """一级指标, in the order the 自评表 lists them."""

    # 成本指标 as a first-level indicator is the 2021 framework's (财预〔2021〕101号).
    COST = "cost", _("成本指标")
    OUTPUT = "output", _("产出指标")
    BENEFIT = "benefit", _("效益指标")
    SATISFACTION = "satisfaction", _("满意度指标")


class Level2(models.TextChoices):
    """二级指标; LEVEL2_OF says which belong to which 一级指标."""

    ECONOMIC_COST = "economic_cost", _("经济成本指标")
    SOCIAL_COST = "social_cost", _("社会成本指标")
    ECOLOGICAL_COST = "ecological_cost", _("生态环境成本指标")
    QUANTITY = "quantity", _("数量指标")
    QUALITY = "quality", _("质量指标")
    TIMELINESS = "timeliness", _("时效指标")
    COST = "cost", _("成本指标")
    ECONOMIC = "economic", _("经济效益指标")
    SOCIAL = "social", _("社会效益指标")
    ECOLOGICAL = "ecological", _("生态效益指标")
    SUSTAINABLE = "sustainable", _("可持续影响指标")
    SATISFACTION = "satisfaction", _("服务对象满意度指标")


class Operator(models.TextChoices):
    """The comparison of a parsed indicator value (blank: none written)."""

    GE = "≥", "≥"
    LE = "≤", "≤"
    EQ = "=", "="


LEVEL2_OF = {
    Level1.COST: (
        Level2.ECONOMIC_COST,
        Level2.SOCIAL_COST,
        Level2.ECOLOGICAL_COST,
    ),
    Level1.OUTPUT: (
        Level2.QUANTITY,
        Level2.QUALITY,
        Level2.TIMELINESS,
        Level2.COST,
    ),
    Level1.BENEFIT: (
        Level2.ECONOMIC,
        Level2.SOCIAL,
        Level2.ECOLOGICAL,
        Level2.SUSTAINABLE,
    ),
    Level1.SATISFACTION: (Level2.SATISFACTION,),
}
COST_LEVEL2 = {
    Level2.COST,
    Level2.ECONOMIC_COST,
    Level2.SOCIAL_COST,
    Level2.ECOLOGICAL_COST,
}


def _report_ids(project_ids) -> list[int]:
    return list(
        Project.objects.filter(pk__in=set(project_ids)).values_list(
            "report_id", flat=True
        )
    )


class IndicatorQuerySet(models.QuerySet):
    """Bulk writes check the status of the projects' reports (queryset.update skips save())."""

    def update(self, **kwargs):
        ensure_facts_editable(self.values_list("project__report_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        ensure_facts_editable(self.values_list("project__report_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_facts_editable(_report_ids(o.project_id for o in objs))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_facts_editable(_report_ids(o.project_id for o in objs))
        return super().bulk_update(objs, *args, **kwargs)


class Indicator(models.Model):
    """One row of the 绩效指标 block: 一级 / 二级 / 三级, target, actual, weight, score."""

    Level1 = Level1
    Level2 = Level2
    Operator = Operator
    Direction = Direction
    LEVEL2_OF = LEVEL2_OF
    COST_LEVEL2 = COST_LEVEL2

    project = models.ForeignKey(
        Project,
        verbose_name=_("绩效自评项目"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    position = models.PositiveSmallIntegerField(
        _("序号"),
        help_text=_("指标的排列顺序，同一项目内不重复；公开时先按一级、二级指标分组。"),
    )
    level1 = models.CharField(_("一级指标"), max_length=16, choices=Level1.choices)
    level2 = models.CharField(_("二级指标"), max_length=16, choices=Level2.choices)
    name = models.CharField(_("三级指标"), max_length=200)
    target_text = models.CharField(
        _("年度指标值"),
        max_length=100,
        help_text=_("按自评表原样填写，例如 ≥2次、95%、148万元、推动。"),
    )
    target_operator = models.CharField(
        _("年度指标值 比较符"),
        max_length=1,
        choices=Operator.choices,
        blank=True,
        editable=False,
    )
    target_value = value_field(_("年度指标值 数值"))
    target_unit = models.CharField(
        _("年度指标值 单位"), max_length=16, blank=True, editable=False
    )
    actual_text = models.CharField(
        _("实际完成值"),
        max_length=100,
        blank=True,
        help_text=_("按自评表原样填写，例如 2次、99.35%、达成；预算的绩效目标不填。"),
    )
    actual_operator = models.CharField(
        _("实际完成值 比较符"),
        max_length=1,
        choices=Operator.choices,
        blank=True,
        editable=False,
    )
    actual_value = value_field(_("实际完成值 数值"))
    actual_unit = models.CharField(
        _("实际完成值 单位"), max_length=16, blank=True, editable=False
    )
    direction = models.CharField(
        _("指标方向"),
        max_length=16,
        choices=Direction.choices,
        blank=True,
        help_text=_(
            "正向：越大越好；反向：越小越好（如成本）；定性：按是否达成计分。"
            "留空则按年度指标值自动判断。"
        ),
    )
    # Optional in the database: a 预算's 项目绩效目标表 has no 分值 column.
    # A 决算's 自评表 needs one; Indicator.clean and rule N9-3 say so.
    weight = score_field(
        _("分值"),
        null=True,
        blank=True,
        help_text=_("决算自评表必填；预算的绩效目标可不填。"),
    )
    suggested_score = score_field(_("建议得分"), null=True, blank=True, editable=False)
    score = score_field(
        _("得分"),
        null=True,
        blank=True,
        help_text=_("留空则采用建议得分；填写不同的得分须同时填写调整理由。"),
    )
    override_reason = LimitedTextField(
        _("得分调整理由"),
        max_length=1000,
        blank=True,
        help_text=_("得分与按公式计算的建议得分不同时必须填写。"),
    )
    deviation_reason = LimitedTextField(
        _("偏差原因分析及改进措施"),
        max_length=2000,
        blank=True,
        help_text=_("得分低于分值时必须填写。"),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("绩效指标")
        verbose_name_plural = _("绩效指标")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "position"],
                name="performance_indicator_unique_position",
                violation_error_message=_("同一项目中指标序号不能重复。"),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="performance_indicator_position_positive",
                violation_error_message=_("指标序号应从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=100),
                name="performance_indicator_weight_range",
                violation_error_message=_("分值应大于 0 且不超过 100。"),
            ),
            models.CheckConstraint(
                condition=score_within("score", "weight"),
                name="performance_indicator_score_within_weight",
                violation_error_message=_("得分不能为负数，也不能超过分值。"),
            ),
            models.CheckConstraint(
                condition=score_within("suggested_score", "weight"),
                name="performance_indicator_suggestion_within_weight",
                violation_error_message=_("建议得分超出分值范围。"),
            ),
            models.CheckConstraint(
                condition=override_has_reason(
                    "score", "suggested_score", "override_reason"
                ),
                name="performance_indicator_override_has_reason",
                violation_error_message=_("得分与建议得分不同，须填写调整理由。"),
            ),
            models.CheckConstraint(
                condition=non_negative("target_value", "actual_value"),
                name="performance_indicator_values_non_negative",
                violation_error_message=_("指标值不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(
                    *(
                        Q(level1=level1, level2__in=list(level2s))
                        for level1, level2s in LEVEL2_OF.items()
                    ),
                    _connector=Q.OR,
                ),
                name="performance_indicator_level2_matches_level1",
                violation_error_message=_("二级指标不属于所选的一级指标。"),
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values),
                name="performance_indicator_direction_valid",
                violation_error_message=_("指标方向应为正向、反向或定性。"),
            ),
            length_check("performance_indicator", "override_reason", 1000),
            length_check("performance_indicator", "deviation_reason", 2000),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        target, actual = self.parsed_target, self.parsed_actual
        self.target_operator = target.operator
        self.target_value = target.number
        self.target_unit = target.unit
        self.actual_operator = actual.operator
        self.actual_value = actual.number
        self.actual_unit = actual.unit
        if not self.direction:
            self.direction = self.inferred_direction()
        suggestion = self.suggestion()
        self.suggested_score = suggestion.score
        # Without a reasoned override the formula decides; with no formula
        # (unclear qualitative wording) the accountant's score stands.
        if suggestion.score is not None and (
            not self.override_reason.strip() or self.score is None
        ):
            self.score = suggestion.score
        ensure_facts_editable(_report_ids([self.project_id]))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ensure_facts_editable(_report_ids([self.project_id]))
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        # A 预算's indicator is a target: no 实际完成值, no score, 分值 optional.
        budget = self.on_budget
        target, actual = self.parsed_target, self.parsed_actual
        label = f"指标“{self.name}”" if self.name else "该指标"
        typed = [("target_text", target, "年度指标值")]
        if not budget:
            typed.append(("actual_text", actual, "实际完成值"))
        for field, parsed, title in typed:
            if not parsed.recognised:
                errors[field] = f"{label}的{title}{parsed.describe()}"
            elif parsed.kind == Kind.EMPTY:
                errors[field] = f"请填写{label}的{title}。"
        if self.level1 and self.level2:
            if self.level2 not in self.LEVEL2_OF.get(self.level1, ()):
                errors["level2"] = (
                    f"二级指标“{self.get_level2_display()}”不属于一级指标"
                    f"“{self.get_level1_display()}”。"
                )
        if errors:
            raise ValidationError(errors)

        # Blank means "judge from the target"; the constraint wants a value.
        self.direction = self.direction or self.inferred_direction()
        numeric = self.direction in (Direction.POSITIVE, Direction.REVERSE)
        if numeric and target.is_qualitative:
            errors["direction"] = (
                f"{label}的年度指标值“{target.text}”是定性表述，"
                f"不能按{Direction(self.direction).label}指标计分，请选择“定性”。"
            )
        elif numeric and not budget and target.is_number and actual.is_number:
            if not comparable(target, actual):
                errors["actual_text"] = (
                    f"{label}的实际完成值单位“{actual.unit}”与年度指标值单位"
                    f"“{target.unit}”不一致，无法计算完成比例。"
                )
        if errors:
            raise ValidationError(errors)
        if budget:
            return
        if self.weight is None:
            raise ValidationError(
                {"weight": f"请填写{label}的分值：决算自评表的每个指标都有分值。"}
            )
        errors.update(
            score_errors(
                label,
                self.suggestion(),
                self.score,
                self.override_reason,
                self.weight,
                self.deviation_reason,
            )
        )
        if errors:
            raise ValidationError(errors)

    # -- derived ----------------------------------------------------------------

    @property
    def on_budget(self) -> bool:
        """Whether the indicator is a 预算's target (its project's report is a 预算)."""
        try:
            project = self.project
        except Project.DoesNotExist:
            return False
        return project.is_budget

    @property
    def parsed_target(self) -> Parsed:
        return parse(self.target_text)

    @property
    def parsed_actual(self) -> Parsed:
        return parse(self.actual_text)

    @property
    def is_cost(self) -> bool:
        return self.level1 == self.Level1.COST or self.level2 in self.COST_LEVEL2

    def inferred_direction(self) -> Direction:
        return scoring.infer_direction(self.parsed_target, cost=self.is_cost)

    def suggestion(self) -> scoring.Suggestion:
        if self.on_budget:
            return scoring.Suggestion(None, "预算的绩效目标不评分")
        if self.weight is None:
            return scoring.Suggestion(None, "未填写分值")
        return scoring.suggest(
            self.direction or self.inferred_direction(),
            self.parsed_target,
            self.parsed_actual,
            self.weight,
        )

    @property
    def below_weight(self) -> bool:
        return (
            self.score is not None
            and self.weight is not None
            and self.score < self.weight
        )

    @staticmethod
    def sort_key(indicator: "Indicator"):
        level1, level2 = _framework_order()
        return (
            level1.get(indicator.level1, 99),
            level2.get(indicator.level2, 99),
            indicator.position,
        )

    @property
    def group_label(self) -> str:
        """ "产出指标 · 数量指标", the heading of the grid group this row belongs to."""
        return f"{self.get_level1_display()} · {self.get_level2_display()}"


@functools.cache
def _framework_order() -> tuple[dict[str, int], dict[str, int]]:
    """一级 and 二级 indicator values → their position in the framework."""
    return (
        {value: i for i, value in enumerate(Indicator.Level1.values)},
        {value: i for i, value in enumerate(Indicator.Level2.values)},
    )
