"""Versions of what a page was made from, so that a save from an out-of-date page is refused.

A grid page and an import preview carry the version of the facts they were
made from: a SHA-256 fingerprint of those facts (codes and values) and the
moment they were read. Saving recomputes the fingerprint with the report row
locked; when it differs, someone else changed the facts meanwhile and the
save is refused instead of silently overwriting their change. The history
records written since that moment say who changed what.

A fingerprint needs no bookkeeping on writes (a per-report counter would have
to be bumped by every write path, bulk ones included); the facts themselves
are the version.
"""

import hashlib
import json
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from disclosure.history import FACT_MODELS
from disclosure.importers.facts import facts_of
from disclosure.models import FiscalExpenditureLine, Fund, Reason
from disclosure.reason_labels import reason_label
from reporting.money import exact_text

SALT = "disclosure.versions"
# A refusal lists at most this many changes; the rest are counted.
CHANGES_LISTED = 20


@dataclass(frozen=True)
class Version:
    scope: str  # what the fingerprint covers: one grid, or all facts of a report
    digest: str
    at: datetime  # when the facts were read (with the report locked)

    def token(self) -> str:
        """The version as a signed string for a hidden form field or the session."""
        return signing.dumps(
            {"s": self.scope, "d": self.digest, "t": self.at.isoformat()}, salt=SALT
        )


def read_token(token: str, scope: str) -> Version | None:
    """The version a page carried, or None when it is missing, forged or for another page."""
    try:
        data = signing.loads(token or "", salt=SALT)
        version = Version(data["s"], data["d"], datetime.fromisoformat(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return version if version.scope == scope else None


def grid_scope(report, group) -> str:
    return f"grid:{report.pk}:{group.key}"


def facts_scope(report) -> str:
    return f"facts:{report.pk}"


# -- fingerprints -----------------------------------------------------------------


def _plain(value):
    """A JSON-able form with a fixed order, so equal facts always give equal text."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: repr(item[0]))
        return [[_plain(k), _plain(v)] for k, v in items]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    # Decimals as their text: "10.00" and "10.0" are stored the same way, read
    # back with the field's two places, so the text is stable.
    return str(value)


def digest(state) -> str:
    text = json.dumps(_plain(state), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def grid_version(report, group, lines) -> Version:
    """The version of one grid's stored lines (read them with the report locked)."""
    state = {
        getattr(line, group.code_field).code: {
            f: getattr(line, f) for f in group.fields
        }
        for line in lines
    }
    return Version(grid_scope(report, group), digest(state), timezone.now())


def facts_version(report, facts) -> Version:
    """The version of every fact of a report, given as importers.facts.ReportFacts."""
    state = {f.name: getattr(facts, f.name) for f in fields(facts) if f.compare}
    return Version(facts_scope(report), digest(state), timezone.now())


# -- refusing a stale save ----------------------------------------------------------


class StaleVersion(Exception):
    """The facts changed after the page was made; nothing was saved.

    `changes` says in Chinese who changed what since; `current` is the version
    of the facts now, for the page shown again with the user's input.
    """

    def __init__(self, changes: list[str], current: Version, since: datetime):
        self.changes = changes
        self.current = current
        self.since = since
        super().__init__("；".join(changes))


def check(version: Version, current: Version, report, models, fund: str = "") -> None:
    """Raise StaleVersion unless the page's version is the current one.

    Call with the report locked, `current` read under that lock, so that of
    two simultaneous saves the second sees the first's change.
    """
    if version.digest == current.digest:
        return
    raise StaleVersion(
        changes_since(report, version.at, models, fund), current, version.at
    )


def check_facts(version: Version, report) -> None:
    """Raise StaleVersion unless the report's facts are those `version` was made from.

    Call with the report locked (as import_workbook does).
    """
    current = facts_version(report, facts_of(report))
    check(version, current, report, FACT_MODELS)


def changes_since(report, since: datetime, models, fund: str = "") -> list[str]:
    """Who changed what in `models` of `report` after `since`, oldest first, in Chinese."""
    records = []
    for model in models:
        history = model.history.filter(report_id=report.pk, history_date__gt=since)
        if fund:
            history = history.filter(fund=fund)
        records += [
            (model, record)
            for record in history.select_related("history_user").order_by(
                "history_date"
            )[: CHANGES_LISTED + 1]
        ]
    records.sort(key=lambda pair: pair[1].history_date)
    named = len(models) > 1
    lines = [
        _describe(model, record, named) for model, record in records[:CHANGES_LISTED]
    ]
    if len(records) > CHANGES_LISTED:
        lines.append("另有其他修改未列出")
    if not lines:
        # Possible only for writes that keep no history; the fingerprint still differs.
        lines.append("本页数据已被修改（修改记录中没有具体内容）")
    return lines


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()


def moment_text(moment: datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _what(model, record, named: bool) -> str:
    parts = [str(model._meta.verbose_name)] if named else []
    if model is FiscalExpenditureLine and named:
        parts = [f"{Fund(record.fund).label}支出"]
    for name in ("function_code", "economic_code"):
        if hasattr(record, f"{name}_id"):
            try:
                code = getattr(record, name)
                parts.append(f"{code.code} {code.name}")
            except ObjectDoesNotExist:
                parts.append("（已删除的科目）")
    if model is Reason:
        parts.append(reason_label(record.key))
    elif hasattr(record, "key"):
        display = getattr(record, "get_key_display", None)
        parts.append(str(display()) if display else record.key)
    return " ".join(parts)


def _value(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return exact_text(value, thousands=True)
    return str(value)


def _figures(model, record) -> str:
    """The non-empty figures of an added or deleted fact, e.g. "基本支出 10.00"."""
    shown = []
    for field in model._meta.concrete_fields:
        if field.is_relation or field.name in ("id", "fund", "key"):
            continue
        value = getattr(record, field.attname)
        if value not in (None, "", 0):
            shown.append(f"{field.verbose_name} {_value(value)}")
    return "，".join(shown)


def _describe(model, record, named: bool) -> str:
    head = f"{_who(record)} 于 {moment_text(record.history_date)}"
    what = _what(model, record, named)
    if record.history_type in "+-":
        verb = "新增了" if record.history_type == "+" else "删除了"
        figures = _figures(model, record)
        return f"{head} {verb} {what}" + (f"（{figures}）" if figures else "")
    previous = record.prev_record
    if previous is None:
        return f"{head} 修改了 {what}"
    fields_changed = [
        f"{model._meta.get_field(change.field).verbose_name}："
        f"{_value(change.old)} → {_value(change.new)}"
        for change in record.diff_against(previous).changes
    ]
    if not fields_changed:
        return f"{head} 修改了 {what}"
    return f"{head} 修改了 {what} 的 {'，'.join(fields_changed)}"
