"""One synthetic unit: its traits, drawn once, and one consistent report per year."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from demo.synthetic.codes import THREE_PUBLIC_LINES, CodeBook
from demo.synthetic.vocabulary import (
    ACTIVITIES,
    ADMINISTRATIVE_COMMON,
    BODY_NAMES,
    BUDGET_REASONS,
    CHANGE_REASONS,
    CORE_PERSONNEL,
    PUBLIC_SERVICE_COMMON,
    THREE_PUBLIC_BUDGET_REASONS,
    VEHICLE_CATEGORIES,
    Area,
)
from disclosure.models import (
    AssetHolding,
    Balances,
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    OperatingExpense,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from disclosure.report_templates import JIANGXI_2022_UNIT
from units.models import Unit, UnitProfile

SYNTHETIC_NOTE = "合成测试数据：随机生成，仅用于性能测试，不是任何单位的真实决算。"

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
    Reason,
)
MIN_ITEM_LINES, MAX_ITEM_LINES = 5, 40
MIN_ECONOMIC_LINES, MAX_ECONOMIC_LINES = 10, 30

# The classes the narrative's §四 walks through (disclosure.narrative.ECONOMIC_CLASSES).
NARRATIVE_ECONOMIC_CLASSES = ("301", "302", "303", "307", "310", "399")
PERSONNEL_CLASSES = ("301", "303")
THREE_PUBLIC_ITEMS = ("abroad", "reception", "vehicle_purchase", "vehicle_operation")
# Per mille of a unit's spending paid from 财政拨款, by unit type; the rest is
# paid from 事业收入, 上级补助 and 其他收入.
FISCAL_SHARE = {
    Unit.UnitType.ADMINISTRATIVE: (1000, 1000),
    Unit.UnitType.CIVIL_SERVANT_MANAGED: (950, 1000),
    Unit.UnitType.PUBLIC_WELFARE_1: (850, 1000),
    Unit.UnitType.PUBLIC_WELFARE_2: (400, 900),
    Unit.UnitType.OTHER: (300, 900),
}
FUND_INCOME_FIELD = {
    Fund.GENERAL: "general_budget",
    Fund.GOV_FUND: "gov_fund",
    Fund.STATE_CAPITAL: "state_capital",
}
ADMINISTRATIVE_TYPES = {
    Unit.UnitType.ADMINISTRATIVE,
    Unit.UnitType.CIVIL_SERVANT_MANAGED,
}


def money(cents: int) -> Decimal:
    """Hundredths of the amount unit → an exact two-place Decimal."""
    return Decimal(cents).scaleb(-2)


def split(total: int, weights: list[int]) -> list[int]:
    """`total` shared in proportion to `weights`; the parts add up to `total` exactly.

    Largest remainders get the leftover units, ties by position, so the result
    depends on nothing but the inputs.
    """
    whole = sum(weights)
    if not weights or whole == 0:
        return [total] + [0] * (len(weights) - 1) if weights else []
    parts = [total * w // whole for w in weights]
    leftover = total - sum(parts)
    order = sorted(
        range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i)
    )
    for i in order[:leftover]:
        parts[i] += 1
    return parts


def split_positive(total: int, weights: list[int]) -> list[int]:
    """Like `split`, but every part gets at least one hundredth when there is enough."""
    if total < len(weights):
        return split(total, weights)
    return [1 + part for part in split(total - len(weights), weights)]


def per_mille(value: int, rng: random.Random, low: int, high: int) -> int:
    return value * rng.randint(low, high) // 1000


@dataclass
class UnitSpec:
    code: str
    name: str
    unit_type: str
    area: Area
    department_code: str | None  # None for a 主管部门


@dataclass
class YearFigures:
    """What next year's report needs from this one: balances and the narrative's comparatives."""

    income_total: int
    expenditure_total: int
    closing_total: int
    fiscal_closing: dict[str, int]
    basic_by_class: dict[str, int]
    three_public: dict[str, int]


@dataclass
class Bundle:
    """One report and everything that belongs to it, unsaved."""

    report: Report
    published_at: datetime
    profile: UnitProfile
    bodies: list[str]
    rows: dict[type, list] = field(default_factory=dict)


@dataclass
class Line:
    code: str
    fund: str
    basic: int
    project: int
    fiscal_basic: int
    fiscal_project: int

    @property
    def spending(self) -> int:
        return self.basic + self.project

    @property
    def fiscal(self) -> int:
        return self.fiscal_basic + self.fiscal_project


class UnitGenerator:
    """Draws one unit's traits once, then one report per year, each following the last."""

    def __init__(
        self,
        spec: UnitSpec,
        book: CodeBook,
        seed: int,
        unit_id: int,
        year_ids: dict[int, int],
    ):
        self.spec = spec
        self.book = book
        self.unit_id = unit_id
        self.year_ids = year_ids  # year → FiscalYear pk
        self.rng = rng = random.Random(f"synthetic:{seed}:{spec.code}")
        self.administrative = spec.unit_type in ADMINISTRATIVE_TYPES
        if spec.department_code is None:
            self.scale = rng.randint(100_000, 1_000_000)
        else:
            band = rng.choices(
                [(5_000, 30_000), (30_000, 200_000), (200_000, 2_000_000)],
                weights=[50, 35, 15],
            )[0]
            self.scale = rng.randint(*band)
        self.fiscal_share = rng.randint(*FISCAL_SHARE[spec.unit_type])
        # How non-fiscal income splits into 事业 / 上级补助 (the rest is 其他收入).
        if spec.unit_type == Unit.UnitType.PUBLIC_WELFARE_2:
            self.business_share, self.grant_share = rng.randint(600, 950), 0
        else:
            self.business_share = 0 if self.administrative else rng.randint(0, 500)
            self.grant_share = rng.randint(0, 300)

        self._draw_codes()
        self._draw_economic()
        self.vehicles = (
            0
            if rng.randint(1, 10) <= 4
            else rng.randint(1, min(12, 3 + self.scale // 100_000))
        )
        self.vehicle_categories = rng.sample(VEHICLE_CATEGORIES, rng.randint(1, 3))
        self.reception = rng.randint(1, 4) > 1
        self.foreign_reception = self.reception and rng.randint(1, 20) == 1
        self.abroad = self.scale >= 100_000 and rng.randint(1, 12) == 1
        self.equipment = rng.randint(0, 3) if self.scale >= 200_000 else 0
        self.staff = max(3, self.scale // 1_500 + rng.randint(0, 5))
        self.bodies = rng.sample(BODY_NAMES, rng.randint(2, 6))
        self.previous: YearFigures | None = None

    # -- traits

    def _draw_codes(self) -> None:
        rng, book = self.rng, self.book
        area = self.spec.area
        common = ADMINISTRATIVE_COMMON if self.administrative else PUBLIC_SERVICE_COMMON
        common = [c for c in common if c in book.items]
        self.common = rng.sample(common, min(len(common), rng.randint(3, 5)))
        self.pool = [
            c for c in book.general_pool(area.classes) if c not in self.common
        ] or [c for c in book.all_general if c not in self.common]
        self.gov_codes, self.soe_codes = [], []
        if rng.randint(1, 8) == 1:
            gov_pool = [c for cls in area.classes for c in book.gov_fund.get(cls, [])]
            gov_pool = gov_pool or [
                c for cls in sorted(book.gov_fund) for c in book.gov_fund[cls]
            ]
            if gov_pool:
                self.gov_codes = rng.sample(
                    gov_pool, min(len(gov_pool), rng.randint(1, 3))
                )
        if book.state_capital and rng.randint(1, 50) == 1:
            self.soe_codes = [rng.choice(book.state_capital)]
        wanted = min(
            rng.randint(MIN_ITEM_LINES, MAX_ITEM_LINES),
            rng.randint(MIN_ITEM_LINES, MAX_ITEM_LINES),
        )
        room = MAX_ITEM_LINES - len(self.gov_codes) - len(self.soe_codes)
        wanted = max(len(self.common) + 1, min(wanted, room))
        extra = rng.sample(self.pool, min(len(self.pool), wanted - len(self.common)))
        if len(self.common) + len(extra) < wanted:
            rest = [c for c in self.book.all_general if c not in {*self.common, *extra}]
            extra += rng.sample(
                rest, min(len(rest), wanted - len(self.common) - len(extra))
            )
        self.codes = sorted([*self.common, *extra])
        self.weights: dict[str, int] = {}
        self.basic_share: dict[str, int] = {}
        for code in self.codes:
            self._draw_code_traits(code)

    def _draw_code_traits(self, code: str) -> None:
        rng = self.rng
        if code in self.common:
            self.weights[code] = rng.randint(20, 60)
            self.basic_share[code] = 1000
        elif code.endswith("01"):  # 行政运行
            self.weights[code] = rng.randint(100, 300)
            self.basic_share[code] = rng.randint(900, 1000)
        elif code.endswith("50"):  # 事业运行
            self.weights[code] = rng.randint(100, 300)
            self.basic_share[code] = rng.randint(700, 1000)
        else:
            self.weights[code] = rng.randint(1, 100)
            self.basic_share[code] = (
                0 if rng.randint(1, 5) <= 2 else rng.randint(0, 600)
            )

    def _draw_economic(self) -> None:
        rng, economic = self.rng, self.book.economic
        personnel = [c for c in CORE_PERSONNEL if c in economic.get("301", [])]
        others_301 = [c for c in economic.get("301", []) if c not in personnel]
        personnel += rng.sample(others_301, min(len(others_301), rng.randint(2, 6)))
        families = rng.sample(
            economic.get("303", []),
            min(len(economic.get("303", [])), rng.randint(1, 3)),
        )
        capital = rng.sample(
            economic.get("310", []),
            min(len(economic.get("310", [])), rng.randint(0, 2)),
        )
        other = economic.get("399", [])[-1:] if rng.randint(1, 10) == 1 else []
        used = len(personnel) + len(families) + len(capital) + len(other)
        wanted = rng.randint(MIN_ECONOMIC_LINES, MAX_ECONOMIC_LINES)
        goods_pool = economic.get("302", [])
        # Room is kept for the up to three “三公” lines added in a given year.
        count = max(2, min(wanted, MAX_ECONOMIC_LINES - 3) - used)
        goods = rng.sample(goods_pool, min(len(goods_pool), count))
        self.economic_weights: dict[str, int] = {}
        for codes, low, high in (
            (personnel, 200, 900),
            (families, 30, 200),
            (goods, 10, 120),
            (capital, 10, 80),
            (other, 5, 30),
        ):
            for code in codes:
                self.economic_weights[code] = rng.randint(low, high)
        # Small weights: these lines are a few per cent of basic spending.
        self.three_public_weights = {
            THREE_PUBLIC_LINES["abroad"]: rng.randint(5, 30),
            THREE_PUBLIC_LINES["reception"]: rng.randint(3, 15),
            THREE_PUBLIC_LINES["vehicle_operation"]: rng.randint(5, 40),
        }

    # -- one year

    def _churn(self) -> None:
        """A unit's codes drift a little from year to year."""
        rng = self.rng
        optional = [c for c in self.codes if c not in self.common]
        total = len(self.codes) + len(self.gov_codes) + len(self.soe_codes)
        if optional and total > MIN_ITEM_LINES and rng.randint(1, 3) == 1:
            self.codes.remove(rng.choice(optional))
            total -= 1
        fresh = [c for c in self.pool if c not in self.codes]
        if fresh and total < MAX_ITEM_LINES and rng.randint(1, 3) == 1:
            code = rng.choice(fresh)
            self.codes = sorted([*self.codes, code])
            if code not in self.weights:
                self._draw_code_traits(code)

    def report(self, year: int) -> Bundle:
        rng = self.rng
        if self.previous is not None:
            self._churn()
            self.scale = per_mille(self.scale, rng, 900, 1150)
        # A unit that travels abroad does not do so every year.
        self.abroad_this_year = self.abroad and rng.randint(1, 2) == 1
        lines = self._lines()
        fiscal = self._fiscal(lines)
        income, totals = self._income(lines, fiscal)
        economic = self._economic(year, lines)
        three_public, purchased = self._three_public(economic, totals["fiscal"])
        self.vehicles += purchased

        approved = date(year + 1, rng.randint(5, 8), rng.randint(1, 28))
        # Facts can only be written to a draft; the report is published once
        # they are in (see demo.synthetic._write).
        report = Report(
            unit_id=self.unit_id,
            fiscal_year_id=self.year_ids[year],
            status=Report.Status.DRAFT,
            amount_unit=Report.AmountUnit.WAN_YUAN,
            template_variant=JIANGXI_2022_UNIT.code,
            approval_date=approved,
            data_note=SYNTHETIC_NOTE,
        )
        # Published within the 20 days after approval that the rules allow.
        published_at = timezone.make_aware(
            datetime.combine(approved + timedelta(days=rng.randint(1, 20)), time(10))
        )
        function_ids = self.book.function_ids[year]
        economic_ids = self.book.economic_ids[year]
        bundle = Bundle(report, published_at, self._profile(year), self.bodies)
        bundle.rows[ExpenditureLine] = [
            ExpenditureLine(
                report=report,
                function_code_id=function_ids[line.code],
                basic=money(line.basic),
                project=money(line.project),
            )
            for line in lines
        ]
        bundle.rows[FiscalExpenditureLine] = [
            FiscalExpenditureLine(
                report=report,
                function_code_id=function_ids[code],
                fund=fund,
                **{name: money(value) for name, value in values.items()},
            )
            for (fund, code), values in fiscal.items()
        ]
        bundle.rows[IncomeLine] = [
            IncomeLine(
                report=report,
                function_code_id=function_ids[code],
                **{name: money(value) for name, value in values.items()},
            )
            for code, values in income.items()
            if any(values.values())
        ]
        bundle.rows[BasicExpenditureLine] = [
            BasicExpenditureLine(
                report=report, economic_code_id=economic_ids[code], amount=money(value)
            )
            for code, value in economic.items()
        ]
        bundle.rows[Balances] = [
            Balances(
                report=report,
                opening_total=money(totals["opening"]),
                closing_total=money(totals["closing"]),
            )
        ]
        counts = self._counts(three_public, purchased)
        bundle.rows[ThreePublicExpenses] = [
            ThreePublicExpenses(
                report=report,
                **{name: money(value) for name, value in three_public.items()},
                **counts,
            )
        ]
        bundle.rows[AssetHolding] = [self._assets(report, counts["vehicles_held"])]
        bundle.rows[Procurement] = [self._procurement(report, totals["fiscal"])]
        public = sum(v for c, v in economic.items() if c[:3] not in PERSONNEL_CLASSES)
        bundle.rows[OperatingExpense] = (
            [
                OperatingExpense(
                    report=report, amount=money(per_mille(public, rng, 500, 950))
                )
            ]
            if self.administrative
            else []
        )

        current = YearFigures(
            income_total=totals["income"],
            expenditure_total=totals["spending"],
            closing_total=totals["closing"],
            fiscal_closing={
                fund: sum(
                    v["closing_balance"] for (f, _), v in fiscal.items() if f == fund
                )
                for fund in Fund.values
            },
            basic_by_class={
                cls: sum(v for c, v in economic.items() if c[:3] == cls)
                for cls in NARRATIVE_ECONOMIC_CLASSES
            },
            three_public={
                item: three_public[f"actual_{item}"] for item in THREE_PUBLIC_ITEMS
            },
        )
        bundle.rows[Reason] = [
            Reason(report=report, key=key, text=text)
            for key, text in self._reasons(fiscal, three_public, current).items()
        ]
        _verify(self.spec, year, lines, fiscal, income, economic, three_public, totals)
        self.previous = current
        return bundle

    def _lines(self) -> list[Line]:
        rng = self.rng
        gov_total = per_mille(self.scale, rng, 30, 250) if self.gov_codes else 0
        soe_total = per_mille(self.scale, rng, 10, 80) if self.soe_codes else 0
        general_total = self.scale - gov_total - soe_total
        lines = []
        # Each code's share moves a little from year to year.
        spending = split_positive(
            general_total,
            [self.weights[c] * rng.randint(850, 1150) for c in self.codes],
        )
        for code, amount in zip(self.codes, spending, strict=True):
            basic = amount * self.basic_share[code] // 1000
            project = amount - basic
            lines.append(
                Line(
                    code,
                    Fund.GENERAL,
                    basic,
                    project,
                    basic * self.fiscal_share // 1000,
                    project * self.fiscal_share // 1000,
                )
            )
        # 政府性基金 and 国有资本经营 money is all 财政拨款 and all project spending.
        for fund, codes, total in (
            (Fund.GOV_FUND, self.gov_codes, gov_total),
            (Fund.STATE_CAPITAL, self.soe_codes, soe_total),
        ):
            amounts = split_positive(total, [rng.randint(1, 10) for _ in codes])
            lines += [
                Line(c, fund, 0, a, 0, a) for c, a in zip(codes, amounts, strict=True)
            ]
        return lines

    def _fiscal(self, lines: list[Line]) -> dict[tuple[str, str], dict[str, int]]:
        """财政拨款 lines per (fund, code): spending, 年初预算, opening and closing balances."""
        rng = self.rng
        fiscal = {}
        for line in lines:
            if line.fiscal == 0:
                continue
            actual = line.fiscal
            budget = (
                actual
                if rng.randint(1, 100) <= 35
                else per_mille(actual, rng, 800, 1150)
            )
            closing = 0 if rng.randint(1, 2) == 1 else per_mille(actual, rng, 1, 120)
            opening = 0
            if self.previous is None and rng.randint(1, 2) == 1:
                opening = per_mille(actual, rng, 1, 100)
            fiscal[(line.fund, line.code)] = {
                "basic": line.fiscal_basic,
                "project": line.fiscal_project,
                "budget_initial": budget,
                "opening_balance": opening,
                "closing_balance": closing,
            }
        if self.previous is not None:
            # Last year's closing balance of each fund opens this year, spread over
            # the fund's lines; a line never opens with more than it spends and
            # keeps, so its income stays ≥ 0. What does not fit is carried as
            # non-fiscal balance (the unit-wide total still equals last year's).
            for fund in Fund.values:
                keys = [k for k in fiscal if k[0] == fund]
                shares = split(
                    self.previous.fiscal_closing[fund],
                    [fiscal[k]["basic"] + fiscal[k]["project"] for k in keys],
                )
                for key, share in zip(keys, shares, strict=True):
                    values = fiscal[key]
                    cap = (
                        values["basic"] + values["project"] + values["closing_balance"]
                    )
                    values["opening_balance"] = min(share, cap)
        return fiscal

    def _income(self, lines, fiscal):
        """Income per code so that every fund and the whole unit balance, and the totals."""
        rng = self.rng
        income = {}
        for line in lines:
            income.setdefault(
                line.code,
                {
                    "general_budget": 0,
                    "gov_fund": 0,
                    "state_capital": 0,
                    "superior_grant": 0,
                    "business": 0,
                    "other": 0,
                },
            )
        for (fund, code), v in fiscal.items():
            income[code][FUND_INCOME_FIELD[fund]] += (
                v["basic"] + v["project"] + v["closing_balance"] - v["opening_balance"]
            )
        fiscal_opening = sum(v["opening_balance"] for v in fiscal.values())
        fiscal_closing = sum(v["closing_balance"] for v in fiscal.values())
        non_fiscal = [line.spending - line.fiscal for line in lines]
        non_fiscal_total = sum(non_fiscal)
        if self.previous is None:
            opening = fiscal_opening + (
                per_mille(non_fiscal_total, rng, 0, 150) if non_fiscal_total else 0
            )
        else:
            opening = self.previous.closing_total
        non_fiscal_opening = opening - fiscal_opening
        if non_fiscal_total:
            non_fiscal_closing = max(
                per_mille(non_fiscal_total, rng, 0, 150),
                non_fiscal_opening - non_fiscal_total,
            )
        else:
            non_fiscal_closing = non_fiscal_opening
        non_fiscal_income = non_fiscal_total + non_fiscal_closing - non_fiscal_opening
        parts = split(non_fiscal_income, non_fiscal)
        for line, part in zip(lines, parts, strict=True):
            business = part * self.business_share // 1000
            grant = (part - business) * self.grant_share // 1000
            values = income[line.code]
            values["business"] += business
            values["superior_grant"] += grant
            values["other"] += part - business - grant
        totals = {
            "opening": opening,
            "closing": fiscal_closing + non_fiscal_closing,
            "income": sum(sum(v.values()) for v in income.values()),
            "spending": sum(line.spending for line in lines),
            "fiscal": sum(line.fiscal for line in lines),
        }
        return income, totals

    def _economic(self, year: int, lines: list[Line]) -> dict[str, int]:
        """一般公共预算财政拨款基本支出 spread over the unit's 经济分类 款."""
        rng = self.rng
        basic = sum(line.fiscal_basic for line in lines if line.fund == Fund.GENERAL)
        weights = dict(self.economic_weights)
        present = {
            "abroad": self.abroad_this_year,
            "reception": self.reception,
            "vehicle_operation": self.vehicles > 0,
        }
        for item, wanted in present.items():
            code = THREE_PUBLIC_LINES[item]
            if wanted and code in self.book.economic_ids[year]:
                weights[code] = self.three_public_weights[code]
        codes = sorted(weights)
        amounts = split_positive(
            basic, [weights[c] * rng.randint(850, 1150) for c in codes]
        )
        return {c: a for c, a in zip(codes, amounts, strict=True) if a}

    def _three_public(self, economic, fiscal_total) -> tuple[dict[str, int], int]:
        """“三公” 预算数 and 决算数: each item covers its economic line, plus some project money."""
        rng = self.rng

        def actual(item, happens):
            line = economic.get(THREE_PUBLIC_LINES.get(item, ""), 0)
            if not happens:
                return 0
            return line + per_mille(line, rng, 0, 300)

        def budget(value, planned):
            if not planned:
                return 0
            if value == 0:
                return rng.randint(100, 800)
            if rng.randint(1, 10) <= 4:
                return value
            return per_mille(value, rng, 850, 1300)

        actuals = {
            "abroad": actual("abroad", self.abroad_this_year),
            "reception": actual("reception", self.reception),
            "vehicle_operation": actual("vehicle_operation", self.vehicles > 0),
            "vehicle_purchase": 0,
        }
        purchased = 0
        if self.vehicles and self.scale >= 50_000 and rng.randint(1, 8) == 1:
            price = rng.randint(1_200, 3_000)
            # Rule X-17: “三公” never exceeds 财政拨款 spending.
            if sum(actuals.values()) + price <= fiscal_total:
                actuals["vehicle_purchase"], purchased = price, 1
        planned = {
            "abroad": self.abroad,
            "reception": self.reception,
            "vehicle_operation": self.vehicles > 0,
            "vehicle_purchase": purchased > 0,
        }
        values = {}
        for item in THREE_PUBLIC_ITEMS:
            values[f"budget_{item}"] = budget(actuals[item], planned[item])
        for item in THREE_PUBLIC_ITEMS:
            values[f"actual_{item}"] = actuals[item]
        return values, purchased

    def _counts(self, three_public, purchased) -> dict[str, int]:
        """Counts that match the amounts (rule N5-4): an item with money has events."""
        rng = self.rng
        counts = dict.fromkeys(
            (
                "abroad_groups",
                "abroad_people",
                "reception_batches",
                "reception_people",
                "foreign_reception_batches",
                "foreign_reception_people",
            ),
            0,
        )
        if three_public["actual_abroad"]:
            counts["abroad_groups"] = rng.randint(1, 3)
            counts["abroad_people"] = counts["abroad_groups"] * rng.randint(2, 5)
        reception = three_public["actual_reception"]
        if reception:
            batches = max(1, reception // rng.randint(15, 40))
            counts["reception_batches"] = batches
            counts["reception_people"] = batches * rng.randint(2, 6)
            if self.foreign_reception:
                counts["foreign_reception_batches"] = rng.randint(1, min(3, batches))
                counts["foreign_reception_people"] = min(
                    counts["reception_people"],
                    counts["foreign_reception_batches"] * rng.randint(2, 5),
                )
        counts["vehicles_purchased"] = purchased
        counts["vehicles_held"] = self.vehicles
        return counts

    def _assets(self, report, held: int) -> AssetHolding:
        assets = AssetHolding(report=report, equipment_over_million=self.equipment)
        parts = split(held, [1] * len(self.vehicle_categories))
        for name, count in zip(self.vehicle_categories, parts, strict=True):
            setattr(assets, name, count)
        return assets

    def _procurement(self, report, fiscal_total: int) -> Procurement:
        rng = self.rng
        goods = per_mille(fiscal_total, rng, 5, 60)
        works = per_mille(fiscal_total, rng, 10, 200) if rng.randint(1, 5) == 1 else 0
        services = per_mille(fiscal_total, rng, 5, 80)
        sme = {
            "sme_goods": per_mille(goods, rng, 500, 1000),
            "sme_works": per_mille(works, rng, 300, 1000),
            "sme_services": per_mille(services, rng, 500, 1000),
        }
        # One hundredth below the 中小企业 total at most: SQLite checks the
        # small_micro ≤ sum constraint in floating point, where an exact tie can fail.
        small_micro = max(
            0, min(per_mille(sum(sme.values()), rng, 300, 1000), sum(sme.values()) - 1)
        )
        return Procurement(
            report=report,
            goods=money(goods),
            works=money(works),
            services=money(services),
            small_micro=money(small_micro),
            **{name: money(value) for name, value in sme.items()},
        )

    def _profile(self, year: int) -> UnitProfile:
        rng = self.rng
        in_service = max(1, per_mille(self.staff, rng, 950, 1050))
        retired = per_mille(in_service, rng, 0, 400)
        retired_li = 1 if rng.randint(1, 30) == 1 else 0
        area = self.spec.area
        return UnitProfile(
            unit_id=self.unit_id,
            year=year,
            duties="\n".join(
                (
                    f"负责{area.duty}相关工作。",
                    "完成上级部门交办的其他工作任务。",
                )
            ),
            staff_total=in_service + retired_li + retired,
            staff_in_service=in_service,
            staff_retired_li=retired_li,
            staff_retired_tui=retired,
            staff_other=rng.randint(0, max(1, in_service // 5)),
            pensioners_paid_by_fund=rng.randint(0, max(1, in_service // 2)),
        )

    def _reasons(self, fiscal, three_public, current: YearFigures) -> dict[str, str]:
        """A reason for each slot the narrative requires, and only there (rule R-1)."""
        rng = self.rng
        reasons = {}

        def explain(key, increased, texts):
            reasons[key] = rng.choice(texts[increased])

        previous = self.previous
        if previous is not None:
            for key, now, before in (
                ("income_total", current.income_total, previous.income_total),
                (
                    "expenditure_total",
                    current.expenditure_total,
                    previous.expenditure_total,
                ),
                ("closing_total", current.closing_total, previous.closing_total),
            ):
                if now != before:
                    explain(key, now > before, CHANGE_REASONS)
            for cls in NARRATIVE_ECONOMIC_CLASSES:
                now, before = current.basic_by_class[cls], previous.basic_by_class[cls]
                if now != before:
                    explain(f"basic_class:{cls}", now > before, CHANGE_REASONS)
            for item in THREE_PUBLIC_ITEMS:
                now, before = current.three_public[item], previous.three_public[item]
                if now != before:
                    explain(f"three_public:{item}:yoy", now > before, CHANGE_REASONS)
        by_class: dict[str, list[int]] = {}
        for (_, code), v in fiscal.items():
            bucket = by_class.setdefault(code[:3], [0, 0])
            bucket[0] += v["budget_initial"]
            bucket[1] += v["basic"] + v["project"]
        for cls in sorted(by_class):
            budget, actual = by_class[cls]
            if budget != actual:
                explain(f"fiscal_class:{cls}", actual > budget, BUDGET_REASONS)
        for item in THREE_PUBLIC_ITEMS:
            budget, actual = (
                three_public[f"budget_{item}"],
                three_public[f"actual_{item}"],
            )
            if budget != actual:
                explain(
                    f"three_public:{item}:budget",
                    actual > budget,
                    THREE_PUBLIC_BUDGET_REASONS,
                )
        for item, text in ACTIVITIES.items():
            if three_public[f"actual_{item}"]:
                reasons[f"three_public:{item}:activity"] = text
        return reasons


def _verify(spec, year, lines, fiscal, income, economic, three_public, totals) -> None:
    """Refuse to write a report whose own identities do not hold (a generator bug)."""
    problems = []
    if totals["income"] + totals["opening"] != totals["spending"] + totals["closing"]:
        problems.append("本年收入 + 年初结转和结余 ≠ 本年支出 + 年末结转和结余")
    for fund, name in FUND_INCOME_FIELD.items():
        rows = [v for (f, _), v in fiscal.items() if f == fund]
        sources = sum(v[name] for v in income.values()) + sum(
            r["opening_balance"] for r in rows
        )
        uses = sum(r["basic"] + r["project"] + r["closing_balance"] for r in rows)
        if sources != uses:
            problems.append(f"{Fund(fund).label}收支不平衡")
    general_basic = sum(
        line.fiscal_basic for line in lines if line.fund == Fund.GENERAL
    )
    if sum(economic.values()) != general_basic:
        problems.append("经济分类明细之和 ≠ 一般公共预算财政拨款基本支出")
    actual = sum(three_public[f"actual_{item}"] for item in THREE_PUBLIC_ITEMS)
    if actual > totals["fiscal"]:
        problems.append("“三公”经费决算数 > 财政拨款支出")
    if any(value < 0 for v in income.values() for value in v.values()):
        problems.append("收入出现负数")
    if problems:
        raise RuntimeError(
            f"合成数据自检失败（{spec.code} {year} 年度）：{'；'.join(problems)}"
        )
