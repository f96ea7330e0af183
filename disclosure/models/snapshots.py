"""What a publication freezes (files, figures), and the public generation."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from disclosure.models.reports import Report, ReportLocked, _unlocked

# A snapshot is frozen once its report is public. Before that it is the
# snapshot prepared for a scheduled publication, which goes away with the
# schedule (the report sent back to draft, the schedule cancelled).
_public_report = Q(report__status__in=Report.PUBLIC_STATUSES)


class FrozenQuerySet(models.QuerySet):
    """A snapshot is written once: no bulk change; no bulk deletion of a public report's
    snapshot outside the generators."""

    def update(self, **kwargs):
        raise ReportLocked("公开快照一经生成不能修改。")

    def delete(self):
        if not _unlocked.get() and self.filter(_public_report).exists():
            raise ReportLocked("公开快照不能删除。")
        return super().delete()


class Frozen(models.Model):
    """Base of what a publication freezes: written once, never changed or deleted.

    Only the demo and synthetic generators delete their own published
    snapshots (`generated_data_reset`); a snapshot prepared for a scheduled
    publication is deleted when the schedule is withdrawn.
    """

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReportLocked("公开快照一经生成不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not _unlocked.get() and self.report.status in Report.PUBLIC_STATUSES:
            raise ReportLocked("公开快照不能删除。")
        return super().delete(*args, **kwargs)


def snapshot_upload_to(instance, filename: str) -> str:
    report = instance.report
    return (
        f"snapshots/{report.fiscal_year.year}/{report.unit.code}/"
        f"r{report.revision}/{filename}"
    )


class SnapshotFile(Frozen):
    """One file frozen when a report is published, with its SHA-256.

    The web page's report body, the JSON of all facts, the PDF, the workbook
    and each table's CSV: public pages and downloads serve these files, so
    what was published stays what is shown (disclosure/snapshots.py).
    """

    report = models.ForeignKey(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.PROTECT,
        related_name="snapshot_files",
    )
    name = models.CharField(_("文件"), max_length=64)
    label = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("存储位置"), upload_to=snapshot_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("字节数"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开快照文件")
        verbose_name_plural = _("公开快照文件")
        # Creation order is the order of the report: page, JSON, PDF, workbook, tables.
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "name"], name="disclosure_snapshotfile_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="disclosure_snapshotfile_sha256_hex",
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.name}"


class SnapshotFigures(Frozen):
    """The headline figures of a published revision, frozen with its snapshot files.

    Comparisons across years and between units (历年, 同一主管部门, 同类单位,
    人均) read these, never live facts or profiles, so they show what each
    revision published (disclosure/figures.py). Amounts are kept as decimal
    strings in the report's own amount unit.
    """

    report = models.OneToOneField(
        Report,
        verbose_name=_("决算报告"),
        on_delete=models.PROTECT,
        related_name="snapshot_figures",
    )
    amount_unit = models.CharField(
        _("金额单位"), max_length=16, choices=Report.AmountUnit.choices
    )
    values = models.JSONField(_("主要数据"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开快照主要数据")
        verbose_name_plural = _("公开快照主要数据")

    def __str__(self):
        return f"{self.report} 主要数据"


class PublicGeneration(models.Model):
    """A number that grows whenever anything the public site shows changes.

    Cached public pages are keyed on it (disclosure/public_cache.py), so a
    publication, a correction or a unit's rename reaches every server process
    without a query per request.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("公开内容版本号")
        verbose_name_plural = _("公开内容版本号")

    def __str__(self):
        return str(self.number)


class YearArchive(models.Model):
    """The open-data zip of a fiscal year: every published report's JSON and CSVs.

    Built by a background job from the snapshots (disclosure/archives.py) and
    served as a stored file; `generation` is the public generation it was
    built for, so a newer publication asks for a new one.
    """

    year = models.PositiveIntegerField(_("年度"))
    generation = models.PositiveBigIntegerField(_("公开版本号"))
    file = models.FileField(_("存储位置"), upload_to="open-data/", max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("字节数"))
    report_count = models.PositiveIntegerField(_("报告数"))
    built_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度公开数据包")
        verbose_name_plural = _("年度公开数据包")
        ordering = ["-year", "-generation", "-id"]
        indexes = [
            models.Index(
                fields=["year", "-generation"], name="disclosure_archive_latest"
            ),
        ]

    def __str__(self):
        return f"{self.year} 年度公开数据包（{self.report_count} 份报告）"
