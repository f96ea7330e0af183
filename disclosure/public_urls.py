"""Public addresses of reports: which of a unit's forms a link to a report takes.

    /2022/<code>/          the unit's 部门决算 when one is public, else its 单位决算
    /2022/<code>/unit/     always its 单位决算 (a 主管部门's 本级)
    /2023/<code>/budget/       its 2023 预算, in the same two forms:
    /2023/<code>/budget/unit/  the 部门预算 when public, else the 单位预算; the 单位预算

The 决算 keeps the addresses it has always had; a 预算 of the same unit and
year hangs below `budget/`, which no unit code can be.

Each has a `r<n>/` form for one revision, and every download hangs below
both (`report.pdf`, `report.xlsx`, `report.json`, `tables/<table>.csv`), as
does the 预算执行情况 (`execution/`, `execution.csv`, `execution.json`).
The plain form of a 主管部门 changes meaning when its 部门决算 is published,
so a link to one specific report never relies on it there:

- a 部门决算 uses the plain form;
- a 单位决算 of a unit without a parent (a 主管部门's 本级) uses `/unit/`;
- any other 单位决算 uses the plain form (only a 主管部门 has a 部门决算).

The choice is made from the report's own fields, without a query, so that
the links frozen into a snapshot at publication keep pointing at it.

    report_url(report, "report_pdf")             # /2022/<code>/unit/report.pdf
    report_url(report, "table_csv_revision", "t05")
    url_for("report", 2022, code, unit_form=True)
"""

from django.urls import path, reverse

# The URL names of the /unit/ form are the plain names with this prefix,
# those of a 预算 with BUDGET_PREFIX before that.
UNIT_FORM_PREFIX = "unit_level_"
BUDGET_PREFIX = "budget_"
# Route names (without the revision suffix) that exist in both forms.
REPORT_ROUTES = (
    "report",
    "report_pdf",
    "report_xlsx",
    "report_json",
    "table_csv",
    "execution",
    "execution_csv",
    "execution_json",
)
REVISION_SUFFIX = "_revision"


def unit_form(level: str, parent_id: int | None) -> bool:
    """Whether a report of `level`, of a unit with `parent_id`, is linked in the /unit/ form."""
    from disclosure.models import Report

    return level == Report.Level.UNIT and parent_id is None


def url_for(
    name: str,
    year: int,
    unit_code: str,
    *extra,
    revision: int | None = None,
    unit_form: bool = False,
    budget: bool = False,
) -> str:
    """The URL of route `name` ("report", "report_pdf_revision" …) for one unit's year.

    A `…_revision` name needs `revision`; `extra` follows (a table's key).
    `budget`: the year's 预算 rather than its 决算.
    """
    base = name.removesuffix(REVISION_SUFFIX)
    if base not in REPORT_ROUTES:
        raise ValueError(f"不是报告的公开地址名称：{name}")
    args = [year, unit_code]
    if name.endswith(REVISION_SUFFIX):
        if revision is None:
            raise ValueError(f"地址 {name} 需要版次。")
        args.append(revision)
    return reverse(
        f"disclosure:{route_name(name, unit_form, budget)}", args=[*args, *extra]
    )


def route_name(name: str, unit_form: bool = False, budget: bool = False) -> str:
    """The URL name of route `name` in the given form."""
    return (
        (BUDGET_PREFIX if budget else "")
        + (UNIT_FORM_PREFIX if unit_form else "")
        + name
    )


def report_url(report, name: str = "report", *extra) -> str:
    """The public URL of `report` for route `name`; the revision forms name its own revision.

    `report` needs its unit and fiscal year loaded (select_related) to cost
    no query.
    """
    return url_for(
        name,
        report.fiscal_year.year,
        report.unit.code,
        *extra,
        revision=report.revision,
        unit_form=unit_form(report.level, report.unit.parent_id),
        budget=report.kind == "budget",
    )


def report_paths(route: str, view, name: str, *, budget: bool = True) -> list:
    """The URLs of the current revision and of a given one, plain and below /unit/.

    With `budget`, the same four again below /budget/, for the year's 预算
    (disclosure/public_urls.py).
    """
    from disclosure.models import Report

    paths = []
    for is_budget in (False, True) if budget else (False,):
        for unit_form in (False, True):
            kwargs = {}
            if unit_form:
                kwargs["level"] = Report.Level.UNIT
            if is_budget:
                kwargs["kind"] = Report.Kind.BUDGET
            base = "<int:year>/<str:unit_code>/" + (
                ("budget/" if is_budget else "") + ("unit/" if unit_form else "")
            )
            named = route_name(name, unit_form, is_budget)
            paths += [
                path(f"{base}{route}", view, kwargs, name=named),
                path(
                    f"{base}r<int:revision>/{route}",
                    view,
                    kwargs,
                    name=f"{named}{REVISION_SUFFIX}",
                ),
            ]
    return paths
