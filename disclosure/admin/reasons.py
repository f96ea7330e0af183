"""The 原因说明 page of a report: every sentence of 情况说明 that a reason completes.

Each slot the narrative offers is listed with its section, its Chinese label,
the generated sentence and a box for the reason, so that nobody types a
slot's key. A save writes every changed reason at once through the one fact
write path (entry.fact_writes), or nothing: a text too long is refused naming
its slot, and a page made before someone else changed the reasons is refused
as a stale grid save is (disclosure/versions.py).
"""

from functools import partial

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from disclosure.entry import EditRefused, fact_writes
from disclosure.models import Reason, Report
from disclosure.reason_labels import class_names, reason_slots, slot_anchor
from disclosure.versions import StaleVersion, Version, changes_since, digest, read_token


def reasons_urls(model_admin) -> list:
    opts = model_admin.opts
    return [
        path(
            "<path:object_id>/reasons/",
            model_admin.admin_site.admin_view(partial(report_reasons, model_admin)),
            name=f"{opts.app_label}_{opts.model_name}_reasons",
        )
    ]


def reasons_url(model_admin, report, key: str = "") -> str:
    url = reverse(
        "admin:disclosure_report_reasons",
        args=[report.pk],
        current_app=model_admin.admin_site.name,
    )
    return f"{url}#{slot_anchor(key)}" if key else url


def _scope(report) -> str:
    return f"reasons:{report.pk}"


def reasons_version(report) -> Version:
    """The version of the report's stored reasons (read them with the report locked to save)."""
    stored = dict(Reason.objects.filter(report=report).values_list("key", "text"))
    return Version(_scope(report), digest(stored), timezone.now())


def report_slots(report) -> tuple[list, dict[str, str]]:
    """The report's reason slots, in narrative order, and its stored reasons by key."""
    from disclosure.rules.context import RuleContext

    ctx = RuleContext.for_report(report)
    reasons = ctx.data.reasons
    return reason_slots(ctx.narrative, reasons, class_names(ctx.data.year)), reasons


def report_reasons(model_admin, request, object_id):
    """GET: every slot with its reason. POST (a draft's preparer): save the changed ones."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, object_id
        )
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    editable = (
        report.status == Report.Status.DRAFT
        and model_admin.has_change_permission(request, report)
    )
    slots, reasons = report_slots(report)
    posted, errors = {}, {}
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        # Only the boxes the page had: a slot that appeared since is left alone.
        posted = {
            slot.key: request.POST[slot_anchor(slot.key)].strip()
            for slot in slots
            if slot_anchor(slot.key) in request.POST
        }
        errors = _save(model_admin, request, report, slots, reasons, posted)
        if errors is None:
            return HttpResponseRedirect(_next(request, model_admin, report))
    rows = [
        {
            "slot": slot,
            "anchor": slot_anchor(slot.key),
            "text": posted.get(slot.key, reasons.get(slot.key, "")),
            "error": errors.get(slot.key, ""),
        }
        for slot in slots
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": report,
        "title": f"{report} · 原因说明",
        "rows": rows,
        "missing": sum(1 for s in slots if s.required and not s.filled),
        "editable": editable,
        "version": reasons_version(report).token(),
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/disclosure/report/reasons.html", context)


def _next(request, model_admin, report) -> str:
    """Where a save returns: the report's grid it was written from, or this page."""
    wanted = request.POST.get("next", "")
    grids = reverse(
        "admin:disclosure_report_change",
        args=[report.pk],
        current_app=model_admin.admin_site.name,
    ).removesuffix("change/")
    if wanted.startswith(f"{grids}grid/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}
    ):
        return wanted
    return reasons_url(model_admin, report)


def _save(model_admin, request, report, slots, reasons, posted) -> dict | None:
    """Write the changed reasons, all or none; None when saved, else errors by key."""
    labels = {slot.key: slot.where for slot in slots}
    changed = {
        key: text for key, text in posted.items() if text != reasons.get(key, "")
    }
    errors = {}
    for key, text in changed.items():
        if not text:
            continue
        try:
            Reason(report=report, key=key, text=text).clean_fields(exclude=["report"])
        except ValidationError as exc:
            errors[key] = "；".join(exc.messages)
    if errors:
        for key, error in errors.items():
            messages.error(request, f"“{labels[key]}”的原因说明：{error}")
        messages.error(request, "原因说明未保存，请修改后重新保存。")
        return errors
    version = read_token(request.POST.get("version", ""), _scope(report))
    try:
        with fact_writes(report, request.user) as writer:
            current = reasons_version(report)
            if version is None or version.digest != current.digest:
                since = version.at if version else current.at
                raise StaleVersion(
                    changes_since(writer.report, since, [Reason]), current, since
                )
            stored = {r.key: r for r in Reason.objects.filter(report=report)}
            for key, text in changed.items():
                if not text:
                    if key in stored:
                        writer.delete(stored[key])
                elif key in stored:
                    writer.update(stored[key], {"text": text})
                else:
                    writer.save(Reason(report=writer.report, key=key, text=text))
    except EditRefused as exc:
        messages.error(request, str(exc))
        return {}
    except StaleVersion as exc:
        messages.error(
            request,
            "打开本页后原因说明已被修改，本次未保存："
            + "；".join(exc.changes)
            + "。请核对后重新填写。",
        )
        return {}
    if writer.changes.changed:
        names = "、".join(labels[key] for key in changed)
        model_admin.log_change(request, report, f"修改原因说明：{names}")
        messages.success(request, f"已保存原因说明（{writer.changes}）。")
    else:
        messages.info(request, "原因说明没有改动。")
    return None
