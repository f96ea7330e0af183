"""后台任务 in the admin: each user follows the jobs they started; read-only."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from jobs.models import Job
from jobs.services import LABELS
from units.scoping import ReadOnlyAdminMixin


class KindFilter(admin.SimpleListFilter):
    title = "类型"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return sorted(LABELS.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "kind_label",
        "status_badge",
        "progress",
        "created_by",
        "created_at",
        "run_after",
        "finished_at",
    ]
    list_filter = ["status", KindFilter]
    search_fields = ["title"]
    list_select_related = ["created_by"]
    fields = [
        "title",
        "status_badge",
        "progress",
        "message",
        "problem_list",
        "created_by",
        "created_at",
        "run_after",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields
    change_form_template = "admin/jobs/job/change_form.html"
    change_list_template = "admin/jobs/job/change_list.html"

    def get_queryset(self, request):
        jobs = super().get_queryset(request)
        return (
            jobs if request.user.is_superuser else jobs.filter(created_by=request.user)
        )

    def has_view_permission(self, request, obj=None):
        # Everyone who can start a job follows their own (the queryset scopes it).
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description="状态", ordering="status")
    def status_badge(self, job):
        return format_html(
            '<span class="job-status job-{}">{}</span>',
            job.status,
            job.get_status_display(),
        )

    @admin.display(description="类型", ordering="kind")
    def kind_label(self, job):
        return LABELS.get(job.kind, job.kind)

    @admin.display(description="进度")
    def progress(self, job):
        shown = job.progress or "—"
        if job.problems:
            shown += f"（{len(job.problems)} 项未完成）"
        return shown

    @admin.display(description="未完成的项目及原因")
    def problem_list(self, job):
        if not job.problems:
            return "无"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((p,) for p in job.problems)),
        )


def announce_job(request, job) -> None:
    """Tell the user how the job they started stands: its outcome, or where to follow it."""
    url = reverse("admin:jobs_job_change", args=[job.pk])
    if job.status == Job.Status.DONE:
        level = messages.WARNING if job.problems else messages.SUCCESS
        messages.add_message(request, level, _with_problems(job))
    elif job.status == Job.Status.FAILED:
        messages.error(request, _with_problems(job))
    else:
        when = (
            f"，将于 {timezone.localtime(job.run_after):%Y-%m-%d %H:%M} 执行"
            if job.run_after
            else ""
        )
        messages.info(
            request,
            format_html(
                '已加入后台任务“{}”{}。<a href="{}">查看进度</a>',
                job.title,
                when,
                url,
            ),
        )


def _with_problems(job) -> str:
    shown = job.problems[:5]
    more = f"；等共 {len(job.problems)} 项" if len(job.problems) > 5 else ""
    return job.message + ("".join(f" {p}" for p in shown) + more if shown else "")
