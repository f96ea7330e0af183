"""A background job as its user sees it: what it does, how far it got, how it ended."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of work done by a worker, not in the request that asked for it.

    The queue (django-tasks) carries only the job's id; what the user reads —
    status, progress, the Chinese outcome and each item that failed — lives
    here, so the admin shows it whatever queue backend runs the work.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(_("类型"), max_length=40, editable=False)
    title = models.CharField(_("任务"), max_length=200, editable=False)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=Status.choices,
        default=Status.QUEUED,
        editable=False,
    )
    params = models.JSONField(_("参数"), default=dict, editable=False)
    total = models.PositiveIntegerField(_("总数"), default=0, editable=False)
    done = models.PositiveIntegerField(_("已处理"), default=0, editable=False)
    message = models.TextField(_("结果"), blank=True, editable=False)
    problems = models.JSONField(
        _("未完成的项目"),
        default=list,
        editable=False,
        help_text=_("逐项列出未能完成的对象及原因。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    run_after = models.DateTimeField(
        _("计划执行时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("空白表示尽快执行。"),
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, editable=False)
    finished_at = models.DateTimeField(_("结束时间"), null=True, editable=False)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "status"], name="jobs_job_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")),
                name="jobs_job_done_within_total",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def progress(self) -> str:
        """'120 / 300', or '' before the job knows how many items it has."""
        return f"{self.done} / {self.total}" if self.total else ""
