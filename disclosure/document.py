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

from dataclasses import dataclass, field

from disclosure.figures import Figures
from disclosure.glossary import GlossarySection, build_glossary
from disclosure.narrative import Narrative, Section, build_narrative, build_profile
from disclosure.parts import build_parts
from disclosure.selectors import ReportData, load_report_data
from disclosure.tables import build_tables
from disclosure.tables.registry import last_year_figures


@dataclass
class ReportDocument:
    report: object
    data: ReportData
    profile: list[Section]
    tables: list
    narrative: Narrative
    glossary: list[GlossarySection]
    figures: Figures | None = None  # every named figure, computed once
    prior_figures: Figures | None = None  # last year's, loaded when read
    # Other apps' parts of the document, by name (disclosure/parts.py).
    parts: dict = field(default_factory=dict)

    @property
    def performance(self):
        """The 绩效 part: per project its evaluation report and 自评表 tables."""
        return self.parts.get("performance")

    def table(self, role: str):
        """The report's table of `role` ("summary", "three_public" …), if its template has one."""
        return next((t for t in self.tables if t.key == self._keys.get(role)), None)

    @property
    def _keys(self) -> dict[str, str]:
        return {d.role: d.key for d in self.report.template.definitions}

    @property
    def outline(self):
        """The parts (概况, 表, 情况说明, 名词解释) in the layout's order, titled."""
        return self.report.template.parts(self.report.unit.name, self.data.year)

    @property
    def title(self) -> str:
        return self.report.printed_title


def build_document(report) -> ReportDocument:
    data = load_report_data(report)
    figures = Figures(data)
    tables = build_tables(data, figures)
    # Last year's facts are loaded only when read (the comparisons read a few figures).
    prior_figures = last_year_figures(data.report)
    narrative = build_narrative(data, figures, prior_figures)
    return ReportDocument(
        report=data.report,
        data=data,
        profile=build_profile(data),
        tables=tables,
        narrative=narrative,
        glossary=build_glossary(data),
        figures=figures,
        prior_figures=prior_figures,
        parts=build_parts(data, narrative),
    )
