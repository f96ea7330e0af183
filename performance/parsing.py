"""Indicator values as accountants type them: "≥2次", "95%", "148万", "推动", "达成".

`parse(text)` never raises. It returns a `Parsed` value of one of four kinds:

* NUMBER: an optional operator (≥ ≤ =), a Decimal and a unit, with the words
  before the operator kept as the subject ("培训次数≥2次" → 培训次数 ≥ 2 次);
* QUALITATIVE: words without figures ("推动", "达成", "未完成"), with whether
  they say the goal was reached when that can be told from the words;
* EMPTY: nothing, or a placeholder dash;
* UNRECOGNISED: anything else, with a Chinese explanation of what to type.

Strict and non-strict comparisons ("> 95%" and "≥ 95%") score the same, so
both are read as ≥ (and < as ≤); the text as typed is always kept beside.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Kind(StrEnum):
    NUMBER = "number"
    QUALITATIVE = "qualitative"
    EMPTY = "empty"
    UNRECOGNISED = "unrecognised"


GE, LE, EQ = "≥", "≤", "="

# Longest spellings first, so "大于等于" is not read as "大于".
PREFIX_OPERATORS = (
    ("大于或等于", GE),
    ("大于等于", GE),
    ("不低于", GE),
    ("不少于", GE),
    ("不小于", GE),
    ("至少", GE),
    ("大于", GE),
    ("高于", GE),
    ("超过", GE),
    (">=", GE),
    ("≥", GE),
    ("≧", GE),
    ("⩾", GE),
    (">", GE),
    ("小于或等于", LE),
    ("小于等于", LE),
    ("不高于", LE),
    ("不超过", LE),
    ("不多于", LE),
    ("不大于", LE),
    ("控制在", LE),
    ("至多", LE),
    ("小于", LE),
    ("低于", LE),
    ("<=", LE),
    ("≤", LE),
    ("≦", LE),
    ("⩽", LE),
    ("<", LE),
    ("等于", EQ),
    ("==", EQ),
    ("=", EQ),
)
SUFFIX_OPERATORS = (
    ("及以上", GE),
    ("以上", GE),
    ("及以下", LE),
    ("以下", LE),
    ("以内", LE),
)

_OPERATOR_WORDS = "|".join(re.escape(word) for word, _ in PREFIX_OPERATORS)
_SUFFIX_WORDS = "|".join(re.escape(word) for word, _ in SUFFIX_OPERATORS)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A unit is a few Chinese characters (as few as the rest of the text allows,
# so "5天以内" is 5 天 with 以内, not 5 "天以内"), a percent or permille sign,
# or one of a few Latin abbreviations; never digits or operators.
_UNIT = r"%|‰|[\u4e00-\u9fff]{1,6}?|km|kg|kWh|kW|MW|GB|TB|m2|m3|m|t"

NUMBER_PATTERN = re.compile(
    rf"^(?P<subject>[\u4e00-\u9fff（）()·]*?)\s*"
    rf"(?P<operator>{_OPERATOR_WORDS})?\s*"
    rf"(?P<number>{_NUMBER})\s*"
    rf"(?P<unit>{_UNIT})??\s*"
    rf"(?P<suffix>{_SUFFIX_WORDS})?$"
)
CHINESE_COUNT = re.compile(r"[零〇一二两三四五六七八九十百千万]+[\u4e00-\u9fff]{0,2}$")
PLACEHOLDERS = {"", "-", "—", "——", "–", "/", "无", "不适用"}

# Words that say a qualitative goal was not (fully) reached come first: "未完成"
# contains "完成". Partial wording is left for the accountant to grade.
NEGATIVE_WORDS = ("未", "没有", "尚未", "不达标", "不合格", "无法", "否", "差")
PARTIAL_WORDS = ("部分", "基本", "大部分", "有待", "一般", "较差", "偏低")
POSITIVE_WORDS = (
    "达成",
    "完成",
    "实现",
    "达到",
    "达标",
    "推动",
    "促进",
    "提高",
    "提升",
    "改善",
    "加强",
    "增强",
    "优化",
    "完善",
    "保障",
    "有效",
    "显著",
    "明显",
    "良好",
    "较好",
    "满意",
    "符合",
    "合格",
    "顺利",
    "及时",
    "按时",
    "正常",
    "稳定",
    "持续",
    "是",
    "好",
    "高",
    "优",
)

FORM_HINT = "请填写数值（如 ≥2次、95%、148万元）或定性表述（如 推动、达成）"
NOT_A_VALUE = f"既不是数值也不是定性表述，{FORM_HINT}"


@dataclass(frozen=True)
class Parsed:
    text: str
    kind: Kind
    operator: str = ""
    number: Decimal | None = None
    unit: str = ""
    subject: str = ""
    achieved: bool | None = None  # for qualitative words
    problem: str = ""  # why the text was not recognised

    @property
    def is_number(self) -> bool:
        return self.kind == Kind.NUMBER

    @property
    def is_qualitative(self) -> bool:
        return self.kind == Kind.QUALITATIVE

    @property
    def recognised(self) -> bool:
        return self.kind != Kind.UNRECOGNISED

    def describe(self) -> str:
        """What the platform understood, for display next to the input."""
        if self.kind == Kind.NUMBER:
            figure = format_number(self.number)
            # "95%" reads as one token; other units are set off by a space.
            if self.unit in PERCENT_UNITS:
                figure += self.unit
            elif self.unit:
                figure += f" {self.unit}"
            parts = [self.subject, self.operator, figure]
            return "识别为 " + " ".join(p for p in parts if p)
        if self.kind == Kind.QUALITATIVE:
            verdict = {True: "，视为已达成", False: "，视为未达成"}.get(
                self.achieved, ""
            )
            return f"识别为定性表述“{self.text}”{verdict}"
        if self.kind == Kind.EMPTY:
            return "未填写"
        return f"无法识别：{self.problem}"


def format_number(value: Decimal | None) -> str:
    """13580 → "13580", Decimal("99.350") → "99.35", never exponent notation."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def nfkc(text: str | None) -> str:
    """Full-width letters, digits and signs to their plain forms."""
    text = text or ""
    # Most text is already in that form, which is quick to tell.
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalise(text: str) -> str:
    """Full-width forms to plain ones (`nfkc`), spaces trimmed."""
    return nfkc(text).strip()


