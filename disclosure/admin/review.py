"""The 审核 page of a report: findings by severity, explanations of warnings, submission."""

from functools import partial

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from disclosure import departments
from disclosure.admin.reasons import reasons_url
from disclosure.background import publish_in_background, schedule_in_background
from disclosure.models import Report, RuleExplanation
from disclosure.rules import REGISTRY, Outcome
from disclosure.scheduling import check_moment, moment_from, report_unschedule
from disclosure.workflow import (
    Attestation,
    TransitionRefused,
    can_correct,
    can_review,
    check_publishable,
    report_approve,
    report_correct,
    report_return,
    report_submit,
    submission_gate,
)
from jobs.admin import announce_job

# Where each fact group is edited on the report's change page (its inline's id).
FACT_ANCHORS = {
    "balances": "balances-group",
    "three_public": "three_public-group",
    "assets": "assets-group",
    "procurement": "procurement-group",
    "operating_expense": "operating_expense-group",
    "prior_figures": "prior_figures-group",
    "members": "members-group",
    "adjustments": "adjustments-group",
}


def review_urls(model_admin) -> list:
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(partial(report_review, model_admin))
    return [
        path(
            "<path:object_id>/check/",
            view,
            name=f"{opts.app_label}_{opts.model_name}_check",
        )
    ]


def review_url(model_admin, report) -> str:
    opts = model_admin.opts
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_check",
        args=[report.pk],
        current_app=model_admin.admin_site.name,
    )


def fix_url(model_admin, report, location: str) -> str:
    """The page (and anchor) where the figure behind a finding is entered."""
    kind, _, target = location.partition(":")
    name = model_admin.admin_site.name
    try:
        if kind == "grid":
            return reverse(
                "admin:disclosure_report_grid",
                args=[report.pk, target],
                current_app=name,
            )
        change = reverse(
            "admin:disclosure_report_change", args=[report.pk], current_app=name
        )
        if location == "facts:reasons":
            return reverse(
                "admin:disclosure_report_reasons", args=[report.pk], current_app=name
            )
        if kind == "facts":
            return f"{change}#{FACT_ANCHORS.get(target, '')}"
        if kind == "reason":
            return reasons_url(model_admin, report, target)
        if kind in {d.key for d in report.template.definitions}:
            preview = reverse(
                "admin:disclosure_report_preview", args=[report.pk], current_app=name
            )
            return f"{preview}#{kind}"
    except NoReverseMatch:
        pass
    return ""


def announce_check(model_admin, request, report) -> None:
    """After every save: run the rules again and say where the report stands."""
    from django.utils.html import format_html

    gate = submission_gate(report)
    errors, warnings = len(gate.result.errors), len(gate.result.warnings)
    level = messages.SUCCESS if gate.open else messages.WARNING
    summary = (
        "审核已重新运行：全部通过，可以提交。"
        if gate.open
        else f"审核已重新运行：错误 {errors} 项，警告 {warnings} 项"
        f"（其中 {len(gate.unexplained)} 项未填写说明）。"
    )
    messages.add_message(
        request,
        level,
        format_html(
            '{} <a href="{}">查看审核检查</a>', summary, review_url(model_admin, report)
        ),
    )


def report_review(model_admin, request, object_id):
    """GET: run every rule now. POST: explanations and submit (填报人); return,
    approve or publish (审核人) — each through its workflow service."""
    opts = model_admin.opts
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, opts, object_id)
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    editable = (
        report.status == Report.Status.DRAFT
        and model_admin.has_change_permission(request, report)
    )
    reviewing = can_review(request.user, report)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action in ("return", "approve", "publish", "schedule", "unschedule"):
            return _post_review(model_admin, request, report, action)
        if action == "correct":
            return _post_correct(model_admin, request, report)
        if not editable:
            raise PermissionDenied
        return _post(model_admin, request, report)

    gate = submission_gate(report)
    explanations = {
        e.rule_id: e.text for e in RuleExplanation.objects.filter(report=report)
    }
    result = gate.result

    def rows(findings):
        return [
            {
                "finding": f,
                "rule": REGISTRY[f.rule_id],
                "url": fix_url(model_admin, report, f.location),
                "explanation": explanations.get(f.rule_id, ""),
            }
            for f in findings
        ]

    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "original": report,
        "title": f"{report} · 审核检查",
        "errors": rows(result.errors),
        "warnings": rows(result.warnings),
        "rounding": rows([f for f in result.findings if f.rounding]),
        "insufficient": rows(
            [f for f in result.findings if f.outcome == Outcome.INSUFFICIENT]
        ),
        "passed_count": len({f.rule_id for f in result.findings})
        - len({f.rule_id for f in result.errors + result.warnings})
        - len(result.not_applicable),
        "rule_count": len(REGISTRY) - len(result.not_applicable),
        "not_applicable": rows(result.not_applicable),
        "gate": gate,
        "editable": editable,
        "can_review": reviewing and report.status == Report.Status.SUBMITTED,
        "can_publish": reviewing and report.status == Report.Status.APPROVED,
        "can_correct": report.status == Report.Status.PUBLISHED
        and can_correct(request.user, report),
        "log": report.review_log.select_related("actor")[:20],
        # A 部门决算 told of its units' later corrections; a unit report told
        # which 部门决算 holds it (so it cannot be returned).
        "stale_notices": departments.stale_notices(report),
        "consolidated": _consolidated(report),
        "comparison": _comparison(report),
        "explanations": sorted(explanations.items()),
        "today": timezone.localdate().isoformat(),
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/disclosure/report/check.html", context)


