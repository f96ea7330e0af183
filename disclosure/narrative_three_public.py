"""The “三公”经费 section of the 情况说明: each item against its 全年预算 and last year."""

from decimal import Decimal

from disclosure.phrases import completion, ordinal
from disclosure.reason_labels import THREE_PUBLIC_ASPECTS

THREE_PUBLIC_ITEMS = (
    ("abroad", "因公出国（境）", "three_public_abroad"),
    ("reception", "公务接待费", "three_public_reception"),
    ("vehicle_purchase", "公务用车购置", "three_public_vehicle_purchase"),
    ("vehicle_operation", "公务用车运行维护费", "three_public_vehicle_operation"),
)
THREE_PUBLIC_LABELS = {item: label for item, label, _ in THREE_PUBLIC_ITEMS}


def _three_public_item(
    w, figures, item: str, label: str, previous, whole: Decimal
) -> str:
    """One item's sentence; `whole` is the “三公” 决算数 its share is of."""
    budget = figures[f"budget_{item}"]
    actual = figures[f"actual_{item}"]
    where = f"“三公”经费 {label}"  # the slots' labels, as reason_label renders them
    text = f"{label}支出{completion(w, budget, actual, '全年预算')}"
    if w.options.three_public_shares and whole:
        text += f"，占“三公”经费决算数的{w.share(actual, whole)}"
    change = w.change(actual, previous)
    if change:
        # "与2021年持平" reads on its own; "较2021年增加…" needs its subject.
        text += f"，{change}" if change.startswith("与") else f"，决算数{change}"
    text += (
        w.reason(
            f"three_public:{item}:yoy",
            f"{where} {THREE_PUBLIC_ASPECTS['yoy']}",
            required=previous is not None and actual != previous,
            sentence=text,
        )
        + "。"
    )
    if actual != budget:
        direction = "增加" if actual > budget else "减少"
        head = f"决算数较全年预算数{direction}"
        reason = w.slot(
            f"three_public:{item}:budget",
            f"{where} {THREE_PUBLIC_ASPECTS['budget']}",
            required=True,
            sentence=f"{text}{head}",
        )
        if reason:
            text += f"{head}的主要原因是：{reason}。"
    return text


def activity(w, item: str, sentence: str = "") -> str:
    """'，主要为：…。' — what the trips or receptions were for, when the unit wrote it."""
    label = THREE_PUBLIC_LABELS[item]
    text = w.slot(
        f"three_public:{item}:activity",
        f"“三公”经费 {label} {THREE_PUBLIC_ASPECTS['activity']}",
        required=False,
        sentence=sentence,
    )
    return f"，主要为：{text}。" if text else "。"


def three_public_section(w, f, data, prior) -> tuple[str, ...]:
    tp = data.three_public
    if tp is None:
        return (f"{w.subject}尚未填报“三公”经费支出情况。",)
    figures = f["three_public"]
    budget, actual = figures["budget_total"], figures["actual_total"]
    previous_total = prior.get("three_public_total", "three_public", "actual_total")
    if w.options.zero_three_public_sentence and not (
        budget or actual or previous_total
    ):
        held = f"，年末公务用车保有{tp.vehicles_held}辆" if tp.vehicles_held else ""
        return (
            f"{w.subject}{w.year}年度未安排财政拨款“三公”经费预算，也未发生因公出国（境）、"
            f"公务接待和公务用车购置及运行维护支出{held}。",
        )
    change = w.change(actual, previous_total)
    paragraphs = [
        f"{w.subject}{w.year}年度财政拨款“三公”经费支出{completion(w, budget, actual, '全年预算')}"
        + (f"，决算数{change}" if change else "")
        + "，其中："
    ]
    prev = {
        item: prior.get(key, "three_public", f"actual_{item}")
        for item, _, key in THREE_PUBLIC_ITEMS
    }
    abroad = _three_public_item(
        w, figures, "abroad", "因公出国（境）", prev["abroad"], actual
    )
    trips = (
        f"全年安排因公出国（境）团组{tp.abroad_groups}个，累计{tp.abroad_people}人次"
    )
    abroad += trips + activity(w, "abroad", trips)
    paragraphs.append(f"{ordinal(1)}{abroad}")
    reception = _three_public_item(
        w, figures, "reception", "公务接待费", prev["reception"], actual
    )
    visits = (
        f"全年国内公务接待{tp.reception_batches}批，累计接待{tp.reception_people}人次，"
        f"其中外事接待{tp.foreign_reception_batches}批，累计接待{tp.foreign_reception_people}人次"
    )
    reception += visits + activity(w, "reception", visits)
    paragraphs.append(f"{ordinal(2)}{reception}")
    vehicles_total = figures["actual_vehicle_total"]
    purchase = _three_public_item(
        w, figures, "vehicle_purchase", "公务用车购置", prev["vehicle_purchase"], actual
    )
    operation = _three_public_item(
        w,
        figures,
        "vehicle_operation",
        "公务用车运行维护费",
        prev["vehicle_operation"],
        actual,
    )
    if w.options.vehicle_line_completion:
        vehicles = "公务用车购置及运行维护费支出" + completion(
            w, figures["budget_vehicle_total"], vehicles_total, "全年预算"
        )
    else:
        vehicles = f"公务用车购置及运行维护费支出{w.money(vehicles_total)}"
    paragraphs.append(
        f"{ordinal(3)}{vehicles}。其中："
        f"{purchase}全年购置公务用车{tp.vehicles_purchased}辆。"
        f"{operation}年末公务用车保有{tp.vehicles_held}辆。"
    )
    return tuple(paragraphs)
