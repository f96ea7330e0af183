"""The admin's 从 Excel 导入 page: upload → preview (old → new) → confirm, scoped like the report."""

import shutil
import tempfile
from decimal import Decimal as D
from io import BytesIO

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from demo.loader import SEED_UNIT
from disclosure.admin.imports import SESSION_KEY
from disclosure.document import build_document
from disclosure.exports.xlsx import render_report_xlsx
from disclosure.importers.facts import ReportFacts, facts_of
from disclosure.models import ExpenditureLine, FiscalYear, Report
from jobs.models import Job
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_grids import grid_post, grid_url, page_version
from tests.factories import MembershipFactory, ReportFactory, UnitFactory, UserFactory
from tests.jobs.worker import DATABASE_QUEUE, run_worker
from tests.scenarios import force_status

MEDIA = tempfile.mkdtemp(prefix="jsgk-import-tests-")


def tearDownModule():
    shutil.rmtree(MEDIA, ignore_errors=True)


def preparer_of(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="disclosure",
            codename__in=["view_report", "change_report"],
        )
    )
    return user


def import_url(report) -> str:
    return reverse("admin:disclosure_report_import_xlsx", args=[report.pk])


def export_url(report) -> str:
    return reverse("admin:disclosure_report_export_xlsx", args=[report.pk])


@override_settings(MEDIA_ROOT=MEDIA)
class ImportPageTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.seed = Report.objects.get(unit__code=SEED_UNIT, fiscal_year__year=2022)
        cls.unit = UnitFactory(code="IMPORT01", name="导入测试单位")
        cls.target = ReportFactory(
            unit=cls.unit, fiscal_year=FiscalYear.objects.get(year=2022)
        )
        cls.user = preparer_of(cls.unit, "daoru")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.content = render_report_xlsx(build_document(cls.seed))

    def setUp(self):
        self.client.force_login(self.user)

    def upload(self, content=None, name="决算.xlsx", report=None):
        return self.client.post(
            import_url(report or self.target),
            {"workbook": SimpleUploadedFile(name, content or self.content)},
        )

    def confirm(self, preview, report=None):
        return self.client.post(
            import_url(report or self.target),
            {"token": preview.context["token"], "confirm": "确认导入"},
        )


class ImportPageTests(ImportPageTestCase):
    def test_the_change_page_links_to_the_import(self):
        response = self.client.get(
            reverse("admin:disclosure_report_change", args=[self.target.pk])
        )

        self.assertContains(response, import_url(self.target))
        self.assertContains(response, export_url(self.target))

    def test_an_upload_shows_each_change_old_to_new_and_saves_nothing(self):
        response = self.upload()

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "导入预览")
        self.assertContains(response, "公开05表 一般公共预算财政拨款支出决算表")
        self.assertContains(
            response,
            '<th scope="row">2120199 其他城乡社区管理事务支出</th><td>基本支出</td>'
            '<td class="num old">（空）</td><td class="num">111.46</td>',
            html=False,
        )
        self.assertContains(response, "文件的编制单位为“景德镇市数字城市管理服务中心”")
        self.assertEqual(facts_of(self.target), ReportFacts())
        self.assertIn(response.context["token"], self.client.session[SESSION_KEY])

    def test_confirming_imports_every_fact_and_records_it(self):
        done = self.confirm(self.upload())

        self.assertRedirects(
            done, reverse("admin:disclosure_report_change", args=[self.target.pk])
        )
        self.assertEqual(facts_of(self.target), facts_of(self.seed))
        entry = LogEntry.objects.get(object_id=str(self.target.pk))
        self.assertIn("从 Excel 导入“决算.xlsx”", entry.change_message)
        self.assertEqual(self.client.session[SESSION_KEY], {})

    def test_a_bad_file_lists_its_problems_and_saves_nothing(self):
        wb = load_workbook(BytesIO(self.content))
        wb["公开05表"]["F8"] = "一百四十"
        out = BytesIO()
        wb.save(out)

        response = self.upload(out.getvalue())

        self.assertContains(response, "文件未导入，请修改后重新上传")
        self.assertContains(response, "工作表“公开05表” 第 8 行 F 列")
        self.assertEqual(response.context["token"], "")
        self.assertEqual(facts_of(self.target), ReportFacts())

    def test_a_total_left_behind_its_details_is_recomputed_and_shown(self):
        wb = load_workbook(BytesIO(self.content))
        wb["公开05表"]["F8"] = 140.8
        out = BytesIO()
        wb.save(out)

        response = self.upload(out.getvalue())

        self.assertContains(response, "按明细重新计算的合计（共 1 处）")
        self.assertContains(
            response,
            "工作表“公开05表” 第 8 行：“合计”的“基本支出”文件中为 140.80，按明细重新计算为 140.78。",
        )
        self.assertNotEqual(response.context["token"], "")

    def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(self):
        response = self.upload(b"not a workbook", name="data.csv")

        self.assertContains(response, "不是 .xlsx 格式的 Excel 工作簿")

    def test_confirming_checks_the_report_again(self):
        preview = self.upload()
        force_status(self.target.pk, Report.Status.SUBMITTED)

        response = self.confirm(preview)

        self.assertContains(response, "只有草稿状态的报告可以导入数据")
        self.assertEqual(facts_of(self.target), ReportFacts())

    def test_a_token_of_another_report_is_refused(self):
        other = ReportFactory(
            unit=self.unit, fiscal_year=FiscalYear.objects.get(year=2021)
        )
        preview = self.upload()

        response = self.confirm(preview, report=other)

        self.assertContains(response, "待导入的文件已失效或不属于本报告")
        self.assertEqual(facts_of(other), ReportFacts())

    def test_a_published_report_shows_why_it_cannot_be_imported_into(self):
        superuser = UserFactory(username="admin", is_superuser=True)
        self.client.force_login(superuser)

        page = self.client.get(import_url(self.seed))
        posted = self.upload(report=self.seed)

        self.assertContains(
            page, "报告状态为“已公开”，只有草稿状态的报告可以导入数据。"
        )
        self.assertNotContains(page, 'name="workbook"')
        self.assertContains(posted, "只有草稿状态的报告可以导入数据")

    def test_a_report_of_another_unit_is_not_found(self):
        response = self.client.get(import_url(self.seed))
        self.assertRedirects(response, reverse("admin:index"))
        response = self.client.get(export_url(self.seed))
        self.assertRedirects(response, reverse("admin:index"))

    def test_the_workbook_of_a_draft_can_be_downloaded_for_filling_in(self):
        response = self.client.get(export_url(self.target))

        self.assertEqual(response.status_code, 200)
        self.assertIn("filename*=UTF-8''", response["Content-Disposition"])
        wb = load_workbook(BytesIO(response.content))
        self.assertEqual(wb.sheetnames[0], "公开01表")
        self.assertEqual(wb["公开05表"]["A3"].value, "编制单位：导入测试单位")


