"""A 部门决算's composition (部门决算单位构成) and its eliminations (抵消).

Both are facts of the department's report: written only while it is a
draft, copied into a correction, and so frozen with it once it leaves draft.
Changing the unit tree later changes no composition already submitted.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from disclosure.models.facts import ReportFact
from disclosure.models.reference import FunctionCode
from disclosure.models.reports import Report
from reporting.fields import LimitedTextField, length_check
from reporting.money import AmountField
from units.models import Unit


class ConsolidationMember(ReportFact):
    """One unit of a 部门决算: 本级, 预算单列 (own report) or 并入本级 (no report of its own)."""

    class Mode(models.TextChoices):
        SELF = "self", _("本级")
        OWN_REPORT = "own", _("预算单列")
        MERGED = "merged", _("并入本级")

    # Modes whose unit's own 单位决算 is summed into the department's.
    CONSOLIDATED_MODES = (Mode.SELF, Mode.OWN_REPORT)

    report = models.ForeignKey(
        Report,
        verbose_name=_("部门决算"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("编报方式"), max_length=16, choices=Mode.choices)
    # As printed: kept here so that renaming the unit later changes nothing published.
    unit_name = models.CharField(_("单位名称"), max_length=100)
    unit_type = models.CharField(
        _("单位性质"), max_length=32, choices=Unit.UnitType.choices
    )
    # The unit's report that was consolidated: pinned when the department's
    # report is submitted (read live from the units' approved reports while
    # it is a draft), so a unit's later correction changes nothing submitted.
    source = models.ForeignKey(
        Report,
        verbose_name=_("汇总的单位决算"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consolidated_into",
    )

    class Meta:
        verbose_name = _("部门决算单位构成")
        verbose_name_plural = _("部门决算单位构成")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "unit"],
                name="disclosure_member_unique_unit",
                violation_error_message=_("同一单位在部门决算单位构成中只能出现一次。"),
            ),
            models.UniqueConstraint(
                fields=["report", "position"],
                name="disclosure_member_unique_position",
                violation_error_message=_("部门决算单位构成的序号不能重复。"),
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(mode="self"),
                name="disclosure_member_one_self",
                violation_error_message=_("部门决算只能有一个本级。"),
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=True) | ~Q(mode="merged"),
                name="disclosure_member_merged_has_no_source",
                violation_error_message=_("并入本级的单位没有单独的决算可供汇总。"),
            ),
        ]

    def __str__(self):
        return f"{self.unit_name}（{self.get_mode_display()}）"

    @property
    def consolidated(self) -> bool:
        return self.mode in self.CONSOLIDATED_MODES

    def clean(self):
        if not (self.report_id and self.unit_id):
            return
        department = self.report.unit
        if self.mode == self.Mode.SELF and self.unit_id != department.pk:
            raise ValidationError({"unit": _("本级应为主管部门本身。")})
        if self.mode != self.Mode.SELF and not (
            self.unit.path.startswith(department.path) and self.unit_id != department.pk
        ):
            raise ValidationError(
                {
                    "unit": _("“%(unit)s”不是“%(department)s”的所属单位。")
                    % {"unit": self.unit.name, "department": department.name}
                }
            )


class ConsolidationAdjustment(ReportFact):
    """An elimination (抵消) of an internal transfer between two units of the department.

    The same amount is taken off the receiving unit's income (e.g. 上级补助收入)
    and off the paying unit's spending (对附属单位补助支出), each under its
    功能分类 code; which income answers which spending is the template's
    (`ReportTemplate.elimination_pairs`).
    """

    report = models.ForeignKey(
        Report,
        verbose_name=_("部门决算"),
        on_delete=models.CASCADE,
        related_name="adjustments",
    )
    pair = models.CharField(_("抵消项目"), max_length=32)
    income_unit = models.ForeignKey(
        Unit,
        verbose_name=_("收入方单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    income_code = models.ForeignKey(
        FunctionCode,
        verbose_name=_("收入方功能分类科目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expense_unit = models.ForeignKey(
        Unit,
        verbose_name=_("支出方单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expense_code = models.ForeignKey(
        FunctionCode,
        verbose_name=_("支出方功能分类科目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = AmountField(_("抵消金额"))
    note = LimitedTextField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("部门决算抵消分录")
        verbose_name_plural = _("部门决算抵消分录")
        ordering = ["report", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="disclosure_adjustment_positive",
                violation_error_message=_("抵消金额应大于零。"),
            ),
            models.CheckConstraint(
                condition=~Q(income_unit=models.F("expense_unit")),
                name="disclosure_adjustment_two_units",
                violation_error_message=_("抵消的收入方和支出方应为两个不同的单位。"),
            ),
            length_check("disclosure_consolidationadjustment", "note", 200),
        ]

    def __str__(self):
        return f"{self.report} · 抵消 · {self.amount}"

    def clean(self):
        from disclosure.report_templates import template_for

        if not self.report_id:
            return
        pairs = {p.key: p for p in template_for(self.report).elimination_pairs}
        if self.pair and self.pair not in pairs:
            raise ValidationError(
                {
                    "pair": _("抵消项目“%(pair)s”不在本模板的抵消项目中：%(known)s。")
                    % {
                        "pair": self.pair,
                        "known": "、".join(p.label for p in pairs.values()),
                    }
                }
            )
        year = self.report.fiscal_year_id
        for name in ("income_code", "expense_code"):
            code = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if code is not None and code.fiscal_year_id != year:
                raise ValidationError(
                    {
                        name: _("科目 %(code)s 不属于本报告年度的科目表。")
                        % {"code": code.code}
                    }
                )