def parse(text: str | None) -> Parsed:
    raw = (text or "").strip()
    value = normalise(raw)
    if value in PLACEHOLDERS:
        if value == "无":
            return Parsed(raw, Kind.QUALITATIVE, achieved=False)
        return Parsed(raw, Kind.EMPTY)
    if re.search(r"\d", value):
        return _parse_number(raw, value)
    known = (*POSITIVE_WORDS, *NEGATIVE_WORDS, *PARTIAL_WORDS)
    if CHINESE_COUNT.fullmatch(value) and not _has_word(value, known):
        return Parsed(
            raw,
            Kind.UNRECOGNISED,
            problem=f"“{raw}”中的数字请用阿拉伯数字书写，例如“2次”",
        )
    if not re.search(r"[\u4e00-\u9fff]", value):
        return Parsed(raw, Kind.UNRECOGNISED, problem=f"“{raw}”{NOT_A_VALUE}")
    return Parsed(raw, Kind.QUALITATIVE, achieved=_achieved(value))


def _parse_number(raw: str, value: str) -> Parsed:
    compact = re.sub(r"\s+", "", value)
    match = NUMBER_PATTERN.match(compact)
    if match is None:
        if re.search(r"\d\s*%?\s*[-~～至到]\s*\d", value):
            problem = f"“{raw}”是一个区间，请只填写一个目标值，例如“≥90%”"
        else:
            problem = f"“{raw}”{NOT_A_VALUE}"
        return Parsed(raw, Kind.UNRECOGNISED, problem=problem)
    operator = _operator(match["operator"], match["suffix"])
    if operator is None:
        return Parsed(
            raw,
            Kind.UNRECOGNISED,
            problem=f"“{raw}”同时写了两个方向相反的比较符",
        )
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return Parsed(raw, Kind.UNRECOGNISED, problem=f"“{raw}”{NOT_A_VALUE}")
    return Parsed(
        raw,
        Kind.NUMBER,
        operator=operator,
        number=number,
        unit=match["unit"] or "",
        subject=match["subject"] or "",
    )


def _operator(prefix: str | None, suffix: str | None) -> str | None:
    before = dict(PREFIX_OPERATORS).get(prefix, "") if prefix else ""
    after = dict(SUFFIX_OPERATORS).get(suffix, "") if suffix else ""
    if before and after and before != after:
        return None
    return before or after


def _has_word(text: str, words) -> bool:
    return any(word in text for word in words)


def _achieved(text: str) -> bool | None:
    if _has_word(text, NEGATIVE_WORDS):
        return False
    if _has_word(text, PARTIAL_WORDS):
        return None
    if _has_word(text, POSITIVE_WORDS):
        return True
    return None


# -- units ----------------------------------------------------------------------

# Money units convert to 元; a bare 万 after an amount means 万元 (成本指标 "148万").
MONEY_FACTORS = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "亿元": Decimal(100000000),
}
PERCENT_UNITS = {"%"}
# Things counted; a figure typed without a unit ("13580") counts the same things.
COUNT_UNITS = {
    "件",
    "次",
    "期",
    "个",
    "家",
    "人",
    "人次",
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
    "本",
    "张",
    "册",
    "块",
}


def unit_kind(unit: str) -> str:
    if unit in MONEY_FACTORS:
        return "money"
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in COUNT_UNITS or unit == "":
        return "count"
    return unit


CONVERTIBLE_KINDS = {"money", "count"}


def measure(value: Parsed) -> str | None:
    """What a number measures: money and counts in any of their units, anything else
    in its own unit; None for a value that is no number."""
    if not value.is_number:
        return None
    kind = unit_kind(value.unit)
    return kind if kind in CONVERTIBLE_KINDS else f"unit:{value.unit}"


def in_unit_of(value: Parsed, other: Parsed) -> Parsed:
    """`value` read in `other`'s unit when it is a bare number and `other` has a unit.

    A 自评表 often gives the actual value without the unit its target
    carries: "100" against "≥100%" is 100%, "90" against "≤90万元" is 90万元.
    A bare number against words (a qualitative target) stays as it is.
    """
    if value.is_number and not value.unit and other.is_number and other.unit:
        return replace(value, unit=other.unit)
    return value


def comparable(a: Parsed, b: Parsed) -> bool:
    """Whether two numbers measure the same thing (same unit, or convertible).

    A bare number is read in the other's unit (`in_unit_of`).
    """
    a, b = in_unit_of(a, b), in_unit_of(b, a)
    kind = measure(a)
    return kind is not None and kind == measure(b)


def in_common_unit(a: Parsed, b: Parsed) -> tuple[Decimal, Decimal]:
    """The two numbers of comparable values, money converted to 元."""
    a, b = in_unit_of(a, b), in_unit_of(b, a)
    if unit_kind(a.unit) == "money" and a.unit != b.unit:
        return a.number * MONEY_FACTORS[a.unit], b.number * MONEY_FACTORS[b.unit]
    return a.number, b.number
