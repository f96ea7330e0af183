"""Copying a report's facts into a new revision (更正, `workflow.report_correct`).

Every concrete `ReportFact` model is copied, whichever app defines it, so a
fact group added later is carried into corrections without a change here;
rows that hang below a fact (a project's indicators) are listed in `CHILDREN`.
The warnings' explanations are copied too: the correction starts where the
published revision ended.
"""

from django.apps import apps

from disclosure.entry import fact_writes
from disclosure.models import Report, ReportFact, RuleExplanation


def fact_models() -> list[type[ReportFact]]:
    """Every concrete fact model, in a stable order."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, ReportFact) and not model._meta.abstract
        ),
        key=lambda model: model._meta.label,
    )


# Fact model label → (child model label, the child's foreign key to it).
CHILDREN = {"performance.Project": ("performance.Indicator", "project")}


def _clone(obj, **changes):
    obj.pk = None
    obj.id = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj


CORRECTION_REASON = "更正：复制已公开版本的数据"


def copy_facts(source: Report, target: Report, user=None) -> None:
    """Copy every fact (and explanation) of `source` into the draft `target`.

    The copies go through the one write service (entry.FactWriter), which
    locks `target` and checks it is a draft; the caller (workflow.report_correct)
    has checked the user's permission.
    """
    with fact_writes(target, user, permission=False) as writer:
        for model in fact_models():
            rows = list(model.objects.filter(report=source).order_by("pk"))
            if not rows:
                continue
            old_ids = [row.pk for row in rows]
            copies = writer.bulk_create(
                model, [_clone(row, report=target) for row in rows], CORRECTION_REASON
            )
            child = CHILDREN.get(model._meta.label)
            if child is None:
                continue
            child_label, field = child
            child_model = apps.get_model(child_label)
            new_id = {old: copy.pk for old, copy in zip(old_ids, copies, strict=True)}
            grandchildren = child_model.objects.filter(
                **{f"{field}_id__in": old_ids}
            ).order_by("pk")
            writer.bulk_create(
                child_model,
                [
                    _clone(row, **{f"{field}_id": new_id[getattr(row, f"{field}_id")]})
                    for row in grandchildren
                ],
                CORRECTION_REASON,
            )
        # Explanations are not facts (no history), but belong to the draft too.
        RuleExplanation.objects.bulk_create(
            [
                _clone(explanation, report=target)
                for explanation in RuleExplanation.objects.filter(report=source)
            ]
        )
