"""The code lists the synthetic set draws from, loaded for every year it needs."""

from dataclasses import dataclass

from demo.loader import load_substitute_code_lists
from demo.synthetic.vocabulary import (
    ADMINISTRATIVE_COMMON,
    CORE_PERSONNEL,
    PUBLIC_SERVICE_COMMON,
)
from disclosure.codelists import FIXTURES, KINDS, load_bundled_year
from disclosure.models import EconomicCode, FunctionCode

# Lists for years without a bundled file are copies of this year's list.
CODE_LIST_SOURCE_YEAR = 2022

# Basic-spending lines that are part of a “三公” item (rule X-16: line ≤ item).
THREE_PUBLIC_LINES = {
    "abroad": "30212",
    "reception": "30217",
    "vehicle_operation": "30231",
}

EXCLUDED_ECONOMIC = {*THREE_PUBLIC_LINES.values(), "31013"}


@dataclass
class CodeBook:
    """The code lists the generator draws from: ids per year, codes by class and budget."""

    function_ids: dict[int, dict[str, int]]
    economic_ids: dict[int, dict[str, int]]
    general: dict[str, list[str]]  # 类 → 项 codes of 一般公共预算
    gov_fund: dict[str, list[str]]  # 类 → 项 codes of 政府性基金预算
    state_capital: list[str]
    economic: dict[str, list[str]]  # 类 → 款 codes (部门预算支出经济分类)
    all_general: list[str]
    items: frozenset[str]  # every 项 code the generator may use

    def general_pool(self, classes) -> list[str]:
        return [code for cls in classes for code in self.general.get(cls, [])]


def ensure_code_lists(years) -> None:
    """Load the list of each year that lacks codes the generator relies on.

    A year with the bundled file gets it; any other year a copy of 2022's. A
    year whose list is complete (an official import) is left as it is.
    """
    needed_function = {*ADMINISTRATIVE_COMMON, *PUBLIC_SERVICE_COMMON}
    needed_economic = set(CORE_PERSONNEL)
    for year in sorted(years):
        have_function = FunctionCode.objects.filter(
            fiscal_year__year=year, code__in=needed_function
        ).count()
        have_economic = EconomicCode.objects.filter(
            fiscal_year__year=year,
            scheme=EconomicCode.Scheme.DEPARTMENT,
            code__in=needed_economic,
        ).count()
        if have_function == len(needed_function) and have_economic == len(
            needed_economic
        ):
            continue
        if (FIXTURES / KINDS["function"].filename(year)).exists():
            load_bundled_year(year)
        else:
            load_substitute_code_lists(year, CODE_LIST_SOURCE_YEAR)


def load_codebook(years: list[int]) -> CodeBook:
    function_ids = {}
    economic_ids = {}
    tags = {}
    for year in years:
        function_ids[year] = {}
        for code, pk, budget in FunctionCode.objects.filter(
            fiscal_year__year=year, level=FunctionCode.Level.ITEM
        ).values_list("code", "pk", "budget"):
            function_ids[year][code] = pk
            tags[code] = budget  # the last year's tag wins
        economic_ids[year] = dict(
            EconomicCode.objects.filter(
                fiscal_year__year=year,
                scheme=EconomicCode.Scheme.DEPARTMENT,
                level=EconomicCode.Level.SECTION,
            ).values_list("code", "pk")
        )
    # Only codes every year has, so a unit keeps its codes from year to year.
    items = sorted(set.intersection(*(set(ids) for ids in function_ids.values())))
    sections = sorted(set.intersection(*(set(ids) for ids in economic_ids.values())))
    general, gov_fund, state_capital = {}, {}, []
    for code in items:
        budget = tags[code]
        if budget == FunctionCode.Budget.GOV_FUND:
            gov_fund.setdefault(code[:3], []).append(code)
        elif budget == FunctionCode.Budget.STATE_CAPITAL:
            state_capital.append(code)
        else:  # untagged lists (an imported year) count as 一般公共预算
            general.setdefault(code[:3], []).append(code)
    economic = {}
    for code in sections:
        if code not in EXCLUDED_ECONOMIC:
            economic.setdefault(code[:3], []).append(code)
    return CodeBook(
        function_ids=function_ids,
        economic_ids=economic_ids,
        general=general,
        gov_fund=gov_fund,
        state_capital=state_capital,
        economic=economic,
        all_general=[code for cls in sorted(general) for code in general[cls]],
        items=frozenset(items),
    )
