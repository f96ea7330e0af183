"""Reads over the facts' history (django-simple-history): who changed what, and what differs
between two moments of a report (e.g. as submitted vs as published)."""

from dataclasses import dataclass
from datetime import datetime

from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from disclosure.reason_labels import class_names, reason_label

FACT_MODELS = (
    IncomeLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    BasicExpenditureLine,
    Balances,
    ThreePublicExpenses,
    AssetHolding,
    Procurement,
    OperatingExpense,
    PriorYearFigure,
    Reason,
)
SKIPPED_FIELDS = {"id", "report"}
CHANGE_WORDS = {"+": "新增", "~": "修改", "-": "删除"}


def fact_key(model, obj, names=None) -> str:
    """What a reader calls this fact: its code (and fund), its key, or its group alone.

    A reason is called by its slot's Chinese label, never by its key; `names`
    are the 类 names of the report's year (reason_labels.class_names).
    """
    if model in (IncomeLine, ExpenditureLine):
        return obj.function_code.code
    if model is FiscalExpenditureLine:
        return f"{obj.get_fund_display()} {obj.function_code.code}"
    if model is BasicExpenditureLine:
        return obj.economic_code.code
    if model is PriorYearFigure:
        labels = dict(PriorYearFigure.Key.choices)
        return f"上年{labels[obj.key]}" if obj.key in labels else obj.key
    if model is Reason:
        return reason_label(obj.key, names=names)
    return ""


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _value(obj, field):
    value = getattr(obj, field.name)
    if field.is_relation and value is not None:
        return str(value)
    return value


@dataclass(frozen=True)
class FieldChange:
    group: str
    key: str
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class ChangeEntry:
    when: datetime
    user: object
    kind: str  # 新增 / 修改 / 删除
    group: str
    key: str
    fields: list[FieldChange]


def recent_changes(report: Report, limit: int = 200) -> list[ChangeEntry]:
    """The latest changes to the report's facts, newest first, each with its field changes."""
    entries = []
    names = class_names(report.fiscal_year.year)
    for model in FACT_MODELS:
        group = str(model._meta.verbose_name)
        records = (
            model.history.filter(report_id=report.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for record in records:
            obj = record.instance
            changes = []
            if record.history_type == "~":
                previous = record.prev_record
                if previous is not None:
                    delta = record.diff_against(previous)
                    for change in delta.changes:
                        field = model._meta.get_field(change.field)
                        changes.append(
                            FieldChange(
                                group,
                                "",
                                str(field.verbose_name),
                                change.old,
                                change.new,
                            )
                        )
            entries.append(
                ChangeEntry(
                    record.history_date,
                    record.history_user,
                    CHANGE_WORDS[record.history_type],
                    group,
                    fact_key(model, obj, names),
                    changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def facts_as_of(report: Report, when: datetime | None) -> dict:
    """(group, key, field) → value of every fact of the report at `when` (None: now)."""
    state = {}
    names = class_names(report.fiscal_year.year)
    for model in FACT_MODELS:
        group = str(model._meta.verbose_name)
        if when is None:
            objects = model.objects.filter(report_id=report.pk)
        else:
            objects = model.history.as_of(when).filter(report_id=report.pk)
        for obj in objects:
            key = fact_key(model, obj, names)
            for field in _fields(model):
                if field.name in ("function_code", "economic_code", "fund", "key"):
                    continue
                state[group, key, str(field.verbose_name)] = _value(obj, field)
    return state


def diff_between(report: Report, before: datetime | None, after: datetime | None):
    """Every fact value that differs between two moments, as FieldChange rows."""
    old, new = facts_as_of(report, before), facts_as_of(report, after)
    return [
        FieldChange(
            group,
            key,
            field,
            old.get((group, key, field)),
            new.get((group, key, field)),
        )
        for group, key, field in sorted(set(old) | set(new))
        if old.get((group, key, field)) != new.get((group, key, field))
    ]
