"""催办: every reminder e-mail sent to a unit about its year's disclosure, logged."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models.reference import FiscalYear
from disclosure.models.reports import Report
from reporting.fields import LimitedTextField, length_check
from units.models import Unit


class Reminder(models.Model):
    """One 催办 e-mail: about which unit's year, to whom, automatic or sent by hand.

    Written only by disclosure/reminders.py, once per e-mail, and never changed.
    """

    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", _("自动")
        MANUAL = "manual", _("手动")

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="+"
    )
    # Kept when a draft is deleted: the reminder was still sent.
    report = models.ForeignKey(
        Report,
        verbose_name=_("决算报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
        help_text=_("催办时该单位该年度的报告；尚未创建报告时为空。"),
    )
    kind = models.CharField(_("方式"), max_length=16, choices=Kind.choices)
    # A unit's year has its 决算 and its 预算, each reminded of on its own.
    report_kind = models.CharField(
        _("报告类别"),
        max_length=16,
        choices=Report.Kind.choices,
        default=Report.Kind.FINAL,
    )
    recipients = LimitedTextField(_("收件人"), max_length=2000)
    cc = LimitedTextField(_("抄送"), max_length=2000, blank=True)
    subject = models.CharField(_("主题"), max_length=200)
    body = LimitedTextField(_("正文"), max_length=4000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("自动催办为空。"),
    )
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    # The day the reminder counts for; automatic ones are limited to one a day.
    sent_on = models.DateField(_("发送日期"))
    deadline = models.DateField(_("公开期限"), null=True, blank=True)
    days_left = models.IntegerField(
        _("剩余天数"),
        null=True,
        blank=True,
        help_text=_("发送时距公开期限的天数，逾期为负数；没有批复日期时为空。"),
    )

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # Running the automatic reminders twice a day sends once; the
            # database holds the line when two runs overlap.
            models.UniqueConstraint(
                fields=["unit", "fiscal_year", "report_kind", "sent_on"],
                condition=Q(kind="automatic"),
                name="disclosure_reminder_one_automatic_per_kind_and_day",
            ),
            models.CheckConstraint(
                condition=Q(kind="manual") | Q(sent_by__isnull=True),
                name="disclosure_reminder_automatic_has_no_sender",
            ),
            length_check("disclosure_reminder", "recipients", 2000),
            length_check("disclosure_reminder", "cc", 2000),
            length_check("disclosure_reminder", "body", 4000),
        ]

    def __str__(self):
        year = Report.Kind(self.report_kind).of_year(self.fiscal_year.year)
        return f"{self.unit.name} {year} · {self.get_kind_display()}催办"
