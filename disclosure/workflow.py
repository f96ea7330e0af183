"""Status transitions of a report. Each is one function: permission, lock, check, change.

Submission is gated by the 审核 rules: no error may remain, every warning
needs a written explanation, and every required reason must be filled (the
reason rule R-1 reports missing ones as errors).
"""

from dataclasses import dataclass

from django.db import transaction

from disclosure.models import Report, RuleExplanation
from disclosure.rules import CheckResult, Finding, check_report


class TransitionRefused(Exception):
    """The move is not allowed now; the message says why, in Chinese."""


@dataclass(frozen=True)
class Gate:
    result: CheckResult
    unexplained: list[Finding]

    @property
    def open(self) -> bool:
        return not self.result.errors and not self.unexplained

    def reasons(self) -> list[str]:
        lines = [f"{f.rule_id} {f.message}" for f in self.result.errors]
        lines += [
            f"{f.rule_id} 警告尚未填写说明：{f.message}" for f in self.unexplained
        ]
        return lines


def submission_gate(report: Report, result: CheckResult | None = None) -> Gate:
    """Whether `report` may be submitted: errors block, warnings need an explanation."""
    result = result or check_report(report)
    explained = set(
        RuleExplanation.objects.filter(report=report)
        .exclude(text="")
        .values_list("rule_id", flat=True)
    )
    unexplained = [f for f in result.warnings if f.rule_id not in explained]
    return Gate(result, unexplained)


def report_submit(report: Report, user) -> Report:
    """草稿 → 已提交, only when the 审核 gate is open."""
    if not user.has_perm("disclosure.change_report"):
        raise TransitionRefused("您没有提交决算报告的权限。")
    if not Report.objects.for_user(user).filter(pk=report.pk).exists():
        raise TransitionRefused(f"“{report}”不在您可以填报的单位范围内。")
    with transaction.atomic():
        # Lock the row: a concurrent edit or submit waits, then sees the new status.
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.DRAFT:
            raise TransitionRefused(
                f"报告状态为“{report.get_status_display()}”，只有草稿可以提交。"
            )
        gate = submission_gate(report)
        if not gate.open:
            raise TransitionRefused(
                "审核未通过，不能提交："
                + "；".join(gate.reasons()[:5])
                + (
                    f"；等共 {len(gate.reasons())} 项"
                    if len(gate.reasons()) > 5
                    else ""
                )
            )
        report.status = Report.Status.SUBMITTED
        report.save(update_fields=["status", "updated_at"])
    return report