def _consolidated(report) -> str:
    """Why an approved unit report cannot be returned: a 部门决算 pinned it."""
    if report.is_department or report.status != Report.Status.APPROVED:
        return ""
    department = departments.consolidated_by(report)
    return "" if department is None else departments.return_refusal(report, department)


def _post(model_admin, request, report):
    here = review_url(model_admin, report)
    with transaction.atomic():
        for key, value in request.POST.items():
            if not key.startswith("explain-"):
                continue
            rule_id = key.removeprefix("explain-")
            if rule_id not in REGISTRY:
                continue
            text = value.strip()
            if text:
                RuleExplanation.objects.update_or_create(
                    report=report,
                    rule_id=rule_id,
                    defaults={"text": text, "author": request.user},
                )
            else:
                RuleExplanation.objects.filter(report=report, rule_id=rule_id).delete()
    if "submit" in request.POST:
        try:
            report_submit(report, request.user)
        except TransitionRefused as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(here)
        model_admin.log_change(request, report, "提交审核")
        messages.success(request, f"“{report}”已提交审核。")
        return HttpResponseRedirect(
            reverse(
                "admin:disclosure_report_change",
                args=[report.pk],
                current_app=model_admin.admin_site.name,
            )
        )
    messages.success(request, "警告说明已保存，审核已重新运行。")
    return HttpResponseRedirect(here)


def _comparison(report) -> dict | None:
    """Key figures for the supervisor: a correction against the revision it
    corrects, any other report against last year's; None without either."""
    from disclosure.comparisons import compare_years
    from disclosure.selectors import previous_report

    if report.corrects_id is not None:
        before = report.corrects
        return {
            "title": f"与更正前（第 {before.revision} 版）比较",
            "labels": (
                f"第 {before.revision} 版（已公开）",
                f"第 {report.revision} 版（本次更正）",
            ),
            "table": compare_years([before, report]),
        }
    prior = previous_report(report)
    if prior is None:
        return None
    table = compare_years([prior, report])
    return {
        "title": "与上年比较",
        "labels": tuple(f"{year} 年" for year in table.years),
        "table": table,
    }


def _post_review(model_admin, request, report, action):
    """退回 / 审核通过 / 公开, each through its workflow service."""
    here = review_url(model_admin, report)
    post = request.POST
    try:
        if action == "return":
            report = report_return(report, request.user, post.get("comment", ""))
            done = f"“{report}”已退回填报人。"
        elif action == "approve":
            attestation = Attestation(
                secrecy_reviewer=post.get("secrecy_reviewer", ""),
                secrecy_reviewed_on=_date(post.get("secrecy_reviewed_on")),
                head_signer=post.get("head_signer", ""),
                head_signed_on=_date(post.get("head_signed_on")),
            )
            report = report_approve(
                report, request.user, attestation, post.get("comment", "")
            )
            done = f"“{report}”已审核通过。"
        elif action == "unschedule":
            report = report_unschedule(report, request.user)
            done = f"“{report}”已取消定时公开。"
        else:
            if post.get("confirm_publish") != "yes":
                messages.error(
                    request, "请先勾选“确认公开”：公开后报告不能修改，只能发起更正。"
                )
                return HttpResponseRedirect(here)
            return _publish_job(model_admin, request, report, action)
    except TransitionRefused as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(here)
    model_admin.log_change(request, report, done)
    messages.success(request, done)
    return HttpResponseRedirect(here)


def _publish_job(model_admin, request, report, action):
    """公开 or 定时公开: the snapshot is rendered by a background job."""
    here = review_url(model_admin, report)
    check_publishable(report, request.user)
    if action == "schedule":
        moment = moment_from(
            request.POST.get("schedule_date"), request.POST.get("schedule_time")
        )
        check_moment(moment)
        job = schedule_in_background([report], request.user, moment)
    else:
        job = publish_in_background([report], request.user)
    announce_job(request, job)
    if job.status == job.Status.DONE:
        model_admin.log_change(request, report, job.message)
    return HttpResponseRedirect(here)


def _post_correct(model_admin, request, report):
    """发起更正: a new draft revision, opened on its change page."""
    try:
        correction = report_correct(
            report, request.user, request.POST.get("correction_note", "")
        )
    except TransitionRefused as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(review_url(model_admin, report))
    model_admin.log_addition(request, correction, f"更正“{report}”")
    messages.success(
        request,
        f"已生成“{correction}”草稿。请修改数据后提交审核；公开前公众看到的仍是第 "
        f"{report.revision} 版。",
    )
    return HttpResponseRedirect(
        reverse(
            "admin:disclosure_report_change",
            args=[correction.pk],
            current_app=model_admin.admin_site.name,
        )
    )


def _date(text):
    try:
        return parse_date(text or "")
    except ValueError:
        return None
