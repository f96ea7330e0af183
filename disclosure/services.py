"""Writes: every change to a report's facts goes through a function here.

The admin, importers and the shell all call the same functions, so they get
the same checks: permission and scope, report status, and full validation
before anything is written.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from disclosure import versions
from disclosure.forms import GridGroup, clean_grid, get_group
from disclosure.models import Report
from disclosure.versions import Version


class EditRefused(Exception):
    """The user may not change this report now; the message says why, in Chinese."""


@dataclass(frozen=True)
class GridSaveResult:
    created: int
    updated: int
    deleted: int

    def __str__(self):
        return f"新增 {self.created} 行，修改 {self.updated} 行，删除 {self.deleted} 行"


EDITABLE_STATUSES = {Report.Status.DRAFT}


def check_report_editable(report: Report, user) -> None:
    """Raise EditRefused unless `user` may change the facts of `report` in its current status."""
    if not user.has_perm("disclosure.change_report"):
        raise EditRefused("您没有修改决算报告的权限。")
    if not Report.objects.for_user(user).filter(pk=report.pk).exists():
        raise EditRefused(f"“{report}”不在您可以填报的单位范围内。")
    if report.status not in EDITABLE_STATUSES:
        raise EditRefused(
            f"“{report}”的状态为“{report.get_status_display()}”，"
            f"只有草稿状态的报告可以修改。"
        )


def save_grid(
    report: Report,
    group: GridGroup | str,
    rows: Sequence[Mapping],
    user,
    version: Version | None = None,
) -> GridSaveResult:
    """Replace the lines of one grid of `report` with `rows`; all or nothing.

    Every row is validated first (forms.clean_grid raises GridError listing
    every problem); only then are lines created, updated and deleted, in one
    transaction. Rows not present any more are deleted. Lines keep their
    identity when their code stays, and each is saved individually so that
    history tracking sees every change.

    `version` is the version of the lines the rows were typed over (the grid
    page carries it). When the lines have changed since, versions.StaleVersion
    is raised and nothing is saved: the rows would otherwise delete lines added
    meanwhile and overwrite figures changed meanwhile. None skips the check
    (for callers that are not editing a page they were shown).
    """
    group = get_group(group)
    check_report_editable(report, user)
    clean = clean_grid(report, group, rows)
    with transaction.atomic():
        # Lock the report: a concurrent submit or a second save of the same
        # grid must wait, so the status check and the writes see one state.
        locked = Report.objects.select_for_update().get(pk=report.pk)
        check_report_editable(locked, user)
        lines = list(group.lines(locked))
        if version is not None:
            current = versions.grid_version(locked, group, lines)
            versions.check(version, current, locked, [group.model], group.fund)
        existing = {getattr(line, f"{group.code_field}_id"): line for line in lines}
        created = updated = 0
        for item in clean:
            line = existing.pop(item.code.id, None)
            if line is None:
                group.new_line(locked, item.code.id, item.values).save()
                created += 1
                continue
            changed = [f for f, v in item.values.items() if getattr(line, f) != v]
            if changed:
                for field in changed:
                    setattr(line, field, item.values[field])
                line.save(update_fields=changed)
                updated += 1
        for line in existing.values():
            line.delete()
        if created or updated or existing:
            locked.save(update_fields=["updated_at"])
    return GridSaveResult(created, updated, len(existing))
