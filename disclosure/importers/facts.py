"""A report's facts as plain values: read from the database, built into tables, saved.

`ReportFacts` is what an import produces and what the database holds, in one
comparable shape (`facts_of(a) == facts_of(b)` is the round-trip test).
`data_from_facts` turns it into unsaved model objects in a `ReportData`, so
the same table builders as every output rebuild the tables from a file's
figures without a query; `save_facts` writes it over a report's facts through an entry.FactWriter.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from disclosure.entry import FactChanges, FactWriter
from disclosure.exports.supplement import COUNT_FIELDS
from disclosure.forms import GRID_GROUPS, CodeList
from disclosure.models import (
    EXPENDITURE_FIELDS,
    FISCAL_FIELDS,
    INCOME_FIELDS,
    PROCUREMENT_FIELDS,
    THREE_PUBLIC_FIELDS,
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    EconomicCode,
    ExpenditureLine,
    FiscalExpenditureLine,
    FunctionCode,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from disclosure.selectors import ReportData, load_report_data
from reporting.money import ZERO
from reporting.table import Table

BALANCE_FIELDS = (
    "opening_total",
    "non_fiscal_surplus_used",
    "surplus_distribution",
    "closing_total",
)
ASSET_FIELDS = (*AssetHolding.VEHICLE_FIELDS, "equipment_over_million")


# -- the facts of a report, as plain values -------------------------------------


@dataclass
class ReportFacts:
    """Every stored fact of a report as plain values, comparable with ==.

    Line groups map a code (and fund) to their amounts; a one-per-report group
    is None when it was not entered.
    """

    income: dict[str, dict] = field(default_factory=dict)
    expenditure: dict[str, dict] = field(default_factory=dict)
    fiscal: dict[tuple[str, str], dict] = field(default_factory=dict)
    basic: dict[str, Decimal] = field(default_factory=dict)
    balances: dict | None = None
    three_public: dict | None = None
    assets: dict | None = None
    procurement: dict | None = None
    operating_expense: Decimal | None = None
    prior: dict[str, Decimal] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    # What the file says about itself (shown in the preview), not facts.
    source_unit: str = field(default="", compare=False)
    source_year: str = field(default="", compare=False)
    # Totals and subtotals the file states otherwise than its details add up
    # to: recomputed from the details (a figure changed in a spreadsheet
    # program leaves them behind), each said in the preview.
    recomputed: list[str] = field(default_factory=list, compare=False)


THREE_PUBLIC_ALL = (*THREE_PUBLIC_FIELDS, *COUNT_FIELDS)


def _values(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def facts_of(report: Report) -> ReportFacts:
    """The stored facts of `report` (for the preview and for comparing reports)."""
    data = load_report_data(report)
    return facts_from_data(data)


def _stored_fiscal(line, data: ReportData) -> dict:
    """A fiscal line's facts as stored: the 年初预算数 a 决算 reads from its 预算 is not its own."""
    values = _values(line, FISCAL_FIELDS)
    if data.budget_read:
        values["budget_initial"] = ZERO
    return values


def facts_from_data(data: ReportData) -> ReportFacts:
    def one(obj, fields):
        return None if obj is None else _values(obj, fields)

    return ReportFacts(
        income={
            line.function_code.code: _values(line, INCOME_FIELDS)
            for line in data.income_lines
        },
        expenditure={
            line.function_code.code: _values(line, EXPENDITURE_FIELDS)
            for line in data.expenditure_lines
        },
        fiscal={
            (line.fund, line.function_code.code): _stored_fiscal(line, data)
            for line in data.fiscal_lines
            # A line only the 预算 has is not stored on the 决算.
            if line.pk is not None or not data.budget_read
        },
        basic={line.economic_code.code: line.amount for line in data.basic_lines},
        balances=one(data.balances, BALANCE_FIELDS),
        three_public=one(data.three_public, THREE_PUBLIC_ALL),
        assets=one(data.assets, ASSET_FIELDS),
        procurement=one(data.procurement, PROCUREMENT_FIELDS),
        operating_expense=(
            data.operating_expense.amount if data.operating_expense else None
        ),
        prior=dict(data.prior_figures),
        reasons=dict(data.reasons),
    )


# -- building tables and data from facts -----------------------------------------


def _function_code(reader_or_codes, code: str, fiscal_year_id: int) -> FunctionCode:
    entry = reader_or_codes.by_code[code]
    return FunctionCode(
        id=entry.id,
        code=entry.code,
        name=entry.name,
        level=entry.level,
        fiscal_year_id=fiscal_year_id,
    )


