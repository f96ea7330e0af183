"""The whole report as one value: what the web page, the PDF, the workbook and the JSON render.

    doc = build_document(report)
    doc.profile      # 第一部分 单位概况 (sections)
    doc.tables       # 第二部分 公开01表 … 公开10表 (Table values, in order)
    doc.narrative    # 第三部分 情况说明 (nine sections, missing reasons)
    doc.glossary     # 第四部分 名词解释 (sections of (term, definition))
    doc.performance  # §九's summary, per project its evaluation report and 自评表

Everything is computed here once, from one load of the facts; renderers only
format it, so no two outputs can disagree.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from disclosure.figures import Figures
from disclosure.glossary import GlossarySection, build_glossary
from disclosure.narrative import Narrative, Section, build_narrative, build_profile
from disclosure.parts import build_parts
from disclosure.selectors import ReportData, load_report_data, previous_report
from disclosure.tables import build_tables
from disclosure.tables.registry import ReportTables


@dataclass
class ReportDocument:
    report: object
    data: ReportData
    profile: list[Section]
    tables: list
    narrative: Narrative
    glossary: list[GlossarySection]
    figures: Figures | None = None  # every named figure, computed once
    prior_report: object | None = None
    prior_tables: Mapping | None = None  # last year's "01" … "10" → Table
    prior_figures: Figures | None = None  # last year's, loaded when read
    # Other apps' parts of the document, by name (disclosure/parts.py).
    parts: dict = field(default_factory=dict)

    @property
    def performance(self):
        """The 绩效 part: per project its evaluation report and 自评表 tables."""
        return self.parts.get("performance")

    @property
    def tables_by_number(self) -> dict:
        """ "01" … "10" → Table."""
        return {table.code[2:4]: table for table in self.tables}

    @property
    def outline(self):
        """The parts (概况, 表, 情况说明, 名词解释) in the layout's order, titled."""
        return self.report.template.parts(self.report.unit.name, self.data.year)

    @property
    def title(self) -> str:
        return f"{self.report.unit.name}{self.data.year}年度决算"


def build_document(report) -> ReportDocument:
    data = load_report_data(report)
    figures = Figures(data)
    tables = build_tables(data, figures)
    prior = previous_report(report)
    # Last year's facts are loaded only when read (the comparisons read a few
    # figures), once for its figures and its tables alike.
    prior_tables = prior_figures = None
    if prior is not None:
        prior_tables = ReportTables(prior)
        prior_figures = prior_tables.figures
    narrative = build_narrative(data, figures, prior_figures)
    return ReportDocument(
        report=data.report,
        data=data,
        profile=build_profile(data),
        tables=tables,
        narrative=narrative,
        glossary=build_glossary(data),
        figures=figures,
        prior_report=prior,
        prior_tables=prior_tables,
        prior_figures=prior_figures,
        parts=build_parts(data, narrative),
    )
