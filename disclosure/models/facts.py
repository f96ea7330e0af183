"""Facts: each figure of a report stored once; writes only while the report is a draft.

Subtotals, totals, tables and sentences are computed from these facts, never
stored (architecture §2.1).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from disclosure.models.reference import EconomicCode, FunctionCode
from disclosure.models.reports import Report, ensure_facts_editable
from reporting.fields import LimitedTextField, length_check
from reporting.money import AmountField

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


def ensure_budget_not_typed(report_ids) -> None:
    # Imported here: disclosure.budgets reads these models.
    from disclosure.budgets import ensure_budget_not_typed

    ensure_budget_not_typed(report_ids)


def non_negative(*fields: str) -> Q:
    return Q(**{f"{name}__gte": 0 for name in fields})


class FactQuerySet(models.QuerySet):
    """Bulk writes check the reports' status (and level) too (queryset.update skips save())."""

    def update(self, **kwargs):
        ensure_facts_editable(
            self.values_list("report_id", flat=True), figures=self.model.UNIT_FIGURES
        )
        if any(kwargs.get(name) for name in self.model.BUDGET_FIELDS):
            ensure_budget_not_typed(self.values_list("report_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        ensure_facts_editable(self.values_list("report_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_facts_editable(
            (o.report_id for o in objs), figures=self.model.UNIT_FIGURES
        )
        self.model.check_typed_budget(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_facts_editable(
            (o.report_id for o in objs), figures=self.model.UNIT_FIGURES
        )
        self.model.check_typed_budget(objs)
        return super().bulk_update(objs, *args, **kwargs)


class DraftOnly(models.Model):
    """Base of everything a report prints that hangs on it: writes only in draft.

    This holds whatever the entry point — admin, grid, import, shell — because
    it sits on the model and its queryset, not in a view.
    """

    # A figure a unit types (收入、支出、结转结余、“三公”…): never written into
    # a 部门决算, whose figures are its units' summed. A deletion is let
    # through, so that such a row can still be cleared away.
    UNIT_FIGURES = False
    # Budget figures a 决算 reads from its published 预算 (disclosure/budgets.py).
    BUDGET_FIELDS: tuple[str, ...] = ()

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The cached report may be stale; read its status from the database.
        ensure_facts_editable([self.report_id], figures=self.UNIT_FIGURES)
        self.check_typed_budget([self])
        super().save(*args, **kwargs)

    @classmethod
    def check_typed_budget(cls, objs) -> None:
        """Refuse a typed budget figure where the published 预算 holds it."""
        typed = [
            o.report_id for o in objs if any(map(o.__dict__.get, cls.BUDGET_FIELDS))
        ]
        if typed:
            ensure_budget_not_typed(typed)

    def delete(self, *args, **kwargs):
        ensure_facts_editable([self.report_id])
        return super().delete(*args, **kwargs)


class ReportFact(DraftOnly):
    """Base of every fact model: draft-only, and copied into a correction."""

    # Every change of every fact is kept with who and when (each concrete fact model
    # gets its own historical table).
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class FactLine(ReportFact):
    """A row of figures keyed by 功能分类 code. Subtotals are never stored."""

    UNIT_FIGURES = True

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
    BUDGET_FIELDS = ("budget_initial",)

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

    UNIT_FIGURES = True

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

    UNIT_FIGURES = True

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

    # A sub-row the unit leaves blank stays blank in the table (None), not 0.
    budget_abroad = AmountField(_("因公出国（境）费 全年预算数"), null=True, blank=True)
    budget_reception = AmountField(_("公务接待费 全年预算数"), null=True, blank=True)
    budget_vehicle_purchase = AmountField(
        _("公务用车购置费 全年预算数"), null=True, blank=True
    )
    budget_vehicle_operation = AmountField(
        _("公务用车运行维护费 全年预算数"), null=True, blank=True
    )
    actual_abroad = AmountField(_("因公出国（境）费 决算数"), null=True, blank=True)
    actual_reception = AmountField(_("公务接待费 决算数"), null=True, blank=True)
    actual_vehicle_purchase = AmountField(
        _("公务用车购置费 决算数"), null=True, blank=True
    )
    actual_vehicle_operation = AmountField(
        _("公务用车运行维护费 决算数"), null=True, blank=True
    )
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
        # Imported here: the labels read the narrative, which imports the models.
        from disclosure.reason_labels import reason_label

        return f"{self.report} · {reason_label(self.key)}"
