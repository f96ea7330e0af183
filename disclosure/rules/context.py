"""What a rule sees: one report's facts and figures, its template, last year's figures.

A 预算 stores its figures in the same facts as a 决算 (read as budget
amounts), so the same figures serve both; `kind` tells a rule which it reads,
and the balance words follow it (年初结转和结余 in a 决算, 上年结转 in a 预算).

Rules read figures by name (disclosure/figures.py), never a table by its
number: the same rule serves every template. When a message says where a
figure is printed, it names the template's table of that role
(`ctx.where("three_public")` → "公开09表" or "表九"), and a finding's anchor
is that table's key (`ctx.anchor("three_public")` → "t09").
"""

from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.figures import Figures
from disclosure.models import Report
from disclosure.selectors import ReportData

# A rule's `kinds`: what only a 决算 means (决算数 against 预算, completion,
# year-end balances, the 决算 情况说明), and the 预算's own rules.
FINAL_ONLY = (Report.Kind.FINAL.value,)
BUDGET_ONLY = (Report.Kind.BUDGET.value,)


@dataclass
class RuleContext:
    data: ReportData
    figures: Figures
    template: object  # the report's ReportTemplate
    prior_figures: Figures | None = None  # last year's report's, when in the system
    narrative: object | None = None  # the generated 情况说明, for the reason rules
    derived: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_document(cls, doc) -> "RuleContext":
        return cls(
            doc.data,
            doc.figures,
            doc.report.template,
            doc.prior_figures,
            doc.narrative,
        )

    @classmethod
    def for_report(cls, report) -> "RuleContext":
        """What the rules read of `report`: facts, figures, narrative; no table is built."""
        from disclosure.narrative import build_narrative
        from disclosure.selectors import load_report_data
        from disclosure.tables.registry import last_year_figures

        data = load_report_data(report)
        figures = Figures(data)
        prior_figures = last_year_figures(data.report)
        narrative = build_narrative(data, figures, prior_figures)
        return cls(data, figures, data.report.template, prior_figures, narrative)

    @property
    def level(self) -> str:
        """The report's level (单位决算 / 部门决算), whatever its template's."""
        return self.data.report.level

    @property
    def kind(self) -> str:
        """The report's kind ("final" 决算 / "budget" 预算), whatever its template's."""
        return self.data.report.kind

    @property
    def is_budget(self) -> bool:
        return self.data.report.is_budget

    @property
    def opening_word(self) -> str:
        """What the report calls its opening balance: 年初结转和结余, or a 预算's 上年结转."""
        return "上年结转" if self.is_budget else "年初结转和结余"

    @property
    def closing_word(self) -> str:
        """What the report calls its closing balance: 年末结转和结余, or a 预算's 结转下年."""
        return "结转下年" if self.is_budget else "年末结转和结余"

    def once(self, key, compute):
        """`compute()`, run once per check: for what several rules read of the same facts."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    def amount(self, name: str) -> Decimal:
        """Figure `name`, a group of facts not entered counting as zero."""
        return self.figures.amount(name)

    def where(self, role: str) -> str:
        """The template's name for its table of `role` ("公开09表"), "" without one."""
        definition = self.template.table(role)
        return "" if definition is None else definition.code

    def anchor(self, role: str) -> str:
        """The page anchor of the template's table of `role` ("t09"), "" without one."""
        definition = self.template.table(role)
        return "" if definition is None else definition.key

    def cite(self, role: str, text: str) -> str:
        """`text` preceded by where it is printed: "公开01表 本年收入合计"."""
        where = self.where(role)
        return f"{where} {text}" if where else text
