"""What the 审核 and the workflow record: warning explanations and status moves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disclosure.models.facts import DraftOnly
from disclosure.models.reports import Report
from reporting.fields import LimitedTextField, length_check


class RuleExplanation(DraftOnly):
    """An accountant's written explanation (出错说明) of a 审核 warning, required before submit."""

    report = models.ForeignKey(
        Report, verbose_name=_("决算报告"), on_delete=models.CASCADE
    )
    rule_id = models.CharField(_("审核规则"), max_length=16)
    text = LimitedTextField(_("说明"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("审核警告说明")
        verbose_name_plural = _("审核警告说明")
        ordering = ["rule_id"]
        default_related_name = "rule_explanations"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rule_id"], name="disclosure_explanation_unique_rule"
            ),
            length_check("disclosure_ruleexplanation", "text", 1000),
        ]

    def __str__(self):
        return f"{self.report} · {self.rule_id}"


class ReviewLog(models.Model):
    """One row per status move: who, when, from, to, and the comment."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.CASCADE,
        related_name="review_log",
    )
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=Report.Status.choices
    )
    to_status = models.CharField(
        _("新状态"), max_length=16, choices=Report.Status.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = LimitedTextField(_("意见"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-at", "-id"]
        constraints = [
            length_check("disclosure_reviewlog", "comment", 2000),
        ]

    def __str__(self):
        return f"{self.report} {self.get_from_status_display()} → {self.get_to_status_display()}"
