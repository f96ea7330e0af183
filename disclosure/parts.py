"""Report parts that other apps contribute: loaded with the facts, built into the document.

An app with a part of the report of its own (绩效自评: its projects, their
自评表 and evaluation reports, the summary of §九) registers it from its
`AppConfig.ready()`:

    register_part(ReportPart(
        name="performance",
        load=load_performance,            # report → data, kept in ReportData.parts
        build=build_performance_document, # (ReportData, Narrative) → document part
        sections={"performance": write},  # narrative section key → paragraphs
    ))

so that this app never imports it: the document, the narrative and the
renderers ask the registry, and a template lists the sections it prints.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportPart:
    name: str
    load: Callable  # (report) → the part's data
    build: Callable | None = None  # (ReportData, Narrative) → the document's part
    # Narrative section key → writer(data, *, year, money, share, subject, figures).
    sections: dict[str, Callable] = field(default_factory=dict)


PARTS: dict[str, ReportPart] = {}


def register_part(part: ReportPart) -> None:
    PARTS[part.name] = part


def load_parts(report) -> dict:
    return {name: part.load(report) for name, part in PARTS.items()}


def build_parts(data, narrative) -> dict:
    return {
        name: part.build(data, narrative)
        for name, part in PARTS.items()
        if part.build is not None
    }


def section_writers() -> dict[str, Callable]:
    return {
        key: write for part in PARTS.values() for key, write in part.sections.items()
    }
