"""Reports: one unit's (or department's) 决算 for one year, its workflow state, and the locks past draft."""

import contextlib
import contextvars

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from disclosure.models.reference import FiscalYear
from reporting import money
from reporting.fields import LimitedTextField, length_check
from units.models import Unit


def validate_template_code(code: str) -> None:
    from disclosure.report_templates import TEMPLATES

    if code and code not in TEMPLATES:
        raise ValidationError(
            _("没有编码为 %(code)s 的公开模板；可用的模板见 manage.py templates。"),
            params={"code": code},
        )


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
        """The current revision of each published report: one per unit, year and level."""
        return self.filter(status=Report.Status.PUBLISHED)

    def public(self):
        """Every revision the public may read: the current one and those it corrected."""
        return self.filter(status__in=Report.PUBLIC_STATUSES)

    def for_user(self, user):
        from units.selectors import unit_scope_q

        q = unit_scope_q(user, prefix="unit__")
        return self if q is None else self.filter(q)


class Report(models.Model):
    """One unit's 决算公开 for one fiscal year: its 单位决算, or the 部门决算 of a 主管部门.

    A 部门决算 holds no figures of its own: its facts are consolidated from
    its units' reports (disclosure/consolidation.py), listed by its
    composition (`ConsolidationMember`).
    """

    class Level(models.TextChoices):
        UNIT = "unit", _("单位决算")
        DEPARTMENT = "department", _("部门决算")

    class Kind(models.TextChoices):
        FINAL = "final", _("决算")
        BUDGET = "budget", _("预算")

        @property
        def year_word(self) -> str:
            """What follows the year: "2022 年度决算", but "2023 年预算" (江西 预算目录)."""
            return "年" if self == "budget" else "年度"

        def of_year(self, year: int) -> str:
            """ "2022 年度决算" / "2023 年预算"."""
            return f"{year} {self.year_word}{self.label}"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已公开")
        # A published revision after a later revision (更正) has been published.
        SUPERSEDED = "superseded", _("已更正")

    class AmountUnit(models.TextChoices):
        WAN_YUAN = money.WAN_YUAN, money.UNIT_LABELS[money.WAN_YUAN]
        YUAN = money.YUAN, money.UNIT_LABELS[money.YUAN]

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
            "level",
            "kind",
            "budget",
            "budget_id",
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
    level = models.CharField(
        _("层级"),
        max_length=16,
        choices=Level.choices,
        default=Level.UNIT,
        help_text=_(
            "单位决算：本单位的决算；部门决算：主管部门汇总本级和所属单位的决算，"
            "数据由所属单位已审核的决算合并生成。"
        ),
    )
    kind = models.CharField(
        _("类别"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.FINAL,
        help_text=_(
            "决算：年度决算公开；预算：经人民代表大会批准后的年度预算公开。"
            "同一单位同一年度可以各有一份。"
        ),
    )
    amount_unit = models.CharField(
        _("金额单位"),
        max_length=16,
        choices=AmountUnit.choices,
        default=AmountUnit.WAN_YUAN,
        help_text=_(
            "报告公开时使用的金额单位；金额按元精确到分保存，公开时四舍五入一次。"
        ),
    )
    # How the accountant types amounts; it changes nothing the report prints.
    entry_unit = models.CharField(
        _("录入单位"),
        max_length=16,
        choices=AmountUnit.choices,
        blank=True,
        help_text=_("填报金额时使用的单位，例如按账簿以元填写；留空则与金额单位相同。"),
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
    # A 决算's 年初预算数 come from the unit's published 预算 of the year:
    # the revision read is fixed at submission (disclosure/budgets.py).
    budget = models.ForeignKey(
        "self",
        verbose_name=_("预算来源"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="finals",
        help_text=_("决算的年初预算数取自的已公开预算（提交时确定的版次）。"),
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
    # 定时公开: an approved report waits, frozen already, for this moment
    # (disclosure/scheduling.py); cleared when it goes back to draft.
    scheduled_for = models.DateTimeField(
        _("定时公开时间"), null=True, blank=True, editable=False
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("定时公开设置人"),
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
                fields=["unit", "fiscal_year", "level", "kind", "revision"],
                name="disclosure_report_unique_unit_year_level_kind_revision",
                violation_error_message=_(
                    "该单位该年度已有该层级、该类别的报告；已公开的报告如需修改，请在其审核检查页发起更正。"
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "level", "kind"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="disclosure_report_one_open_revision_per_level_kind",
                violation_error_message=_(
                    "该单位该年度已有一份正在填报或审核的同层级、同类别报告。"
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "level", "kind"],
                condition=Q(status="published"),
                name="disclosure_report_one_published_revision_per_level_kind",
                violation_error_message=_(
                    "该单位该年度只能有一份现行公开的同层级、同类别报告。"
                ),
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
            models.CheckConstraint(
                condition=Q(scheduled_for__isnull=True) | Q(status="approved"),
                name="disclosure_report_scheduled_only_when_approved",
                violation_error_message=_("只有已审核、尚未公开的报告可以定时公开。"),
            ),
        ]
        indexes = [
            models.Index(
                fields=["scheduled_for"],
                condition=Q(scheduled_for__isnull=False),
                name="disclosure_report_scheduled",
            ),
        ]

    def __str__(self):
        title = f"{self.unit.name} {self.fiscal_year.year} {self.year_word}{self.kind_label}"
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
            self.unit.region, Level(self.level), Kind(self.kind), self.fiscal_year.year
        )

    @property
    def is_department(self) -> bool:
        return self.level == self.Level.DEPARTMENT

    @property
    def is_budget(self) -> bool:
        return self.kind == self.Kind.BUDGET

    @property
    def kind_word(self) -> str:
        """ "决算" or "预算"."""
        return "预算" if self.is_budget else "决算"

    @property
    def year_word(self) -> str:
        """ "2022年度决算", "2023年预算": what follows the year in a title."""
        return self.Kind(self.kind).year_word

    @property
    def printed_title(self) -> str:
        """ "景德镇市…中心2023年预算", as the cover, the files and the open data print it."""
        year = self.fiscal_year.year
        return f"{self.unit.name}{year}{self.year_word}{self.kind_label}"

    @property
    def kind_label(self) -> str:
        """What the report is called after its year: 决算, 部门决算, 预算 or 部门预算."""
        return ("部门" if self.is_department else "") + self.kind_word

    def clean(self):
        super().clean()
        if self.is_department and self.unit_id and self.unit.parent_id is not None:
            raise ValidationError(
                {
                    "level": _(
                        "部门决算只能由主管部门（一级预算单位）编制；"
                        "“%(unit)s”有上级单位，请编制单位决算。"
                    )
                    % {"unit": self.unit.name}
                }
            )
        if self.template_variant:
            from disclosure.report_templates import TEMPLATES

            template = TEMPLATES.get(self.template_variant)
            if template is not None and template.kind != self.kind:
                raise ValidationError(
                    {
                        "template_variant": _(
                            "公开模板“%(template)s”用于%(word)s，本报告是%(kind)s；"
                            "请选择%(kind)s模板，或留空按地区默认。"
                        )
                        % {
                            "template": template.name,
                            "word": template.kind.label,
                            "kind": self.get_kind_display(),
                        }
                    }
                )
        if self.is_department and self._holds_unit_figures():
            raise ValidationError(
                {"level": _("本报告已填写了单位决算的数据，不能改为部门决算。")}
            )

    def _holds_unit_figures(self) -> bool:
        """A stored 单位决算 with typed figures (read only when its level is being changed)."""
        from django.apps import apps

        if self._state.adding or self.pk is None:
            return False
        stored = Report.objects.filter(pk=self.pk).values_list("level", flat=True)
        if stored.first() == self.level:
            return False
        return any(
            model.objects.filter(report_id=self.pk).exists()
            for model in apps.get_app_config("disclosure").get_models()
            if getattr(model, "UNIT_FIGURES", False)
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
    def input_unit(self) -> str:
        """The unit amounts are typed in: the entry unit, or the published unit when none is set."""
        return self.entry_unit or self.amount_unit

    @property
    def entry_unit_label(self) -> str:
        """'金额单位：万元' or '金额单位：万元（以元填写）', shown on every entry screen."""
        shown = f"金额单位：{self.get_amount_unit_display()}"
        if self.input_unit != self.amount_unit:
            shown += f"（以{self.AmountUnit(self.input_unit).label}填写）"
        return shown

    @property
    def entry_hint(self) -> str:
        """How amounts are typed: the unit and the decimals that make a cent in it."""
        if self.input_unit == self.AmountUnit.YUAN:
            return "金额以元填写，最多两位小数"
        return "金额以万元填写，一般保留两位小数，最多六位（精确到分）"

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


# What any write of a typed figure into a 部门决算 is told (models.DraftOnly).
DEPARTMENT_FIGURES_REFUSED = "部门决算的数据由所属单位的决算汇总生成，不能直接填写。"


def ensure_facts_editable(report_ids, *, figures: bool = False) -> None:
    """Refuse a write of facts hanging on reports past draft.

    `figures`: the rows are typed figures (收入、支出、结转结余、“三公”…),
    which a 部门决算 never holds: its figures are consolidated from its
    units' reports. Both are read in the one query.
    """
    unlocked = _unlocked.get()
    if unlocked and not figures:
        return
    refused = Q(level=Report.Level.DEPARTMENT) if figures else Q()
    if not unlocked:
        refused |= ~Q(status=Report.Status.DRAFT)
    found = list(
        Report.objects.filter(refused, pk__in=set(report_ids)).select_related(
            "unit", "fiscal_year"
        )[:1]
    )
    if not found:
        return
    report = found[0]
    if not unlocked and report.status != Report.Status.DRAFT:
        raise ReportLocked(
            f"“{report}”状态为“{report.get_status_display()}”，其数据不能修改。"
        )
    raise ReportLocked(DEPARTMENT_FIGURES_REFUSED)


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
