"""Open data: how a value is written, and every stored fact of a report (docs/open-data.md).

Amounts are written as strings holding the exact decimal ("317.34"), never as
JSON numbers, because most JSON readers turn numbers into binary floats;
counts (people, vehicles, batches) are integers.
"""

from decimal import Decimal

from django.db import models

from disclosure.models import (
    EXPENDITURE_FIELDS,
    FISCAL_FIELDS,
    INCOME_FIELDS,
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    ThreePublicExpenses,
)
from disclosure.reason_labels import reason_label
from reporting.money import exact_text
from units.models import UnitProfile

# What one of a count field counts; amounts are in the report's amount unit.
COUNT_UNITS = {
    "abroad_groups": "个",
    "abroad_people": "人次",
    "reception_batches": "批次",
    "reception_people": "人次",
    "foreign_reception_batches": "批次",
    "foreign_reception_people": "人次",
    "vehicles_purchased": "辆",
    "vehicles_held": "辆",
    **{name: "辆" for name in AssetHolding.VEHICLE_FIELDS},
    "equipment_over_million": "台（套）",
    "staff_total": "人",
    "staff_in_service": "人",
    "staff_retired_li": "人",
    "staff_retired_tui": "人",
    "staff_other": "人",
    "pensioners_paid_by_fund": "人",
}

PRIOR_LABELS = dict(PriorYearFigure.Key.choices)


# -- values ----------------------------------------------------------------------


def amount_text(value: Decimal) -> str:
    """An amount as exact text, with two decimals or the more its cents need: "0.00", "120.345".

    Amounts are kept to the cent in 元, so a 万元 figure may have up to six
    decimals; open data gives it exactly (the tables print it rounded once,
    half up, to two decimals).
    """
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise TypeError(f"金额只能是 Decimal，收到 {type(value).__name__}：{value!r}")
    if not value.is_finite():
        raise ValueError(f"金额不是有限数：{value!r}")
    return exact_text(value)


def json_value(value):
    """Decimal → exact string, int → int, None → None; anything else is refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"不支持的数值类型 bool：{value!r}")
    if isinstance(value, int):
        return value
    return amount_text(value)


def cell_value(value):
    """A table cell: a number as `json_value` writes it, or text as is."""
    return value if isinstance(value, str) else json_value(value)


# -- facts -----------------------------------------------------------------------


def _field_type(field) -> str:
    if isinstance(field, models.DecimalField):
        return "amount"
    if isinstance(field, models.IntegerField):
        return "count"
    return "text"


def _describe(model, names, amount_unit: str) -> list[dict]:
    described = []
    for name in names:
        field = model._meta.get_field(name)
        kind = _field_type(field)
        unit = amount_unit if kind == "amount" else COUNT_UNITS.get(name, "")
        described.append(
            {"name": name, "label": str(field.verbose_name), "type": kind, "unit": unit}
        )
    return described


FACT_FIELD_TYPES = (
    models.DecimalField,
    models.IntegerField,
    models.CharField,
    models.TextField,
)


def _own_fields(model) -> list[str]:
    """The figure and text fields of a fact model (not its key, report or audit fields)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.is_relation and isinstance(f, FACT_FIELD_TYPES)
    ]


def _values(obj, names) -> dict:
    return {name: cell_value(getattr(obj, name)) for name in names}


def _group(model, names, amount_unit, **content) -> dict:
    return {
        "label": str(model._meta.verbose_name),
        "fields": _describe(model, names, amount_unit),
        **content,
    }


def _function_line(line, names) -> dict:
    code = line.function_code
    return {"code": code.code, "name": code.name, **_values(line, names)}


def facts_json(data, amount_unit: str) -> dict:
    """Every stored fact of the report, grouped by kind, with field descriptions."""

    def single(model, obj):
        names = _own_fields(model)
        values = None if obj is None else _values(obj, names)
        return _group(model, names, amount_unit, values=values)

    # Labels once per document, not once per line: lazy translations are slow.
    fund_labels = {value: str(label) for value, label in Fund.choices}
    class_names = {code: fc.name for code, fc in data.function_codes.items()}
    profile = data.profile
    profile_names = [n for n in _own_fields(UnitProfile) if n not in ("unit", "year")]
    profile_values = None
    if profile is not None:
        profile_values = {
            **_values(profile, profile_names),
            "internal_bodies": [body.name for body in profile.bodies.all()],
        }
    operating = single(OperatingExpense, data.operating_expense)
    operating["applicable"] = data.unit.has_operating_expense
    return {
        "unit_profile": _group(
            UnitProfile, profile_names, amount_unit, values=profile_values
        ),
        "income_lines": _group(
            IncomeLine,
            INCOME_FIELDS,
            amount_unit,
            lines=[_function_line(x, INCOME_FIELDS) for x in data.income_lines],
        ),
        "expenditure_lines": _group(
            ExpenditureLine,
            EXPENDITURE_FIELDS,
            amount_unit,
            lines=[
                _function_line(x, EXPENDITURE_FIELDS) for x in data.expenditure_lines
            ],
        ),
        "fiscal_lines": _group(
            FiscalExpenditureLine,
            FISCAL_FIELDS,
            amount_unit,
            lines=[
                {
                    "fund": line.fund,
                    "fund_label": fund_labels[line.fund],
                    **_function_line(line, FISCAL_FIELDS),
                }
                for line in data.fiscal_lines
            ],
        ),
        "basic_lines": _group(
            BasicExpenditureLine,
            ["amount"],
            amount_unit,
            lines=[
                {
                    "code": line.economic_code.code,
                    "name": line.economic_code.name,
                    "amount": json_value(line.amount),
                }
                for line in data.basic_lines
            ],
        ),
        "balances": single(Balances, data.balances),
        "three_public": single(ThreePublicExpenses, data.three_public),
        "assets": single(AssetHolding, data.assets),
        "procurement": single(Procurement, data.procurement),
        "operating_expense": operating,
        "prior_year_figures": _group(
            PriorYearFigure,
            ["amount"],
            amount_unit,
            lines=[
                {
                    "key": key,
                    "label": str(PRIOR_LABELS.get(key, "")),
                    "amount": json_value(value),
                }
                for key, value in sorted(data.prior_figures.items())
            ],
        ),
        "reasons": _group(
            Reason,
            ["text"],
            amount_unit,
            lines=[
                {
                    "key": key,
                    "label": reason_label(key, names=class_names),
                    "text": text,
                }
                for key, text in sorted(data.reasons.items())
            ],
        ),
    }
