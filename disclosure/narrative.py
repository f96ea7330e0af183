"""第三部分 情况说明, written from the figures (domain.md §4).

Every amount, change, share and completion rate comes from the report's
named figures (disclosure/figures.py), never from a table by its number, so
the same sentences serve every layout; accountants supply only the reasons (Reason rows, keyed by
slot). The builders handle every edge the hand-typed documents get wrong:
Δ = 0 → 持平; last year 0 → the amount only, no %; budget 0 → no completion
rate; a missing reason leaves a grammatical sentence and is reported in
`Narrative.missing_reasons` so that submission can be blocked. Every slot the
narrative offers for a reason, filled or not, is listed in `Narrative.slots`
with its Chinese label, so that nobody has to read or type a slot's key.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from disclosure.figures import ECONOMIC_CLASSES
from disclosure.models import ConsolidationMember
from disclosure.narrative_budget import budget_section_writers
from disclosure.narrative_funds import fund_section_writers
from disclosure.narrative_three_public import three_public_section
from disclosure.parts import section_writers
from disclosure.phrases import (  # noqa: F401  (the narrative's phrases, re-exported)
    CHINESE_NUMERALS,
    PERCENT_PLACES,
    amount,
    clean_reason,
    completion,
    numeral,
    ordinal,
    pct,
    share,
    sub_number,
)
from disclosure.reason_labels import (
    CLASS_REASON_PREFIXES,
    REASON_LABELS,
)
from reporting.money import ZERO, percentage

ALWAYS_LISTED_CLASSES = {"301", "302", "303", "310"}
# Income sources §一 lists even at zero, unless the template leaves zeros out.
USUAL_INCOME_SOURCES = ("财政拨款收入", "事业收入", "经营收入", "其他收入")


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    paragraphs: tuple[str, ...]
    # The template's section keys written here: one, or those of a group
    # (其他重要事项 holds operating, procurement, assets, performance).
    keys: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class ReasonSlot:
    """One place of the narrative that a reason (a Reason row) completes."""

    key: str
    where: str  # the slot's Chinese label, e.g. "收入决算情况说明 本年收入合计"
    required: bool  # a change or a budget difference asks for its reason
    filled: bool
    sentence: str  # the generated text the reason completes, up to the reason
    section: str = ""  # the heading of the narrative section it is in


@dataclass
class Narrative:
    sections: list[Section]
    missing_reasons: list[tuple[str, str]] = field(default_factory=list)  # (key, where)
    slots: list[ReasonSlot] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join("\n".join([s.heading, *s.paragraphs]) for s in self.sections)


# ---------------------------------------------------------------- phrases


class Writer:
    """Sentence helpers bound to one report: its units, years and reasons."""

    def __init__(self, data, unit_label: str, options):
        self.data = data
        self.options = options
        self.subject = options.subject  # 本单位 / 本部门
        self.unit = unit_label
        self.year = data.year
        self.last_year = data.year - 1
        self.missing: list[tuple[str, str]] = []
        self.slots: list[ReasonSlot] = []

    def money(self, value: Decimal, most_places: int = 2) -> str:
        """An amount with its unit, as the tables print it; `most_places` keeps
        decimals beyond the cent where the amount has them (绩效 funds)."""
        return f"{amount(value, self.options.zero_amount, most_places)}{self.unit}"

    def share(self, part: Decimal, whole: Decimal) -> str:
        rate = percentage(part, whole, self.options.percent_places)
        return "" if rate is None else pct(rate)

    def share_clause(self, part: Decimal, whole: Decimal) -> str:
        """'，占52.3%' after an item of a composition, where the template writes shares."""
        return (
            f"，占{self.share(part, whole)}" if self.options.composition_shares else ""
        )

    def change(
        self,
        current: Decimal,
        previous: Decimal | None,
        *,
        with_pct: bool = True,
        absent: str = "上年无此项支出",
        of_budget: bool = False,
    ) -> str:
        """较上年的变化: '较2021年增加33.05万元，增长10.7%' / '与2021年持平' / ''.

        `of_budget` compares a 预算 with last year's: '比2022年预算增加…' /
        '与2022年预算持平'.
        """
        if previous is None:
            return ""
        delta = current - previous
        last = f"{self.last_year}年预算" if of_budget else f"{self.last_year}年"
        if delta == 0:
            return f"与{last}持平"
        direction = "增加" if delta > 0 else "减少"
        text = f"{'比' if of_budget else '较'}{last}{direction}{self.money(abs(delta))}"
        if not with_pct:
            return text
        if previous == 0:
            return f"{text}（{absent}）"
        rate = percentage(abs(delta), previous, self.options.percent_places)
        return f"{text}，{'增长' if delta > 0 else '下降'}{pct(rate)}"

    def completion(self, budget: Decimal, actual: Decimal, word: str) -> str:
        """'年初预算数为…，决算数为…，完成年初预算的…' (see `completion`)."""
        return completion(self, budget, actual, word)

    def slot(self, key: str, where: str, *, required: bool, sentence: str = "") -> str:
        """The reason for `key`, cleaned ('' when absent); the slot is recorded either way."""
        text = clean_reason(self.data.reasons.get(key))
        self.slots.append(ReasonSlot(key, where, required, bool(text), sentence))
        if required and not text:
            self.missing.append((key, where))
        return text

    def reason(
        self, key: str, where: str, *, required: bool, sentence: str = ""
    ) -> str:
        """'，主要原因是：…' or '' — and a missing required reason is recorded, never invented.

        `sentence` is the text the reason completes, shown beside its box on
        the 原因说明 page.
        """
        text = self.slot(key, where, required=required, sentence=sentence)
        return f"，主要原因是：{text}" if text else ""


# ---------------------------------------------------------------- sections


def build_narrative(data, figures, prior_figures=None) -> Narrative:
    """The sections of 第三部分 for one report, as its template orders and heads them.

    `figures` are the report's Figures; `prior_figures` last year's when the
    system has last year's report, otherwise last year's figures come from
    the report's PriorYearFigure rows.
    """
    options = data.report.template.narrative
    w = Writer(data, data.report.get_amount_unit_display(), options)
    prior = PriorFigures(data, prior_figures)
    writers = {
        **fund_section_writers(w, figures, data, prior),
        **budget_section_writers(w, figures, data, prior),
        "income": lambda: _income(w, figures, prior),
        "expenditure": lambda: _expenditure(w, figures, prior),
        "fiscal": lambda: _fiscal(w, figures, data),
        "basic": lambda: _basic(w, figures, prior),
        "three_public": lambda: three_public_section(w, figures, data, prior),
        "operating": lambda: _operating(w, data, prior),
        "procurement": lambda: _procurement(w, data),
        "assets": lambda: _assets(w, figures),
    }
    # Sections of other apps' report parts (§九 绩效, disclosure/parts.py).
    for key, write in section_writers().items():
        writers[key] = lambda write=write: write(w, figures, data)
    sections = []
    for key, heading, *nested in options.headings:
        first_slot = len(w.slots)
        if nested:
            paragraphs = _grouped(
                writers, nested[0], data.year, options.group_numbering
            )
            keys = tuple(child for child, _ in nested[0] if child in writers)
        elif key in writers:
            paragraphs, keys = writers[key](), (key,)
        else:  # a section whose part is not installed is left out
            continue
        title = heading.format(year=data.year)
        number = numeral(len(sections) + 1)
        section = Section(number, title, paragraphs, keys)
        sections.append(section)
        w.slots[first_slot:] = [
            replace(slot, section=section.heading) for slot in w.slots[first_slot:]
        ]
    return Narrative(sections, w.missing, w.slots)


def _grouped(writers, nested, year: int, numbering: str = "chinese") -> tuple[str, ...]:
    """The sections under one heading: each its （一） (or 1、) sub-heading, then its text."""
    paragraphs = []
    present = [(key, heading) for key, heading in nested if key in writers]
    for index, (key, heading) in enumerate(present, start=1):
        paragraphs.append(f"{sub_number(index, numbering)}{heading.format(year=year)}")
        paragraphs += writers[key]()
    return tuple(paragraphs)


class PriorFigures:
    """Last year's figures: from last year's report when present, else from stored comparatives."""

    def __init__(self, data, figures):
        self.stored = data.prior_figures
        self.figures = figures

    def get(self, key: str, figure: str, *path: str) -> Decimal | None:
        """Stored comparative `key`, or last year's figure `figure` (then `path` into it).

        Last year's report counts a figure it does not carry as zero.
        """
        if self.figures is None:
            return self.stored.get(key)
        value = self.figures[figure]
        for step in path:
            value = None if value is None else value.get(step)
        return ZERO if value is None else value


def _income(w: Writer, f, prior: PriorFigures) -> tuple[str, ...]:
    grand, begin, total = (
        f.amount(name)
        for name in ("income_grand_total", "opening_total", "income_total")
    )
    last_grand = prior.get("income_grand_total", "income_grand_total")
    last_begin = prior.get("opening_total", "opening_total")
    last_total = prior.get("income_total", "income_total")
    first = f"{w.subject}{w.year}年度收入总计{w.money(grand)}"
    change = w.change(grand, last_grand, with_pct=False)
    first += f"，{change}。" if change else "。"
    begin_change = w.change(begin, last_begin, absent="上年无结转和结余")
    total_change = w.change(total, last_total, absent="上年无收入")
    moved = last_total is not None and total != last_total
    parts = [
        f"其中年初结转和结余{w.money(begin)}"
        + (f"，{begin_change}" if begin_change else "")
    ]
    head = f"本年收入合计{w.money(total)}" + (
        f"，{total_change}" if total_change else ""
    )
    parts.append(
        head
        + w.reason(
            "income_total", REASON_LABELS["income_total"], required=moved, sentence=head
        )
    )
    paragraphs = [first + "；".join(parts) + "。"]
    by_source = f["income_by_source"]
    sources = [
        ("财政拨款收入", f["fiscal_income"]),
        ("上级补助收入", by_source["superior_grant"]),
        ("事业收入", by_source["business"]),
        ("经营收入", by_source["operating"]),
        ("附属单位上缴收入", by_source["affiliate"]),
        ("其他收入", by_source["other"]),
    ]
    usual = () if w.options.omit_zero_items else USUAL_INCOME_SOURCES
    listed = [(label, value) for label, value in sources if value or label in usual]
    if total == 0:
        paragraphs.append("本年未取得收入。")
    else:
        paragraphs.append(
            "本年收入的具体构成为："
            + "；".join(
                f"{label}{w.money(v)}{w.share_clause(v, total)}" for label, v in listed
            )
            + "。"
        )
    return tuple(paragraphs)


def _expenditure(w: Writer, f, prior: PriorFigures) -> tuple[str, ...]:
    grand, total, end = (
        f.amount(name)
        for name in ("expenditure_grand_total", "expenditure_total", "closing_total")
    )
    last_grand = prior.get("expenditure_grand_total", "expenditure_grand_total")
    last_total = prior.get("expenditure_total", "expenditure_total")
    last_end = prior.get("closing_total", "closing_total")
    first = f"{w.subject}{w.year}年度支出总计{w.money(grand)}"
    change = w.change(grand, last_grand, with_pct=False)
    first += f"，{change}。" if change else "。"
    total_change = w.change(total, last_total)
    end_change = w.change(end, last_end, absent="上年无结转和结余")
    total_head = f"其中本年支出合计{w.money(total)}" + (
        f"，{total_change}" if total_change else ""
    )
    end_head = f"年末结转和结余{w.money(end)}" + (
        f"，{end_change}" if end_change else ""
    )
    parts = [
        total_head
        + w.reason(
            "expenditure_total",
            REASON_LABELS["expenditure_total"],
            required=last_total is not None and total != last_total,
            sentence=total_head,
        ),
        end_head
        + w.reason(
            "closing_total",
            REASON_LABELS["closing_total"],
            required=last_end is not None and end != last_end,
            sentence=end_head,
        ),
    ]
    paragraphs = [first + "；".join(parts) + "。"]
    kinds = f["expenditure_by_kind"]
    basic, project, operating = kinds["basic"], kinds["project"], kinds["operating"]
    other = kinds["to_affiliates"] + kinds["to_superior"]
    if total == 0:
        paragraphs.append("本年未发生支出。")
    else:
        items = [
            ("基本支出", basic),
            ("项目支出", project),
            ("经营支出", operating),
            ("其他支出（对附属单位补助支出、上缴上级支出）", other),
        ]
        if w.options.omit_zero_items:
            items = [(label, value) for label, value in items if value]
        paragraphs.append(
            "本年支出的具体构成为："
            + "；".join(
                f"{label}{w.money(v)}{w.share_clause(v, total)}" for label, v in items
            )
            + "。"
        )
    return tuple(paragraphs)


def _fiscal(w: Writer, f, data) -> tuple[str, ...]:
    by_class = f["fiscal_budget_by_class"]
    actual = f["fiscal_expenditure_total"]
    budget = sum((b for b, _ in by_class.values()), ZERO)
    if not by_class:
        return (f"{w.subject}{w.year}年度无财政拨款支出。",)
    paragraphs = [
        f"{w.subject}{w.year}年度财政拨款本年支出"
        f"{completion(w, budget, actual, w.options.budget_word)}。其中："
    ]
    index = 0
    for code in sorted(by_class):
        class_budget, class_actual = by_class[code]
        if class_budget == 0 and class_actual == 0:
            continue
        index += 1
        name = data.function_codes[code].name if code in data.function_codes else code
        off_budget = class_budget != class_actual
        head = (
            f"{ordinal(index)}{name}"
            f"{completion(w, class_budget, class_actual, w.options.budget_word)}"
        )
        paragraphs.append(
            head
            + w.reason(
                f"fiscal_class:{code}",
                f"{CLASS_REASON_PREFIXES['fiscal_class']} {name}",
                required=off_budget,
                sentence=head,
            )
            + "。"
        )
    return tuple(paragraphs)


def _basic(w: Writer, f, prior: PriorFigures) -> tuple[str, ...]:
    by_class = f["basic_by_economic_class"]
    total = f["basic_total"]
    paragraphs = [
        f"{w.subject}{w.year}年度一般公共预算财政拨款基本支出{w.money(total)}，其中："
    ]
    index = 0
    for code, name in ECONOMIC_CLASSES:
        current = by_class.get(code, ZERO)
        previous = prior.get(f"basic_{code}", "basic_by_economic_class", code)
        usual = code in ALWAYS_LISTED_CLASSES and not w.options.omit_zero_items
        if not usual and current == 0 and not previous:
            continue
        index += 1
        change = w.change(current, previous)
        moved = previous is not None and current != previous
        head = f"{ordinal(index)}{name}{w.money(current)}" + (
            f"，{change}" if change else ""
        )
        paragraphs.append(
            head
            + w.reason(
                f"basic_class:{code}",
                f"{CLASS_REASON_PREFIXES['basic_class']} {name}",
                required=moved,
                sentence=head,
            )
            + "。"
        )
    return tuple(paragraphs)


def _operating(w: Writer, data, prior: PriorFigures) -> tuple[str, ...]:
    if not data.unit.has_operating_expense:
        return (
            f"{w.subject}不是行政单位或参照公务员法管理事业单位，故无机关运行经费支出。",
        )
    expense = data.operating_expense
    if expense is None:
        return (f"{w.subject}尚未填报机关运行经费支出情况。",)
    previous = prior.stored.get("operating_expense")
    change = w.change(expense.amount, previous)
    head = f"{w.subject}{w.year}年度机关运行经费支出{w.money(expense.amount)}" + (
        f"，{change}" if change else ""
    )
    text = (
        head
        + w.reason(
            "operating_expense",
            REASON_LABELS["operating_expense"],
            required=previous is not None and expense.amount != previous,
            sentence=head,
        )
        + "。"
    )
    return (text,)


def _procurement(w: Writer, data) -> tuple[str, ...]:
    p = data.procurement
    if p is None or p.total == 0:
        return (f"{w.subject}{w.year}年度未发生政府采购支出。",)
    text = (
        f"{w.subject}{w.year}年度政府采购支出总额{w.money(p.total)}，其中：政府采购货物支出"
        f"{w.money(p.goods)}、政府采购工程支出{w.money(p.works)}、政府采购服务支出"
        f"{w.money(p.services)}。授予中小企业合同金额{w.money(p.sme_total)}，占政府采购支出总额的"
        f"{w.share(p.sme_total, p.total)}"
    )
    if p.sme_total:
        text += (
            f"，其中：授予小微企业合同金额{w.money(p.small_micro)}，占授予中小企业合同金额的"
            f"{w.share(p.small_micro, p.sme_total)}"
        )
    categories = [
        ("货物", p.goods, p.sme_goods),
        ("工程", p.works, p.sme_works),
        ("服务", p.services, p.sme_services),
    ]
    shares = [
        f"{label}采购授予中小企业合同金额占{label}支出金额的{w.share(sme, whole)}"
        for label, whole, sme in categories
        if whole
    ]
    absent = [label for label, whole, _ in categories if not whole]
    if shares:
        text += "；" + "，".join(shares)
    text += "。"
    if absent:
        text += f"本年度无政府采购{'、'.join(a + '支出' for a in absent)}。"
    return (text,)


def _assets(w: Writer, f) -> tuple[str, ...]:
    vehicles = f["vehicles_total"] or 0
    equipment = f["equipment_over_million"] or 0
    text = (
        f"截至{w.year}年12月31日，{w.subject}共有车辆{vehicles}辆，单价100万元（含）以上设备"
        f"（不含车辆）{equipment}台（套）。{w.options.assets_reference}"
    )
    return (text,)


# ---------------------------------------------------------------- 第一部分


def build_profile(data) -> list[Section]:
    """第一部分 单位概况: 主要职责 and 单位基本情况 (内设机构, 年末人数).

    A 部门决算's 基本情况 opens with its composition (`_composition`); its
    headcount is every unit's (disclosure/consolidation.py).
    """
    options = data.report.template.narrative
    subject = options.subject
    duties_heading, basics_heading = options.profile_headings
    profile = data.profile
    composition = _composition(data.consolidation, data.unit.name)
    if profile is None:
        return [
            Section("一", duties_heading, (f"{subject}尚未填报单位概况。",)),
            Section(
                "二", basics_heading, (*composition, f"{subject}尚未填报单位概况。")
            ),
        ]
    bodies = [body.name for body in profile.bodies.all()]
    if bodies:
        organisation = (
            f"{subject}设立{len(bodies)}个内设机构，分别是{'、'.join(bodies)}。"
        )
    else:
        organisation = f"{subject}未设立内设机构。"
    staff = (
        f"{subject}{data.year}年年末实有人数{profile.staff_total}人，其中在职人员"
        f"{profile.staff_in_service}人，离休人员{profile.staff_retired_li}人，退休人员"
        f"{profile.staff_retired_tui}人（不含由养老保险基金发放养老金的离退休人员）；"
        f"年末其他人员{profile.staff_other}人；由养老保险基金发放养老金的离退休人员"
        f"{profile.pensioners_paid_by_fund}人。"
    )
    duties = tuple(p.strip() for p in profile.duties.splitlines() if p.strip())
    return [
        Section("一", duties_heading, duties or (f"{subject}尚未填报主要职责。",)),
        Section("二", basics_heading, (*composition, organisation, staff)),
    ]


def listed(names: list[str]) -> str:
    """ "A", "A和B", "A、B和C": names as a sentence lists them."""
    if len(names) < 2:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


def _composition(consolidation, department_name: str) -> tuple[str, ...]:
    """The units a 部门决算 is made of, in one paragraph; () for a 单位决算.

    Worded as a 江西 2022 部门预算 words it (docs/templates.md §1a): "…共有预算
    单位N个，包括…本级和二级预算单位M个，二级单位分别是A和B。" — N counting
    本级 and the 预算单列 units. The 并入本级 sentence is the product's. Names
    are the composition's, as frozen with the report.
    """
    if consolidation is None or not consolidation.members:
        return ()
    Mode = ConsolidationMember.Mode
    members = consolidation.members
    own = next((m for m in members if m.mode == Mode.SELF), None)
    department = own.unit_name if own else department_name
    units = [m.unit_name for m in members if m.mode == Mode.OWN_REPORT]
    merged = [m.unit_name for m in members if m.mode == Mode.MERGED]
    count = len(units) + (1 if own else 0)
    text = f"{department}共有预算单位{count}个"
    if units:
        verb = "是" if len(units) == 1 else "分别是"
        below = f"二级预算单位{len(units)}个，二级单位{verb}{listed(units)}"
        text += f"，包括{department}本级和{below}" if own else f"，包括{below}"
    text += "。"
    if merged:
        text += f"{listed(merged)}未单独编报决算，其收支并入本级反映。"
    return (text,)
