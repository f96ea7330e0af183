"""The Chinese label of every reason slot, so that nobody has to read or type a slot's key.

A Reason row is keyed by its slot in the narrative (`income_total`,
`fiscal_class:212`, `three_public:abroad:yoy` …). People see the slot's label
instead: the narrative's own `where` text when the current narrative offers
the slot, otherwise (a key the narrative no longer asks for, a history record,
a workbook) a label built from the key's parts — the same words the narrative
would use, a 类 code with its name where it is known.
"""

from collections.abc import Iterable, Mapping

REASON_LABELS = {
    "income_total": "收入决算情况说明 本年收入合计",
    "expenditure_total": "支出决算情况说明 本年支出合计",
    "closing_total": "支出决算情况说明 年末结转和结余",
    "grand_total": "收入支出决算总体情况 收入、支出总计",
    "fiscal_total": "财政拨款收入支出决算总体情况 财政拨款支出",
    "operating_expense": "机关运行经费",
    # A 预算's slots: each change against last year's 预算.
    "budget_income_grand_total": "预算收入情况说明 收入总计",
    "budget_expenditure_total": "预算支出情况说明 本年支出",
    "budget_operating_expense": "机关运行经费情况说明 机关运行经费预算",
    "budget_three_public:total": "“三公”经费预算 合计",
    "budget_three_public:abroad": "“三公”经费预算 因公出国（境）费",
    "budget_three_public:reception": "“三公”经费预算 公务接待费",
    "budget_three_public:vehicle_purchase": "“三公”经费预算 公务用车购置费",
    "budget_three_public:vehicle_operation": "“三公”经费预算 公务用车运行维护费",
}
CLASS_REASON_PREFIXES = {
    "fiscal_class": "财政拨款支出决算情况说明",
    "general_class": "一般公共预算财政拨款支出决算情况",
    "basic_class": "基本支出",
}
THREE_PUBLIC_ASPECTS = {
    "yoy": "较上年变化",
    "budget": "决算数与预算数差异",
    "activity": "主要活动内容",
}


def reason_label(
    key: str, slots: Iterable = (), names: Mapping[str, str] | None = None
) -> str:
    """The Chinese label of reason `key`.

    `slots` are the narrative's ReasonSlots (their `where` wins); `names`
    maps 支出功能分类 类 codes to their names for keys without a slot.
    """
    for slot in slots:
        if slot.key == key:
            return slot.where
    if key in REASON_LABELS:
        return REASON_LABELS[key]
    head, _, rest = key.partition(":")
    if head in CLASS_REASON_PREFIXES and rest:
        return f"{CLASS_REASON_PREFIXES[head]} {_class_name(head, rest, names)}"
    if head == "three_public":
        # Imported here: the narrative imports this module.
        from disclosure.narrative_three_public import THREE_PUBLIC_LABELS

        item, _, aspect = rest.partition(":")
        if item in THREE_PUBLIC_LABELS and aspect in THREE_PUBLIC_ASPECTS:
            return (
                f"“三公”经费 {THREE_PUBLIC_LABELS[item]} {THREE_PUBLIC_ASPECTS[aspect]}"
            )
    # A key no version of the narrative wrote: say so rather than show it bare.
    return f"其他说明（{key}）"


def _class_name(head: str, code: str, names: Mapping[str, str] | None) -> str:
    if head == "basic_class":
        from disclosure.figures import ECONOMIC_CLASSES

        known = dict(ECONOMIC_CLASSES)
    else:
        known = names or {}
    name = known.get(code)
    return name or f"科目{code}"


def class_names(year: int) -> dict[str, str]:
    """支出功能分类 类 names of `year` (codes of three digits), for reason_label."""
    from disclosure.models import FunctionCode

    return dict(
        FunctionCode.objects.filter(
            fiscal_year__year=year, level=FunctionCode.Level.CLASS
        ).values_list("code", "name")
    )


def slot_anchor(key: str) -> str:
    """The id of a slot's row on the 原因说明 page (a key's colons made dashes)."""
    return "slot-" + key.replace(":", "-")


def reason_slots(narrative, reasons: Mapping[str, str], names=None) -> list:
    """The narrative's slots, one per key, then a slot per stored reason it no longer asks for.

    A stored reason without a slot (its figure no longer changes, its 类 is
    gone) is listed so that it can be read and cleared.
    """
    from disclosure.narrative import ReasonSlot

    slots, seen = [], set()
    for slot in narrative.slots:
        if slot.key not in seen:
            seen.add(slot.key)
            slots.append(slot)
    for key in sorted(set(reasons) - seen):
        slots.append(
            ReasonSlot(
                key,
                reason_label(key, names=names),
                required=False,
                filled=bool(reasons[key]),
                sentence="",
                section="情况说明中已不再使用的原因说明",
            )
        )
    return slots
