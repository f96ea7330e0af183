"""Writes: every change to a report's facts goes through a function here or in entry.

The admin, importers and the shell all call the same functions, so they get
the same checks: permission and scope, report status, and full validation
before anything is written. The rows themselves are written by
entry.FactWriter, the one write path of facts.
"""

from collections.abc import Mapping, Sequence

from disclosure import versions
from disclosure.entry import (  # noqa: F401 — imported from here by callers
    EDITABLE_STATUSES,
    EditRefused,
    FactChanges,
    check_report_editable,
    fact_writes,
)
from disclosure.forms import GridGroup, clean_grid, get_group
from disclosure.models import Report
from disclosure.versions import Version

# --- Grids --------------------------------------------------------------------


class GridSaveResult(FactChanges):
    def __str__(self):
        return f"新增 {self.created} 行，修改 {self.updated} 行，删除 {self.deleted} 行"


def save_grid(
    report: Report,
    group: GridGroup | str,
    rows: Sequence[Mapping],
    user,
    version: Version | None = None,
) -> GridSaveResult:
    """Replace the lines of one grid of `report` with `rows`; all or nothing.

    Every row is validated first (forms.clean_grid raises GridError listing
    every problem); only then are lines created, updated and deleted through
    one FactWriter. Rows not present any more are deleted. Lines keep their
    identity when their code stays.

    `version` is the version of the lines the rows were typed over (the grid
    page carries it). When the lines have changed since, versions.StaleVersion
    is raised and nothing is saved: the rows would otherwise delete lines added
    meanwhile and overwrite figures changed meanwhile. None skips the check
    (for callers that are not editing a page they were shown).
    """
    group = get_group(group)
    check_report_editable(report, user)
    clean = clean_grid(report, group, rows)
    with fact_writes(report, user) as writer:
        locked = writer.report
        lines = list(group.lines(locked))
        if version is not None:
            current = versions.grid_version(locked, group, lines)
            versions.check(version, current, locked, [group.model], group.fund)
        writer.sync(
            {getattr(line, f"{group.code_field}_id"): line for line in lines},
            {item.code.id: item.values for item in clean},
            lambda code_id, values: group.new_line(locked, code_id, values),
        )
    changes = writer.changes
    return GridSaveResult(changes.created, changes.updated, changes.deleted)
