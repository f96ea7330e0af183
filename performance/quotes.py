"""Figures quoted in an evaluation report's text, and what they are quoted as.

The evaluation report is free text. Rules N9-3 and N9-4 compare the figures
it re-quotes with the 自评表, and N9-5 the amounts it itemises (`breakdowns`)
with the total they are quoted against, so they need to know, for each figure, the words
right before it: "共受理各类案件 16357 件" quotes 16357 件 as 受理各类案件,
"综合评价为 100 分" quotes 100 分 as 综合评价. `quotes()` returns every figure
with those words (the *phrase*: the text back to the previous punctuation,
without spaces and without linking words such as 为 / 达到 / 均为).

Matching a phrase to an indicator is deliberately conservative, to avoid
false alarms: the indicator's name (or the name without a trailing 数/数量)
inside the phrase, or failing that a close match of the phrase's ending to the
name (same first two characters and difflib ratio ≥ 0.75, e.g. 受理各类案件 ~
受理各类案卷数), and only when the units agree (a percentage is never compared
with a count).
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from performance.parsing import MONEY_FACTORS, Kind, Parsed, nfkc
from reporting.money import round_half_up

UNITS = (
    "平方公里",
    "万元",
    "亿元",
    "人次",
    "小时",
    "分钟",
    "%",
    "元",
    "万",
    "件",
    "次",
    "期",
    "个",
    "家",
    "人",
    "天",
    "日",
    "月",
    "年",
    "项",
    "篇",
    "条",
    "台",
    "套",
    "辆",
    "户",
    "所",
    "座",
    "份",
    "场",
    "批",
    "名",
    "处",
    "分",
    "倍",
    "本",
    "张",
    "册",
    "块",
)
FIGURE = re.compile(
    r"(?<![\d.])(?P<integer>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?"
    r"\s*(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r"|[\u4e00-\u9fff])?"
)
# Punctuation that ends the words a figure is quoted as. A colon does not: in
# "执行率：99.99%" the words before it are the ones that count.
DELIMITER = re.compile(
    "[" + re.escape("，,。；;、！!？?\n\r（(）)“”\"'《》【】[]") + "]"
)
LINKING_WORDS = ("分别为", "分别是", "均为", "达到", "为", "达", "是", "约", "共")
OPERATORS = "≥≤=<>≧≦"
FUZZY_RATIO = 0.75


@dataclass(frozen=True)
class Quote:
    phrase: str  # the words the figure is quoted as
    number: Decimal
    decimals: int
    unit: str  # "" when no unit follows
    written: str  # the figure as written, e.g. "16357 件"
    context: str  # the phrase and figure, for messages
    after: str  # the few characters that follow, e.g. "及以上"

    def as_value(self) -> Parsed:
        return Parsed(self.written, Kind.NUMBER, number=self.number, unit=self.unit)

    def ends_with(self, words) -> bool:
        return any(self.phrase.endswith(word) for word in words)


def quotes(text: str) -> list[Quote]:
    text = nfkc(text)
    # Where each delimiter-free segment begins: a figure's words start at its segment's.
    breaks = [match.end() for match in DELIMITER.finditer(text)]
    found = []
    for match in FIGURE.finditer(text):
        start = match.start()
        before = bisect_right(breaks, start) - 1
        begin = breaks[before] if before >= 0 else 0
        phrase = _phrase(text[begin:start])
        fraction = match["fraction"] or ""
        number = Decimal(
            match["integer"].replace(",", "") + ("." + fraction if fraction else "")
        )
        unit = match["unit"] or ""
        after = re.sub(r"\s+", "", text[match.end() : match.end() + 6])[:4]
        written = f"{match['integer']}{'.' + fraction if fraction else ''}{unit}"
        found.append(
            Quote(
                phrase=phrase,
                number=number,
                decimals=len(fraction),
                unit=unit,
                written=written,
                context=f"{phrase}{written}",
                after=after,
            )
        )
    return found


def _phrase(segment: str) -> str:
    phrase = re.sub(r"\s+", "", segment)
    if ":" in phrase:
        parts = [p for p in phrase.split(":") if p]
        phrase = parts[-1] if parts else ""
    changed = True
    while changed and phrase:
        changed = False
        stripped = phrase.rstrip(OPERATORS)
        if stripped != phrase:
            phrase, changed = stripped, True
        for word in LINKING_WORDS:
            if phrase.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
                break
    return phrase


def name_keys(name: str) -> set[str]:
    """The name, and without a trailing 数量/数/量 ("编辑简报数" is quoted as "编辑简报 4 期")."""
    keys = {name}
    for suffix in ("数量", "数", "量"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            keys.add(name[: -len(suffix)])
    return keys


def similarity(phrase: str, name: str) -> float:
    """How closely the end of `phrase` reads as `name` (0…1).

    The ending must start as the name does: names share generic endings
    (达标率, 满意度, 及时率), so "业务培训质量达标率" is not "简报质量达标率".
    """
    best = 0.0
    for length in (len(name) - 1, len(name), len(name) + 1):
        tail = phrase[-length:] if length > 0 else ""
        if len(tail) < 2 or tail[:2] != name[:2]:
            continue
        best = max(best, SequenceMatcher(None, tail, name).ratio())
    return best


def match_name(phrase: str, candidates) -> tuple[object, bool] | None:
    """The candidate (with a `.name`) the phrase quotes, and whether the name is exact.

    Exact: the candidate's name (or key) is in the phrase; the longest wins, so
    "扩展智慧应用系统质量达标率" is not read as "扩展智慧应用系统". Otherwise the
    single best close match at or above FUZZY_RATIO; a tie is no match.
    """
    if not phrase:
        return None
    exact = [
        (max(len(k) for k in name_keys(c.name) if k in phrase), c)
        for c in candidates
        if any(k in phrase for k in name_keys(c.name))
    ]
    if exact:
        exact.sort(key=lambda pair: pair[0], reverse=True)
        if len(exact) == 1 or exact[0][0] > exact[1][0]:
            return exact[0][1], True
        return None
    scored = sorted(
        ((similarity(phrase, c.name), c) for c in candidates),
        key=lambda pair: pair[0],
        reverse=True,
    )
    scored = [(s, c) for s, c in scored if s >= FUZZY_RATIO]
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1], False


# -- itemised amounts ---------------------------------------------------------

# A breakdown is read within one sentence: a full stop, semicolon, question or
# exclamation mark or a line break ends it (a comma does not: "共100万元，其中…").
SENTENCE_END = re.compile(r"[。；;！!？?\n\r]")
BREAKDOWN_WORD = "其中"
# A parenthesis inside an item details it ("设备60万元（含软件10万元）").
PARENTHESIS = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Breakdown:
    """ "共 100 万元，其中 A 60 万元、B 30 万元": a total and the items listed after 其中."""

    sentence: str
    total: Quote
    items: tuple[Quote, ...]

    @staticmethod
    def in_yuan(quote: Quote) -> Decimal:
        return quote.number * MONEY_FACTORS[quote.unit]

    @property
    def items_in_total_unit(self) -> Decimal:
        """Σ items, in the total's unit (元 and 万元 converted exactly)."""
        items = sum((self.in_yuan(q) for q in self.items), Decimal(0))
        return items / MONEY_FACTORS[self.total.unit]

    @property
    def adds_up(self) -> bool:
        """Σ items = total, to the cent in 元, each figure read exactly as written."""
        items = sum((self.in_yuan(q) for q in self.items), Decimal(0))
        return round_half_up(items) == round_half_up(self.in_yuan(self.total))


def _money(found: list[Quote]) -> list[Quote]:
    return [q for q in found if q.unit in MONEY_FACTORS]


def breakdowns(text: str) -> list[Breakdown]:
    """Each sentence of `text` that quotes an amount, then 其中 and two or more amounts.

    Only this clear pattern is read: the total is the last amount before
    其中, the items the amounts after it up to the end of the sentence (or a
    second 其中), leaving out what is in parentheses. One amount after 其中 is
    a part, not a breakdown, and is not read.
    """
    found = []
    # Split as typed (the pattern has the full-width marks too), so the
    # sentence is quoted as written; read in plain forms.
    for written in SENTENCE_END.split(text or ""):
        sentence = nfkc(written)
        head, word, rest = sentence.partition(BREAKDOWN_WORD)
        if not word:
            continue
        rest = PARENTHESIS.sub("", rest.split(BREAKDOWN_WORD)[0])
        totals, items = _money(quotes(head)), _money(quotes(rest))
        if totals and len(items) >= 2:
            found.append(Breakdown(written.strip(), totals[-1], tuple(items)))
    return found
