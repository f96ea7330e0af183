"""The report work done as background jobs (jobs/): publishing and scheduling in batches,
the scheduled moment itself, confirmed workbook imports and the daily 催办.

    publish_in_background(reports, user)            # 公开 now, each frozen by the worker
    schedule_in_background(reports, user, moment)   # 定时公开: frozen now, public at `moment`
    import_in_background(report, upload, user)      # 从 Excel 导入, confirmed

Each report goes through the same workflow service as a single one; a report
that cannot is named in the job with the service's own message, and the rest
go on.
"""

import datetime
import logging

from django.utils.dateparse import parse_datetime

from disclosure.models import Report
from disclosure.scheduling import moment_label, publish_due, report_schedule
from disclosure.workflow import TransitionRefused, report_publish
from jobs.services import JobFailed, handler, start

logger = logging.getLogger(__name__)


def _title(action: str, reports: list[Report]) -> str:
    if len(reports) == 1:
        return f"{action}“{reports[0]}”"
    return f"{action} {len(reports)} 份报告"


def publish_in_background(reports: list[Report], user):
    return start(
        "publish",
        _title("公开", reports),
        {"reports": [r.pk for r in reports]},
        user=user,
    )


def schedule_in_background(reports: list[Report], user, moment: datetime.datetime):
    return start(
        "schedule",
        _title(f"定时公开（{moment_label(moment)}）", reports),
        {"reports": [r.pk for r in reports], "moment": moment.isoformat()},
        user=user,
    )


def _each_report(job, progress, action):
    """Run `action(report)` on each report of the job; those that succeeded."""
    ids = job.params["reports"]
    progress.total(len(ids))
    reports = {
        r.pk: r
        for r in Report.objects.filter(pk__in=ids).select_related("unit", "fiscal_year")
    }
    succeeded = []
    for pk in ids:
        report = reports.get(pk)
        if report is None:
            progress.step(f"编号 {pk} 的报告已不存在。")
            continue
        try:
            action(report)
        except TransitionRefused as exc:
            progress.step(f"{report}：{exc}")
        else:
            succeeded.append(report)
            progress.step()
    return succeeded


def _outcome(done: str, succeeded: list[Report], progress) -> str:
    if progress.job.total == 1:
        return f"“{succeeded[0]}”{done}。" if succeeded else "未能完成："
    message = f"{done} {len(succeeded)} 份报告。"
    if progress.failed:
        message += f"{progress.failed} 份未能完成："
    return message


@handler("publish", "公开")
def publish_reports(job, progress) -> str:
    if job.created_by is None:
        raise JobFailed("发起人的账号已不存在，任务未执行。")
    succeeded = _each_report(
        job, progress, lambda report: report_publish(report, job.created_by)
    )
    return _outcome("已公开", succeeded, progress)


@handler("schedule", "定时公开")
def schedule_reports(job, progress) -> str:
    if job.created_by is None:
        raise JobFailed("发起人的账号已不存在，任务未执行。")
    moment = parse_datetime(job.params["moment"])
    succeeded = _each_report(
        job, progress, lambda report: report_schedule(report, job.created_by, moment)
    )
    return _outcome(f"已设置于 {moment_label(moment)} 定时公开", succeeded, progress)


@handler("publish_due", "定时公开到点")
def publish_scheduled(job, progress) -> str:
    wave = publish_due(progress=progress)
    message = f"定时公开：{len(wave.published)} 份报告已公开。"
    if wave.problems:
        message += f"{len(wave.problems)} 份未能公开："
    return message


def import_in_background(report: Report, upload: dict, user):
    """从 Excel 导入, confirmed: the stored upload imported by a job, all or nothing.

    `upload` is the pending upload (its storage path, file name and the
    version of the facts its preview was computed against); the job owns the
    stored file from here on and removes it when done.
    """
    return start(
        "import_workbook",
        f"从 Excel 导入“{upload['filename']}”到“{report}”",
        {
            "report": report.pk,
            "path": upload["path"],
            "filename": upload["filename"],
            "version": upload["version"],
        },
        user=user,
    )


@handler("import_workbook", "Excel 导入")
def import_workbook_job(job, progress) -> str:
    from django.core.files.storage import default_storage

    from disclosure.importers.cells import WorkbookRejected
    from disclosure.importers.xlsx import import_workbook
    from disclosure.services import EditRefused
    from disclosure.storage import storage_errors
    from disclosure.versions import StaleVersion, facts_scope, read_token

    params = job.params
    try:
        report = Report.objects.select_related("unit", "fiscal_year").get(
            pk=params["report"]
        )
        if job.created_by is None:
            raise JobFailed("发起人的账号已不存在，未导入。")
        try:
            with default_storage.open(params["path"], "rb") as handle:
                content = handle.read()
        except storage_errors():
            raise JobFailed("待导入的文件已失效，未导入；请重新上传。") from None
        version = read_token(params["version"], facts_scope(report))
        if version is None:
            raise JobFailed("待导入的文件已失效，未导入；请重新上传。")
        progress.total(1)
        try:
            result = import_workbook(report, content, job.created_by, version=version)
        except StaleVersion as exc:
            raise JobFailed(
                f"自生成导入预览以来，本报告的数据已被修改（{'；'.join(exc.changes[:5])}），"
                "未导入；请重新上传，核对新的预览后再确认。"
            ) from None
        except WorkbookRejected as exc:
            raise JobFailed(
                "文件未导入，请修改后重新上传：", [str(p) for p in exc.problems]
            ) from None
        except EditRefused as exc:
            raise JobFailed(str(exc)) from None
        progress.step()
        return f"从 Excel 导入“{params['filename']}”：{result}。"
    finally:
        try:
            default_storage.delete(params["path"])
        except storage_errors():
            # Left behind, it is removed with the other stale uploads.
            logger.exception("无法删除已处理的导入文件 %s", params["path"])


@handler("send_reminders", "每日催办", daily_at=9)
def daily_reminders(job, progress) -> str:
    from disclosure.reminders import send_due_reminders

    return f"已发送 {send_due_reminders()} 份催办邮件。"
