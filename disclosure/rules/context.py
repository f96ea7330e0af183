"""What a rule sees: one report's facts and figures, its template, last year's figures.

Rules read figures by name (disclosure/figures.py), never a table by its
number: the same rule serves every template. When a message says where a
figure is printed, it names the template's table of that role
(`ctx.where("three_public")` → "公开09表" or "表九"), and a finding's anchor
is that table's key (`ctx.anchor("three_public")` → "t09").
"""

from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.figures import Figures
from disclosure.selectors import ReportData


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