def data_from_facts(
    report: Report, facts: ReportFacts, functions, economics
) -> ReportData:
    """Unsaved fact objects in a ReportData, for the table builders (no queries)."""
    year_id = report.fiscal_year_id
    codes = {}

    def fc(code):
        if code not in codes:
            codes[code] = _function_code(functions, code, year_id)
        return codes[code]

    for code in list(functions.by_code):
        if len(code) == 3:
            fc(code)
    income = [
        IncomeLine(report=report, function_code=fc(code), **values)
        for code, values in facts.income.items()
    ]
    spending = [
        ExpenditureLine(report=report, function_code=fc(code), **values)
        for code, values in facts.expenditure.items()
    ]
    fiscal = [
        FiscalExpenditureLine(
            report=report, fund=fund, function_code=fc(code), **values
        )
        for (fund, code), values in facts.fiscal.items()
    ]
    used = set(facts.income) | set(facts.expenditure) | {c for _, c in facts.fiscal}
    for code in used:
        for n in (3, 5):
            if len(code) > n and code[:n] in functions.by_code:
                fc(code[:n])
    basic = []
    for code, amount in facts.basic.items():
        entry = economics.by_code[code]
        economic = EconomicCode(
            id=entry.id,
            code=code,
            name=entry.name,
            level=entry.level,
            fiscal_year_id=year_id,
            scheme=EconomicCode.Scheme.DEPARTMENT,
        )
        basic.append(
            BasicExpenditureLine(report=report, economic_code=economic, amount=amount)
        )

    def one(model, values):
        return None if values is None else model(report=report, **values)

    return ReportData(
        report=report,
        profile=None,
        income_lines=income,
        expenditure_lines=spending,
        fiscal_lines=fiscal,
        basic_lines=basic,
        balances=one(Balances, facts.balances),
        three_public=one(ThreePublicExpenses, facts.three_public),
        assets=one(AssetHolding, facts.assets),
        procurement=one(Procurement, facts.procurement),
        operating_expense=(
            None
            if facts.operating_expense is None
            else OperatingExpense(report=report, amount=facts.operating_expense)
        ),
        prior_figures=dict(facts.prior),
        reasons=dict(facts.reasons),
        function_codes=codes,
    )


def build_tables_from_facts(
    report: Report, facts: ReportFacts, reader=None
) -> list[Table]:
    from disclosure.tables import build_tables

    functions = reader.functions if reader else CodeList(report, GRID_GROUPS["income"])
    economics = reader.economics if reader else CodeList(report, GRID_GROUPS["basic"])
    return build_tables(data_from_facts(report, facts, functions, economics))


# -- saving ---------------------------------------------------------------------


class ImportResult(FactChanges):
    """What a workbook import changed (services.FactChanges, worded per 条 of data)."""


def save_facts(writer: FactWriter, facts: ReportFacts) -> None:
    """Replace every fact of the writer's report by `facts`, through the writer."""
    report = writer.report
    functions = CodeList(report, GRID_GROUPS["income"])
    economics = CodeList(report, GRID_GROUPS["basic"])

    def by_code(queryset, key):
        return {key(obj): obj for obj in queryset}

    def line(model, **extra):
        return lambda code, values: model(
            report=report,
            function_code_id=functions.by_code[code].id,
            **extra,
            **values,
        )

    writer.sync(
        by_code(
            IncomeLine.objects.filter(report=report).select_related("function_code"),
            lambda o: o.function_code.code,
        ),
        facts.income,
        line(IncomeLine),
    )
    writer.sync(
        by_code(
            ExpenditureLine.objects.filter(report=report).select_related(
                "function_code"
            ),
            lambda o: o.function_code.code,
        ),
        facts.expenditure,
        line(ExpenditureLine),
    )
    writer.sync(
        by_code(
            FiscalExpenditureLine.objects.filter(report=report).select_related(
                "function_code"
            ),
            lambda o: (o.fund, o.function_code.code),
        ),
        facts.fiscal,
        lambda key, values: FiscalExpenditureLine(
            report=report,
            fund=key[0],
            function_code_id=functions.by_code[key[1]].id,
            **values,
        ),
    )
    writer.sync(
        by_code(
            BasicExpenditureLine.objects.filter(report=report).select_related(
                "economic_code"
            ),
            lambda o: o.economic_code.code,
        ),
        {code: {"amount": amount} for code, amount in facts.basic.items()},
        lambda code, values: BasicExpenditureLine(
            report=report, economic_code_id=economics.by_code[code].id, **values
        ),
    )
    writer.sync_one(Balances, facts.balances)
    writer.sync_one(ThreePublicExpenses, facts.three_public)
    writer.sync_one(AssetHolding, facts.assets)
    writer.sync_one(Procurement, facts.procurement)
    writer.sync_one(
        OperatingExpense,
        None
        if facts.operating_expense is None
        else {"amount": facts.operating_expense},
    )
    writer.sync(
        by_code(PriorYearFigure.objects.filter(report=report), lambda o: o.key),
        {key: {"amount": amount} for key, amount in facts.prior.items()},
        lambda key, values: PriorYearFigure(report=report, key=key, **values),
    )
    writer.sync(
        by_code(Reason.objects.filter(report=report), lambda o: o.key),
        {key: {"text": text} for key, text in facts.reasons.items()},
        lambda key, values: Reason(report=report, key=key, **values),
    )
