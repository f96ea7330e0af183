"""Reference data (years, classification codes), reports and their facts.

Each figure is stored once (architecture §2.1). Subtotals, totals, tables and
sentences are computed from these facts, never stored.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reporting.fields import LimitedTextField, length_check
from reporting.money import AmountField
from units.models import Unit

FUNCTION_CODE_PATTERN = r"^[0-9]{3}([0-9]{2}){0,2}$"
ECONOMIC_CODE_PATTERN = r"^[0-9]{3}([0-9]{2})?$"
REASON_KEY_PATTERN = r"^[a-z_]+(:[a-z0-9_]+)*$"
# A 原因说明 is a sentence or two (the seed's longest is under 200 characters).
REASON_MAX_LENGTH = 1000


INCOME_FIELDS = (
    "general_budget",
    "gov_fund",
    "state_capital",
    "superior_grant",
    "business",
    "operating",
    "affiliate",
    "other",
)
EXPENDITURE_FIELDS = ("basic", "project", "to_superior", "operating", "to_affiliates")
FISCAL_FIELDS = (
    "basic",
    "project",
    "budget_initial",
    "opening_balance",
    "closing_balance",
)
THREE_PUBLIC_ITEMS = ("abroad", "reception", "vehicle_purchase", "vehicle_operation")
THREE_PUBLIC_FIELDS = tuple(
    f"{kind}_{item}" for kind in ("budget", "actual") for item in THREE_PUBLIC_ITEMS
)
PROCUREMENT_FIELDS = (
    "goods",
    "works",
    "services",
    "sme_goods",
    "sme_works",
    "sme_services",
    "small_micro",
)


def validate_template_code(code: str) -> None:
    from disclosure.report_templates import TEMPLATES

    if code and code not in TEMPLATES:
        raise ValidationError(
            _("没有编码为 %(code)s 的公开模板；可用的模板见 manage.py templates。"),
            params={"code": code},
        )


def non_negative(*fields: str) -> Q:
    return Q(**{f"{name}__gte": 0 for name in fields})


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)

    class Meta:
        verbose_name = _("财政年度")
        verbose_name_plural = _("财政年度")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="disclosure_fiscalyear_range",
                violation_error_message=_("年度应在 2000 至 2100 之间。"),
            ),
        ]

    def __str__(self):
        return f"{self.year} 年度"


class FunctionCode(models.Model):
    """支出功能分类科目: 类 (3 digits) / 款 (5) / 项 (7), one list per fiscal year."""

    class Level(models.IntegerChoices):
        CLASS = 1, _("类")
        SECTION = 2, _("款")
        ITEM = 3, _("项")

    class Budget(models.TextChoices):
        GENERAL = "general", _("一般公共预算")
        GOV_FUND = "gov_fund", _("政府性基金预算")
        STATE_CAPITAL = "state_capital", _("国有资本经营预算")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("年度"),
        on_delete=models.PROTECT,
        related_name="function_codes",
    )
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级次"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    budget = models.CharField(
        _("预算类别"),
        max_length=16,
        choices=Budget.choices,
        blank=True,
        help_text=_(
            "科目所属的预算（一般公共预算、政府性基金预算或国有资本经营预算）。"
        ),
    )

    class Meta:
        verbose_name = _("支出功能分类科目")
        verbose_name_plural = _("支出功能分类科目")
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                name="disclosure_functioncode_unique_year_code",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=1, code__regex=r"^[0-9]{3}$")
                    | Q(level=2, code__regex=r"^[0-9]{5}$")
                    | Q(level=3, code__regex=r"^[0-9]{7}$")
                ),
                name="disclosure_functioncode_format_matches_level",
                violation_error_message=_(
                    "功能分类科目编码应为 3 位（类）、5 位（款）或 7 位（项）数字，并与级次一致。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def class_code(self) -> str:
        return self.code[:3]


class EconomicCode(models.Model):
    """支出经济分类科目: 类 (3 digits) / 款 (5), per fiscal year and scheme."""

    class Scheme(models.TextChoices):
        DEPARTMENT = "dept", _("部门预算支出经济分类")
        GOVERNMENT = "gov", _("政府预算支出经济分类")

    class Level(models.IntegerChoices):
        CLASS = 1, _("类")
        SECTION = 2, _("款")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("年度"),
        on_delete=models.PROTECT,
        related_name="economic_codes",
    )
    scheme = models.CharField(_("分类体系"), max_length=8, choices=Scheme.choices)
    code = models.CharField(_("科目编码"), max_length=5)
    name = models.CharField(_("科目名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级次"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("支出经济分类科目")
        verbose_name_plural = _("支出经济分类科目")
        ordering = ["fiscal_year", "scheme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "scheme", "code"],
                name="disclosure_economiccode_unique_year_scheme_code",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=1, code__regex=r"^[0-9]{3}$")
                    | Q(level=2, code__regex=r"^[0-9]{5}$")
                ),
                name="disclosure_economiccode_format_matches_level",
                violation_error_message=_(
                    "经济分类科目编码应为 3 位（类）或 5 位（款）数字，并与级次一致。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class ReportQuerySet(models.QuerySet):
    """Bulk writes keep the promise of `Report.save`: nothing printed changes past draft."""

    def update(self, **kwargs):
        ensure_reports_editable(self, list(kwargs))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        ensure_reports_editable(self.filter(pk__in=[o.pk for o in objs]), fields)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def delete(self):
        ensure_reports_editable(self, None)
        return super().delete()

    def published(self):
        """The current revision of each published report: one per unit and year."""
        return self.filter(status=Report.Status.PUBLISHED)

    def public(self):
        """Every revision the public may read: the current one and those it corrected."""
        return self.filter(status__in=Report.PUBLIC_STATUSES)

    def for_user(self, user):
        from units.selectors import unit_scope_q

        q = unit_scope_q(user, prefix="unit__")
        return self if q is None else self.filter(q)


class Report(models.Model):
    """One unit's 决算公开 for one fiscal year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已公开")
        # A published revision after a later revision (更正) has been published.
        SUPERSEDED = "superseded", _("已更正")

    class AmountUnit(models.TextChoices):
        WAN_YUAN = "wan_yuan", _("万元")
        YUAN = "yuan", _("元")

    # The only status moves; each is made by one service in disclosure/workflow.py.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.DRAFT, Status.APPROVED},
        Status.APPROVED: {Status.PUBLISHED, Status.DRAFT},
        Status.PUBLISHED: {Status.SUPERSEDED},
        Status.SUPERSEDED: set(),
    }
    # What a report prints, or what identifies it: fixed once it leaves draft
    # (the facts are locked by ReportFact). Status moves only through the
    # workflow services, which never touch these fields.
    LOCKED_FIELDS = frozenset(
        {
            "unit",
            "unit_id",
            "fiscal_year",
            "fiscal_year_id",
            "amount_unit",
            "template_variant",
            "approval_date",
            "data_note",
            "revision",
            "corrects",
            "corrects_id",
            "correction_note",
            "status",
        }
    )
    # What the public may read: the current revision and every earlier one.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED)
    # At most one revision of a unit's year is being worked on at a time.
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="reports"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("年度"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    amount_unit = models.CharField(
        _("金额单位"),
        max_length=16,
        choices=AmountUnit.choices,
        default=AmountUnit.WAN_YUAN,
    )
    # A code of disclosure.report_templates; templates are data there, so
    # adding one needs no migration. Filled in on creation when left empty.
    template_variant = models.CharField(
        _("公开模板"),
        max_length=32,
        blank=True,
        validators=[validate_template_code],
        help_text=_(
            "留空则按单位所在地区和报告年度选用默认模板；草稿可以改换模板，数据不变。"
        ),
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    # A correction (更正) of a published report is a new revision of it, with its
    # own copy of the facts; the earlier revision stays published until the
    # correction is, and is then kept, read-only, as "已更正".
    revision = models.PositiveSmallIntegerField(_("版次"), default=1, editable=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的版本"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_note = LimitedTextField(
        _("更正说明"),
        max_length=2000,
        blank=True,
        editable=False,
        help_text=_("更正的内容和原因，随更正后的报告公开。"),
    )
    superseded_at = models.DateTimeField(
        _("被更正时间"), null=True, blank=True, editable=False
    )
    approval_date = models.DateField(
        _("批复日期"),
        null=True,
        blank=True,
        help_text=_("决算批复日期；公开期限为批复后 20 日。"),
    )
    data_note = LimitedTextField(
        _("数据说明"),
        max_length=1000,
        blank=True,
        help_text=_("随报告公开的数据来源说明，例如“示例数据”“明细按合计数拟定”。"),
    )
    submitted_at = models.DateTimeField(
        _("提交时间"), null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(
        _("审核通过时间"), null=True, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(
        _("公开时间"), null=True, blank=True, editable=False
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Attestations recorded by the supervisor on approval and shown to the public.
    secrecy_reviewer = models.CharField(
        _("保密审查人"), max_length=50, blank=True, editable=False
    )
    secrecy_reviewed_on = models.DateField(
        _("保密审查日期"), null=True, blank=True, editable=False
    )
    head_signer = models.CharField(
        _("主要负责人（审签）"), max_length=50, blank=True, editable=False
    )
    head_signed_on = models.DateField(
        _("主要负责人审签日期"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("决算报告")
        verbose_name_plural = _("决算报告")
        ordering = ["-fiscal_year__year", "unit__path"]
        permissions = [
            ("submit_report", _("提交决算报告")),
            ("review_report", _("审核决算报告（退回或通过）")),
            ("publish_report", _("公开决算报告")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "revision"],
                name="disclosure_report_unique_unit_year_revision",
                violation_error_message=_(
                    "该单位该年度已有决算报告；已公开的报告如需修改，请在其审核检查页发起更正。"
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "fiscal_year"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="disclosure_report_one_open_revision",
                violation_error_message=_(
                    "该单位该年度已有一份正在填报或审核的决算报告。"
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "fiscal_year"],
                condition=Q(status="published"),
                name="disclosure_report_one_published_revision",
                violation_error_message=_("该单位该年度只能有一份现行公开的决算报告。"),
            ),
            models.CheckConstraint(
                condition=Q(revision=1, corrects__isnull=True)
                | (Q(revision__gt=1, corrects__isnull=False) & ~Q(correction_note="")),
                name="disclosure_report_correction_has_note",
                violation_error_message=_(
                    "更正版本必须指明所更正的版本并填写更正说明；第 1 版不是更正。"
                ),
            ),
            length_check("disclosure_report", "correction_note", 2000),
            length_check("disclosure_report", "data_note", 1000),
        ]

    def __str__(self):
        title = f"{self.unit.name} {self.fiscal_year.year} 年度决算"
        return title if self.revision == 1 else f"{title}（第 {self.revision} 版）"

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None and not _unlocked.get():
            self._ensure_printed_fields_unchanged(kwargs.get("update_fields"))
        if not self.template_variant:
            self.template_variant = self.default_template().code
        super().save(*args, **kwargs)

    def default_template(self):
        """The newest template of the unit's region for the report's year."""
        from disclosure.report_templates import Kind, Level, default_template

        return default_template(
            self.unit.region, Level.UNIT, Kind.FINAL, self.fiscal_year.year
        )

    @property
    def template(self):
        from disclosure.report_templates import template_for

        return template_for(self)

    def delete(self, *args, **kwargs):
        ensure_reports_editable(Report.objects.filter(pk=self.pk), None)
        return super().delete(*args, **kwargs)

    def _ensure_printed_fields_unchanged(self, update_fields) -> None:
        """Past draft, refuse a save that would change what the report prints.

        The status itself is moved by the workflow services with `update_fields`
        naming only the status and its audit fields, so they pass here without
        a query; any other save compares with the row as stored.
        """
        names = [
            f.attname
            for f in self._meta.concrete_fields
            if f.name in self.LOCKED_FIELDS
            and not (f.name == "status" and _transition.get())
        ]
        if update_fields is not None:
            wanted = set(update_fields)
            names = [n for n in names if n in wanted or n.removesuffix("_id") in wanted]
            if not names:
                return
        stored = Report.objects.filter(pk=self.pk).values("status", *names).first()
        if stored is None:
            return
        if "status" in names and stored["status"] != self.status:
            raise ReportLocked(
                f"“{self}”的状态只能通过提交、退回、审核、公开和更正改变。"
            )
        if stored["status"] == self.Status.DRAFT:
            return
        changed = [n for n in names if stored[n] != getattr(self, n)]
        if changed:
            labels = "、".join(
                str(self._meta.get_field(n.removesuffix("_id")).verbose_name)
                for n in changed
            )
            raise ReportLocked(
                f"“{self}”状态为“{self.Status(stored['status']).label}”，"
                f"其{labels}不能修改。"
            )

    @property
    def year(self) -> int:
        return self.fiscal_year.year

    @property
    def facts_locked(self) -> bool:
        """Facts change only in draft: submitted and approved are read-only, published immutable."""
        return self.status != self.Status.DRAFT


class ReportLocked(Exception):
    """A write to what a report prints while the report is not a draft."""


# Set only by the demo and synthetic data generators (`generated_data_reset`),
# which delete and reload whole sets of their own published reports.
_unlocked = contextvars.ContextVar("disclosure_reports_unlocked", default=False)


@contextlib.contextmanager
def generated_data_reset():
    """Lift the locks below for a generator replacing its own generated reports.

    No view, form, import or command that handles real reports uses it.
    """
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)


# Set by the workflow services (`status_transition`) while they move a status.
_transition = contextvars.ContextVar("disclosure_report_transition", default=False)


@contextlib.contextmanager
def status_transition():
    """Allow `Report.status` to change: only disclosure/workflow.py enters this."""
    token = _transition.set(True)
    try:
        yield
    finally:
        _transition.reset(token)


def ensure_reports_editable(reports, fields) -> None:
    """Refuse a bulk write of `fields` (None: a deletion) to reports past draft.

    A bulk write of the status is refused whatever the reports' state: status
    moves go through the workflow services, one report at a time.
    """
    if _unlocked.get():
        return
    if fields is not None:
        fields = [name for name in fields if name in Report.LOCKED_FIELDS]
        if not fields:
            return
        if "status" in fields:
            raise ReportLocked("报告状态只能通过提交、退回、审核、公开和更正改变。")
    locked = reports.exclude(status=Report.Status.DRAFT).select_related(
        "unit", "fiscal_year"
    )[:1]
    for report in locked:
        action = "删除" if fields is None else "修改"
        raise ReportLocked(
            f"“{report}”状态为“{report.get_status_display()}”，不能{action}。"
        )


def ensure_facts_editable(report_ids) -> None:
    if _unlocked.get():
        return
    locked = list(
        Report.objects.filter(pk__in=set(report_ids))
        .exclude(status=Report.Status.DRAFT)
        .select_related("unit", "fiscal_year")[:1]
    )
    if locked:
        report = locked[0]
        raise ReportLocked(
            f"“{report}”状态为“{report.get_status_display()}”，其数据不能修改。"
        )


def profile_lock_message(pairs) -> str | None:
    """Why the unit profiles of `pairs` ((unit id, year)) may not change, or None.

    A profile is printed by its year's report (第一部分, 人均 figures): it is
    fixed once a report of that year has left draft, unless a correction of
    it is a draft now (the correction prints the profile as it will be).
    """
    if _unlocked.get():
        return None
    q = Q()
    for unit_id, year in pairs:
        q |= Q(unit_id=unit_id, fiscal_year__year=year)
    states: dict[tuple[int, int], set] = {}
    for unit_id, year, status in Report.objects.filter(q).values_list(
        "unit_id", "fiscal_year__year", "status"
    ):
        states.setdefault((unit_id, year), set()).add(status)
    for (unit_id, year), statuses in sorted(states.items()):
        if Report.Status.DRAFT in statuses:
            continue
        report = (
            Report.objects.filter(unit_id=unit_id, fiscal_year__year=year)
            .select_related("unit", "fiscal_year")
            .order_by("-revision")
            .first()
        )
        return (
            f"{year} 年度单位概况已由“{report}”（{report.get_status_display()}）"
            "使用，不能修改；如需更正，请先对该报告发起更正。"
        )
    return None


class FactQuerySet(models.QuerySet):
    """Bulk writes check the reports' status too (queryset.update skips save())."""

    def update(self, **kwargs):
        ensure_facts_editable(self.values_list("report_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        ensure_facts_editable(self.values_list("report_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_facts_editable(o.report_id for o in objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_facts_editable(o.report_id for o in objs)
        return super().bulk_update(objs, *args, **kwargs)


class DraftOnly(models.Model):
    """Base of everything a report prints that hangs on it: writes only in draft.

    This holds whatever the entry point — admin, grid, import, shell — because
    it sits on the model and its queryset, not in a view.
    """

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_editable()
        return super().delete(*args, **kwargs)

    def _ensure_editable(self):
        # The cached report may be stale; read its status from the database.
        ensure_facts_editable([self.report_id])


class ReportFact(DraftOnly):
    """Base of every fact model: draft-only, and copied into a correction."""

    # Every change of every fact is kept with who and when (each concrete fact model
    # gets its own historical table).
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class FactLine(ReportFact):
    """A row of figures keyed by 功能分类 code. Subtotals are never stored."""

    report = models.ForeignKey(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )
    function_code = models.ForeignKey(
        FunctionCode, verbose_name=_("功能分类科目"), on_delete=models.PROTECT
    )

    class Meta:
        abstract = True

    def clean(self):
        if (
            self.report_id
            and self.function_code_id
            and self.function_code.fiscal_year_id != self.report.fiscal_year_id
        ):
            raise ValidationError(
                {
                    "function_code": _("科目 %(code)s 不属于本报告年度的科目表。")
                    % {"code": self.function_code.code}
                }
            )


class IncomeLine(FactLine):
    """收入 by source, per function code (feeds 公开01表 left, 02表, 04表 left)."""

    AMOUNT_FIELDS = INCOME_FIELDS

    general_budget = AmountField(_("一般公共预算财政拨款收入"), default=0)
    gov_fund = AmountField(_("政府性基金预算财政拨款收入"), default=0)
    state_capital = AmountField(_("国有资本经营预算财政拨款收入"), default=0)
    superior_grant = AmountField(_("上级补助收入"), default=0)
    business = AmountField(_("事业收入"), default=0)
    operating = AmountField(_("经营收入"), default=0)
    affiliate = AmountField(_("附属单位上缴收入"), default=0)
    other = AmountField(_("其他收入"), default=0)

    class Meta:
        verbose_name = _("收入明细")
        verbose_name_plural = _("收入明细")
        ordering = ["function_code__code"]
        default_related_name = "income_lines"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "function_code"],
                name="disclosure_incomeline_unique_code",
            ),
            models.CheckConstraint(
                condition=non_negative(*INCOME_FIELDS),
                name="disclosure_incomeline_non_negative",
                violation_error_message=_("收入金额不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.report} · 收入 · {self.function_code.code}"


class ExpenditureLine(FactLine):
    """支出 by kind, per function code (feeds 公开01表 right, 03表)."""

    AMOUNT_FIELDS = EXPENDITURE_FIELDS

    basic = AmountField(_("基本支出"), default=0)
    project = AmountField(_("项目支出"), default=0)
    to_superior = AmountField(_("上缴上级支出"), default=0)
    operating = AmountField(_("经营支出"), default=0)
    to_affiliates = AmountField(_("对附属单位补助支出"), default=0)

    class Meta:
        verbose_name = _("支出明细")
        verbose_name_plural = _("支出明细")
        ordering = ["function_code__code"]
        default_related_name = "expenditure_lines"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "function_code"],
                name="disclosure_expenditureline_unique_code",
            ),
            models.CheckConstraint(
                condition=non_negative(*EXPENDITURE_FIELDS),
                name="disclosure_expenditureline_non_negative",
                violation_error_message=_("支出金额不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.report} · 支出 · {self.function_code.code}"


class Fund(models.TextChoices):
    GENERAL = "general", _("一般公共预算财政拨款")
    GOV_FUND = "gov_fund", _("政府性基金预算财政拨款")
    STATE_CAPITAL = "state_capital", _("国有资本经营预算财政拨款")


class FiscalExpenditureLine(FactLine):
    """财政拨款 spending per fund and function code, with 年初预算 and carry-over balances.

    Feeds 公开04表 right (and its per-fund balances), 05表, 07表, 08表 and the
    completion-rate sentences of 第三部分 §三.
    """

    AMOUNT_FIELDS = FISCAL_FIELDS

    fund = models.CharField(_("资金来源"), max_length=16, choices=Fund.choices)
    basic = AmountField(_("基本支出"), default=0)
    project = AmountField(_("项目支出"), default=0)
    budget_initial = AmountField(
        _("年初预算数"),
        default=0,
        help_text=_("不在公开表中列示，用于完成年初预算情况的说明。"),
    )
    opening_balance = AmountField(_("年初财政拨款结转和结余"), default=0)
    closing_balance = AmountField(_("年末财政拨款结转和结余"), default=0)

    class Meta:
        verbose_name = _("财政拨款支出明细")
        verbose_name_plural = _("财政拨款支出明细")
        ordering = ["fund", "function_code__code"]
        default_related_name = "fiscal_lines"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "fund", "function_code"],
                name="disclosure_fiscalline_unique_fund_code",
            ),
            models.CheckConstraint(
                condition=non_negative(*FISCAL_FIELDS),
                name="disclosure_fiscalline_non_negative",
                violation_error_message=_(
                    "财政拨款支出、预算和结转结余金额不能为负数。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.report} · {self.get_fund_display()} · {self.function_code.code}"


class BasicExpenditureLine(ReportFact):
    """一般公共预算财政拨款基本支出 per 经济分类 款 (feeds 公开06表 and §四)."""

    report = models.ForeignKey(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )
    economic_code = models.ForeignKey(
        EconomicCode, verbose_name=_("经济分类科目"), on_delete=models.PROTECT
    )
    amount = AmountField(_("决算数"), default=0)

    class Meta:
        verbose_name = _("基本支出经济分类明细")
        verbose_name_plural = _("基本支出经济分类明细")
        ordering = ["economic_code__code"]
        default_related_name = "basic_lines"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "economic_code"],
                name="disclosure_basicline_unique_code",
            ),
            models.CheckConstraint(
                condition=non_negative("amount"),
                name="disclosure_basicline_non_negative",
                violation_error_message=_("基本支出金额不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.report} · 基本支出 · {self.economic_code.code}"


class ReportFacts(ReportFact):
    """Base class of the one-per-report fact groups. A missing row means "not entered"."""

    report = models.OneToOneField(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )

    class Meta:
        abstract = True


class Balances(ReportFacts):
    """Unit-wide carry-over balances of 公开01表 (fiscal balances per fund are on the fiscal lines)."""

    # Carry-over balances and 结余分配 can be negative (an operating deficit); rule
    # ALL-1 warns instead of the database refusing them.
    SIGNED_FIELDS = ("opening_total", "surplus_distribution", "closing_total")

    opening_total = AmountField(_("年初结转和结余"), default=0)
    non_fiscal_surplus_used = AmountField(_("使用非财政拨款结余"), default=0)
    surplus_distribution = AmountField(_("结余分配"), default=0)
    closing_total = AmountField(_("年末结转和结余"), default=0)

    class Meta:
        verbose_name = _("结转结余")
        verbose_name_plural = _("结转结余")
        default_related_name = "balances"
        constraints = [
            models.CheckConstraint(
                condition=non_negative("non_fiscal_surplus_used"),
                name="disclosure_balances_non_fiscal_surplus_non_negative",
                violation_error_message=_("使用非财政拨款结余不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.report} · 结转结余"


class ThreePublicExpenses(ReportFacts):
    """财政拨款“三公”经费: 全年预算数 and 决算数 per item, with physical counts (公开09表, §五)."""

    ITEMS = THREE_PUBLIC_ITEMS
    AMOUNT_FIELDS = THREE_PUBLIC_FIELDS

    budget_abroad = AmountField(_("因公出国（境）费 全年预算数"), default=0)
    budget_reception = AmountField(_("公务接待费 全年预算数"), default=0)
    budget_vehicle_purchase = AmountField(_("公务用车购置费 全年预算数"), default=0)
    budget_vehicle_operation = AmountField(
        _("公务用车运行维护费 全年预算数"), default=0
    )
    actual_abroad = AmountField(_("因公出国（境）费 决算数"), default=0)
    actual_reception = AmountField(_("公务接待费 决算数"), default=0)
    actual_vehicle_purchase = AmountField(_("公务用车购置费 决算数"), default=0)
    actual_vehicle_operation = AmountField(_("公务用车运行维护费 决算数"), default=0)
    abroad_groups = models.PositiveIntegerField(_("因公出国（境）团组数"), default=0)
    abroad_people = models.PositiveIntegerField(_("因公出国（境）人次"), default=0)
    reception_batches = models.PositiveIntegerField(_("国内公务接待批次"), default=0)
    reception_people = models.PositiveIntegerField(_("国内公务接待人次"), default=0)
    foreign_reception_batches = models.PositiveIntegerField(
        _("其中外事接待批次"), default=0
    )
    foreign_reception_people = models.PositiveIntegerField(
        _("其中外事接待人次"), default=0
    )
    vehicles_purchased = models.PositiveIntegerField(_("购置公务用车辆数"), default=0)
    vehicles_held = models.PositiveIntegerField(_("年末公务用车保有量"), default=0)

    class Meta:
        verbose_name = _("“三公”经费")
        verbose_name_plural = _("“三公”经费")
        default_related_name = "three_public"
        constraints = [
            models.CheckConstraint(
                condition=non_negative(*THREE_PUBLIC_FIELDS),
                name="disclosure_threepublic_non_negative",
                violation_error_message=_("“三公”经费金额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(foreign_reception_batches__lte=F("reception_batches"))
                & Q(foreign_reception_people__lte=F("reception_people")),
                name="disclosure_threepublic_foreign_within_total",
                violation_error_message=_(
                    "外事接待批次、人次不能大于国内公务接待批次、人次。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.report} · “三公”经费"


class AssetHolding(ReportFacts):
    """国有资产占用: vehicles by category and equipment ≥ 100 万元 (公开10表)."""

    VEHICLE_FIELDS = (
        "vehicles_ministerial",
        "vehicles_leader",
        "vehicles_confidential",
        "vehicles_emergency",
        "vehicles_law_enforcement",
        "vehicles_special",
        "vehicles_retired_cadre",
        "vehicles_other",
    )

    vehicles_ministerial = models.PositiveIntegerField(
        _("副部（省）级及以上领导用车"), default=0
    )
    vehicles_leader = models.PositiveIntegerField(_("主要领导干部用车"), default=0)
    vehicles_confidential = models.PositiveIntegerField(_("机要通信用车"), default=0)
    vehicles_emergency = models.PositiveIntegerField(_("应急保障用车"), default=0)
    vehicles_law_enforcement = models.PositiveIntegerField(_("执法执勤用车"), default=0)
    vehicles_special = models.PositiveIntegerField(_("特种专业技术用车"), default=0)
    vehicles_retired_cadre = models.PositiveIntegerField(_("离退休干部用车"), default=0)
    vehicles_other = models.PositiveIntegerField(_("其他用车"), default=0)
    equipment_over_million = models.PositiveIntegerField(
        _("单价 100 万元（含）以上设备（不含车辆）"), default=0
    )

    class Meta:
        verbose_name = _("国有资产占用")
        verbose_name_plural = _("国有资产占用")
        default_related_name = "assets"

    def __str__(self):
        return f"{self.report} · 国有资产占用"

    @property
    def vehicles_total(self) -> int:
        return sum(getattr(self, name) for name in self.VEHICLE_FIELDS)


class Procurement(ReportFacts):
    """政府采购 by category with 中小企业 / 小微企业 contract amounts (§七)."""

    AMOUNT_FIELDS = PROCUREMENT_FIELDS

    goods = AmountField(_("政府采购货物支出"), default=0)
    works = AmountField(_("政府采购工程支出"), default=0)
    services = AmountField(_("政府采购服务支出"), default=0)
    sme_goods = AmountField(_("货物采购授予中小企业合同金额"), default=0)
    sme_works = AmountField(_("工程采购授予中小企业合同金额"), default=0)
    sme_services = AmountField(_("服务采购授予中小企业合同金额"), default=0)
    small_micro = AmountField(_("授予小微企业合同金额"), default=0)

    class Meta:
        verbose_name = _("政府采购")
        verbose_name_plural = _("政府采购")
        default_related_name = "procurement"
        constraints = [
            models.CheckConstraint(
                condition=non_negative(*PROCUREMENT_FIELDS),
                name="disclosure_procurement_non_negative",
                violation_error_message=_("政府采购金额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(sme_goods__lte=F("goods"))
                & Q(sme_works__lte=F("works"))
                & Q(sme_services__lte=F("services")),
                name="disclosure_procurement_sme_within_category",
                violation_error_message=_("授予中小企业合同金额不能大于该类采购金额。"),
            ),
            models.CheckConstraint(
                condition=Q(
                    small_micro__lte=F("sme_goods") + F("sme_works") + F("sme_services")
                ),
                name="disclosure_procurement_small_micro_within_sme",
                violation_error_message=_(
                    "授予小微企业合同金额不能大于授予中小企业合同金额。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.report} · 政府采购"

    @property
    def total(self):
        return self.goods + self.works + self.services

    @property
    def sme_total(self):
        return self.sme_goods + self.sme_works + self.sme_services


class OperatingExpense(ReportFacts):
    """机关运行经费 (§六). Only 行政单位 and 参公 units report an amount (N6-1)."""

    amount = AmountField(_("机关运行经费"), default=0)

    class Meta:
        verbose_name = _("机关运行经费")
        verbose_name_plural = _("机关运行经费")
        default_related_name = "operating_expense"
        constraints = [
            models.CheckConstraint(
                condition=non_negative("amount"),
                name="disclosure_operatingexpense_non_negative",
                violation_error_message=_("机关运行经费不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.report} · 机关运行经费"


class PriorYearFigure(ReportFact):
    """A last-year comparative, for when last year's report is not in the system."""

    class Key(models.TextChoices):
        INCOME_GRAND_TOTAL = "income_grand_total", _("收入总计")
        OPENING_TOTAL = "opening_total", _("年初结转和结余")
        INCOME_TOTAL = "income_total", _("本年收入合计")
        EXPENDITURE_GRAND_TOTAL = "expenditure_grand_total", _("支出总计")
        EXPENDITURE_TOTAL = "expenditure_total", _("本年支出合计")
        CLOSING_TOTAL = "closing_total", _("年末结转和结余")
        FISCAL_EXPENDITURE_TOTAL = "fiscal_expenditure_total", _("财政拨款本年支出")
        BASIC_301 = "basic_301", _("工资福利支出")
        BASIC_302 = "basic_302", _("商品和服务支出")
        BASIC_303 = "basic_303", _("对个人和家庭的补助")
        BASIC_307 = "basic_307", _("债务利息及费用支出")
        BASIC_310 = "basic_310", _("资本性支出")
        BASIC_399 = "basic_399", _("其他支出")
        THREE_PUBLIC_TOTAL = "three_public_total", _("“三公”经费决算合计")
        THREE_PUBLIC_ABROAD = "three_public_abroad", _("因公出国（境）费决算数")
        THREE_PUBLIC_RECEPTION = "three_public_reception", _("公务接待费决算数")
        THREE_PUBLIC_VEHICLE_PURCHASE = (
            "three_public_vehicle_purchase",
            _("公务用车购置费决算数"),
        )
        THREE_PUBLIC_VEHICLE_OPERATION = (
            "three_public_vehicle_operation",
            _("公务用车运行维护费决算数"),
        )
        OPERATING_EXPENSE = "operating_expense", _("机关运行经费")

    report = models.ForeignKey(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )
    key = models.CharField(_("项目"), max_length=40, choices=Key.choices)
    amount = AmountField(_("上年决算数"))

    class Meta:
        verbose_name = _("上年比较数")
        verbose_name_plural = _("上年比较数")
        ordering = ["key"]
        default_related_name = "prior_figures"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="disclosure_prior_unique_key"
            ),
        ]

    def __str__(self):
        return f"{self.report} · 上年 · {self.get_key_display()}"


class Reason(ReportFact):
    """Free text filling one "主要原因是：…" slot of the narrative, keyed by slot."""

    report = models.ForeignKey(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )
    key = models.CharField(
        _("说明项"),
        max_length=64,
        help_text=_(
            "叙述中的位置，例如 income_total、fiscal_class:212、basic_class:301。"
        ),
    )
    text = LimitedTextField(_("原因说明"), max_length=REASON_MAX_LENGTH)

    class Meta:
        verbose_name = _("原因说明")
        verbose_name_plural = _("原因说明")
        ordering = ["key"]
        default_related_name = "reasons"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="disclosure_reason_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(key__regex=REASON_KEY_PATTERN),
                name="disclosure_reason_key_format",
                violation_error_message=_(
                    "说明项只能由小写字母、数字、下划线和冒号组成，例如 fiscal_class:212。"
                ),
            ),
            length_check("disclosure_reason", "text", REASON_MAX_LENGTH),
        ]

    def __str__(self):
        return f"{self.report} · {self.key}"


class RuleExplanation(DraftOnly):
    """An accountant's written explanation (出错说明) of a 审核 warning, required before submit."""

    report = models.ForeignKey(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )
    rule_id = models.CharField(_("审核规则"), max_length=16)
    text = LimitedTextField(_("说明"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("审核警告说明")
        verbose_name_plural = _("审核警告说明")
        ordering = ["rule_id"]
        default_related_name = "rule_explanations"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rule_id"], name="disclosure_explanation_unique_rule"
            ),
            length_check("disclosure_ruleexplanation", "text", 1000),
        ]

    def __str__(self):
        return f"{self.report} · {self.rule_id}"


class ReviewLog(models.Model):
    """One row per status move: who, when, from, to, and the comment."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.CASCADE,
        related_name="review_log",
    )
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=Report.Status.choices
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=Report.Status.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = LimitedTextField(_("意见"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-at", "-id"]
        constraints = [
            length_check("disclosure_reviewlog", "comment", 2000),
        ]

    def __str__(self):
        return f"{self.report} {self.get_from_status_display()} → {self.get_to_status_display()}"


class FrozenQuerySet(models.QuerySet):
    """A snapshot is written once: no bulk change, no bulk deletion outside the generators."""

    def update(self, **kwargs):
        raise ReportLocked("公开快照一经生成不能修改。")

    def delete(self):
        if not _unlocked.get():
            raise ReportLocked("公开快照不能删除。")
        return super().delete()


class Frozen(models.Model):
    """Base of what a publication freezes: written once, never changed or deleted.

    Only the demo and synthetic generators delete their own snapshots
    (`generated_data_reset`).
    """

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReportLocked("公开快照一经生成不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not _unlocked.get():
            raise ReportLocked("公开快照不能删除。")
        return super().delete(*args, **kwargs)


def snapshot_upload_to(instance, filename: str) -> str:
    report = instance.report
    return (
        f"snapshots/{report.fiscal_year.year}/{report.unit.code}/"
        f"r{report.revision}/{filename}"
    )


class SnapshotFile(Frozen):
    """One file frozen when a report is published, with its SHA-256.

    The web page's report body, the JSON of all facts, the PDF, the workbook
    and each table's CSV: public pages and downloads serve these files, so
    what was published stays what is shown (disclosure/snapshots.py).
    """

    report = models.ForeignKey(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.PROTECT,
        related_name="snapshot_files",
    )
    name = models.CharField(_("文件"), max_length=64)
    label = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("存储位置"), upload_to=snapshot_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("字节数"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开快照文件")
        verbose_name_plural = _("公开快照文件")
        # Creation order is the order of the report: page, JSON, PDF, workbook, tables.
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "name"], name="disclosure_snapshotfile_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="disclosure_snapshotfile_sha256_hex",
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.name}"


class SnapshotFigures(Frozen):
    """The headline figures of a published revision, frozen with its snapshot files.

    Comparisons across years and between units (历年, 同一主管部门, 同类单位,
    人均) read these, never live facts or profiles, so they show what each
    revision published (disclosure/figures.py). Amounts are kept as decimal
    strings in the report's own amount unit.
    """

    report = models.OneToOneField(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.PROTECT,
        related_name="snapshot_figures",
    )
    amount_unit = models.CharField(
        _("金额单位"), max_length=16, choices=Report.AmountUnit.choices
    )
    values = models.JSONField(_("主要数据"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开快照主要数据")
        verbose_name_plural = _("公开快照主要数据")

    def __str__(self):
        return f"{self.report} 主要数据"


class PublicGeneration(models.Model):
    """A number that grows whenever anything the public site shows changes.

    Cached public pages are keyed on it (disclosure/public_cache.py), so a
    publication, a correction or a unit's rename reaches every server process
    without a query per request.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("公开内容版本号")
        verbose_name_plural = _("公开内容版本号")

    def __str__(self):
        return str(self.number)
