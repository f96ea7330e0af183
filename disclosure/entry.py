"""The one write path of facts: every entry writes a report's facts through a FactWriter.

The admin grids, the workbook and flat imports, the admin's single-record
forms and corrections all write through `fact_writes` (or `FactWriter.begin`),
so they get the same checks: the report row locked, its status (and, for
callers that have not checked them, the user's permission and scope) read
under that lock, each row saved with its history record, and the report
touched when anything changed. What they write was read by one parser
(money.parse_amount / parse_count). The model-level locks (models.DraftOnly)
stay as the last line for writes that bypass this module.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from disclosure.models import Report
from disclosure.models.reports import DEPARTMENT_FIGURES_REFUSED


class EditRefused(Exception):
    """The user may not change this report now; the message says why, in Chinese."""


EDITABLE_STATUSES = {Report.Status.DRAFT}


def check_report_editable(report: Report, user) -> None:
    """Raise EditRefused unless `user` may change the facts of `report` in its current status."""
    if not user.has_perm("disclosure.change_report"):
        raise EditRefused("您没有修改决算报告的权限。")
    if not Report.objects.for_user(user).filter(pk=report.pk).exists():
        raise EditRefused(f"“{report}”不在您可以填报的单位范围内。")
    check_report_draft(report)


def check_report_draft(report: Report) -> None:
    """Raise EditRefused unless `report` is in a status whose facts may change."""
    if report.status not in EDITABLE_STATUSES:
        raise EditRefused(
            f"“{report}”的状态为“{report.get_status_display()}”，"
            f"只有草稿状态的报告可以修改。"
        )


@dataclass
class FactChanges:
    """What one entry changed: rows created, updated and deleted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def __str__(self):
        return f"新增 {self.created} 条、修改 {self.updated} 条、删除 {self.deleted} 条数据"


class FactWriter:
    """The fact writes of one entry into one draft report, made while its row is locked.

    Get one from `fact_writes` (or `begin` inside a transaction, for entry
    paths whose writes are spread over a library's hooks) and write every
    row through it. Rows are saved one by one (or bulk-created with history)
    so that django-simple-history records each change with its user.
    """

    def __init__(self, report: Report, user=None):
        self.report = report
        self.user = user
        self.changes = FactChanges()

    @classmethod
    def begin(cls, report: Report, user=None, *, permission: bool = True):
        """Lock `report` and check it may be written now; call inside transaction.atomic().

        `permission` checks the user's permission and scope as well (under
        the lock); entry paths that have already checked them — the admin's
        own permission methods, a correction's workflow service — pass False
        and only the status is checked.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("FactWriter.begin 须在 transaction.atomic() 中调用。")
        # The lock makes a concurrent submit, or a second save of the same
        # facts, wait: the status check and the writes see one state.
        if permission and user is None:
            raise ValueError(
                "检查修改权限须指明用户；调用方已检查时传 permission=False。"
            )
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if permission:
            check_report_editable(locked, user)
        else:
            check_report_draft(locked)
        return cls(locked, user)

    def finish(self) -> FactChanges:
        """Touch the report when anything changed (its 更新时间 is the facts' too)."""
        if self.changes.changed:
            self.report.save(update_fields=["updated_at"])
        return self.changes

    # -- single rows --------------------------------------------------------

    def _own(self, obj, *, removing: bool = False) -> None:
        report_id = getattr(obj, "report_id", None)
        if report_id is not None and report_id != self.report.pk:
            raise ValueError(f"{obj!r} 不属于正在修改的报告（{self.report.pk}）。")
        if (
            not removing
            and self.report.is_department
            and getattr(type(obj), "UNIT_FIGURES", False)
        ):
            # Said here, before the model's own refusal, so that every entry
            # page shows it as it shows a status refusal.
            raise EditRefused(DEPARTMENT_FIGURES_REFUSED)
        if self.user is not None and hasattr(type(obj), "history"):
            # The history record names who wrote the row, also outside a request.
            obj._history_user = self.user

    def save(self, obj, update_fields: Sequence[str] | None = None) -> None:
        """Save a row whose fields the caller has set (a form's or an import's instance)."""
        self._own(obj)
        creating = obj._state.adding or obj.pk is None
        obj.save(update_fields=None if creating else update_fields)
        if creating:
            self.changes.created += 1
        else:
            self.changes.updated += 1

    def update(self, obj, values: Mapping) -> bool:
        """Set `values` on a stored row and save the fields that differ; True when any did."""
        changed = [
            name for name, value in values.items() if getattr(obj, name) != value
        ]
        if not changed:
            return False
        for name in changed:
            setattr(obj, name, values[name])
        self.save(obj, update_fields=changed)
        return True

    def delete(self, obj) -> None:
        self._own(obj, removing=True)
        obj.delete()
        self.changes.deleted += 1

    # -- groups of rows -----------------------------------------------------

    def sync(self, existing: dict, wanted: Mapping, build: Callable) -> None:
        """Make stored rows (`existing`, by key) equal `wanted` (values by key).

        Rows keep their identity when their key stays; `build(key, values)`
        makes the unsaved row of a new key; rows not wanted any more go.
        """
        existing = dict(existing)
        for key, values in wanted.items():
            obj = existing.pop(key, None)
            if obj is None:
                self.save(build(key, values))
            else:
                self.update(obj, values)
        for obj in existing.values():
            self.delete(obj)

    def sync_one(self, model, values: Mapping | None) -> None:
        """The one row of a one-per-report group: created, updated, or deleted when None."""
        existing = model.objects.filter(report=self.report).first()
        if values is None:
            if existing is not None:
                self.delete(existing)
        elif existing is None:
            self.save(model(report=self.report, **values))
        else:
            self.update(existing, values)

    def bulk_create(self, model, rows: list, reason: str = "") -> list:
        """Insert `rows` at once, with a history record each when the model keeps history."""
        for row in rows:
            self._own(row)
        if hasattr(model, "history"):
            created = bulk_create_with_history(
                rows, model, default_user=self.user, default_change_reason=reason
            )
        else:
            created = model.objects.bulk_create(rows)
        self.changes.created += len(created)
        return created

    def save_formset(self, formset) -> None:
        """Save an admin inline formset's new, changed and deleted rows through this writer."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete(obj)
        for obj in instances:
            self.save(obj)
        formset.save_m2m()


@contextmanager
def fact_writes(
    report: Report, user=None, *, permission: bool = True
) -> Iterator[FactWriter]:
    """A FactWriter for `report` in one transaction; all or nothing.

        with fact_writes(report, user) as writer:
            writer.sync_one(Balances, {...})
        writer.changes  # what changed

    EditRefused when the report is not a draft (or, with `permission`, when
    the user may not edit it), read under the report's row lock.
    """
    with transaction.atomic():
        writer = FactWriter.begin(report, user, permission=permission)
        yield writer
        writer.finish()