class StaleConfirmTests(ImportPageTestCase):
    """Someone changes a figure between the preview and its confirmation."""

    def edit_by_someone_else(self, basic="12"):
        other = Client()
        other.force_login(preparer_of(self.unit, "张三"))
        url = grid_url(self.target)
        other.post(
            url,
            grid_post(
                [{"code": "2120199", "basic": basic}],
                version=page_version(other, url),
            ),
        )

    def test_a_figure_changed_after_the_preview_refuses_the_confirmation(self):
        preview = self.upload()
        self.edit_by_someone_else()

        response = self.confirm(preview)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "生成导入预览以来，本报告的数据已被修改")
        self.assertContains(response, "张三 于")
        self.assertContains(
            response,
            "新增了 支出明细 2120199 其他城乡社区管理事务支出（基本支出 12.00）",
        )
        self.assertContains(response, "本次没有导入任何数据")
        # The edit survives and nothing of the file was imported.
        facts = facts_of(self.target)
        self.assertEqual(list(facts.expenditure), ["2120199"])
        self.assertEqual(facts.expenditure["2120199"]["basic"], D("12.00"))
        self.assertEqual(facts.income, {})
        self.assertFalse(
            LogEntry.objects.filter(change_message__contains="从 Excel 导入")
        )

    def test_after_a_refusal_the_new_preview_shows_the_change_and_can_be_confirmed(
        self,
    ):
        preview = self.upload()
        self.edit_by_someone_else()
        refused = self.confirm(preview)

        self.assertEqual(refused.context["token"], preview.context["token"])
        rows = [
            (c.row, c.old)
            for sheet in refused.context["changes"]
            for c in sheet["changes"]
        ]
        self.assertTrue(any(old == "12.00" for _row, old in rows), rows)
        done = self.confirm(refused)

        self.assertEqual(done.status_code, 302)
        self.assertEqual(facts_of(self.target), facts_of(self.seed))

    def test_a_change_undone_before_the_confirmation_does_not_refuse_it(self):
        preview = self.upload()
        self.edit_by_someone_else()
        ExpenditureLine.objects.filter(report=self.target).delete()

        done = self.confirm(preview)

        self.assertEqual(done.status_code, 302)
        self.assertEqual(facts_of(self.target), facts_of(self.seed))

    def test_a_pending_upload_without_a_version_is_refused(self):
        preview = self.upload()
        session = self.client.session
        del session[SESSION_KEY][preview.context["token"]]["version"]
        session.save()

        response = self.confirm(preview)

        self.assertContains(response, "待导入的文件已失效，请重新上传")
        self.assertEqual(facts_of(self.target), ReportFacts())


@DATABASE_QUEUE
class ImportJobTests(ImportPageTestCase):
    """On the production queue, confirming queues the import; a worker makes it."""

    def test_confirming_queues_the_import_and_the_worker_saves_it_all(self):
        preview = self.upload()
        path = self.client.session[SESSION_KEY][preview.context["token"]]["path"]
        done = self.client.post(
            import_url(self.target),
            {"token": preview.context["token"], "confirm": "确认导入"},
            follow=True,
        )
        self.assertContains(done, "已加入后台任务")
        self.assertEqual(facts_of(self.target), ReportFacts())
        run_worker()
        job = Job.objects.get(kind="import_workbook")
        self.assertEqual(job.status, Job.Status.DONE, job.message)
        self.assertIn("从 Excel 导入“决算.xlsx”", job.message)
        self.assertEqual(facts_of(self.target), facts_of(self.seed))
        self.assertFalse(default_storage.exists(path))

    def test_a_change_between_confirmation_and_job_fails_it_naming_the_change(self):
        preview = self.upload()
        self.confirm(preview)
        ExpenditureLine.objects.create(
            report=self.target,
            function_code=self.seed.expenditure_lines.first().function_code,
            basic=D("1.00"),
        )
        run_worker()
        job = Job.objects.get(kind="import_workbook")
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertIn("数据已被修改", job.message)
        self.assertEqual(self.target.expenditure_lines.count(), 1)
