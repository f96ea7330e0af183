"""Units as a flat list: import for superusers (all-or-nothing), export of the units in scope."""

import io

import openpyxl
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from jobs.models import Job
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.jobs.worker import DATABASE_QUEUE, run_worker
from units.models import Membership, Unit

CSV, XLSX = "0", "1"
HEADER = "code,name,short_name,parent_code,unit_type,is_active\n"


def csv_upload(text: str):
    return SimpleUploadedFile("units.csv", text.encode("utf-8"), "text/csv")


class UnitImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.superuser = UserFactory(username="admin", is_superuser=True)

    def setUp(self):
        self.client.force_login(self.superuser)

    def upload(self, upload, fmt=CSV):
        return self.client.post(
            reverse("admin:units_unit_import"), {"format": fmt, "import_file": upload}
        )

    def confirm(self, preview):
        self.assertIsNotNone(preview.context["confirm_form"])
        return self.client.post(
            reverse("admin:units_unit_process_import"),
            preview.context["confirm_form"].initial,
        )

    def test_the_changelist_offers_import_and_export(self):
        response = self.client.get(reverse("admin:units_unit_changelist"))

        self.assertContains(response, reverse("admin:units_unit_import"))
        self.assertContains(response, reverse("admin:units_unit_export"))

    def test_a_department_and_its_units_are_created_with_their_paths(self):
        preview = self.upload(
            csv_upload(
                HEADER + "360200100,景德镇市城市管理局,城管局,,行政单位,是\n"
                "360200105,景德镇市数字城市管理服务中心,,360200100,public_welfare_1,\n"
            )
        )
        self.assertEqual(Unit.objects.count(), 0, "the preview must not save anything")

        done = self.confirm(preview)

        self.assertRedirects(done, reverse("admin:units_unit_changelist"))
        centre = Unit.objects.get(code="360200105")
        self.assertEqual(centre.path, "/360200100/360200105/")
        self.assertEqual(centre.unit_type, Unit.UnitType.PUBLIC_WELFARE_1)
        self.assertTrue(centre.is_active)
        self.assertEqual(centre.department.short_name, "城管局")

    def test_an_xlsx_with_numeric_codes_updates_an_existing_unit(self):
        UnitFactory(code="360200100", name="旧名称")
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER.strip().split(","))
        workbook.active.append(
            [360200100, "景德镇市城市管理局", None, None, "行政单位", "否"]
        )
        buffer = io.BytesIO()
        workbook.save(buffer)

        self.confirm(
            self.upload(SimpleUploadedFile("units.xlsx", buffer.getvalue()), fmt=XLSX)
        )

        unit = Unit.objects.get(code="360200100")
        self.assertEqual((unit.name, unit.is_active), ("景德镇市城市管理局", False))

    def test_bad_rows_name_line_and_column_and_nothing_is_saved(self):
        response = self.upload(
            csv_upload(
                HEADER + "360200100,景德镇市城市管理局,,,行政单位,\n"
                "36-02,格式错误的单位,,,行政单位,\n"
                "360200105,数字城管中心,,999,行政单位,\n"
                "360200106,某中心,,360200100,事业单位,\n"
            )
        )

        result = response.context["result"]
        self.assertTrue(result.has_validation_errors())
        messages = {
            row.number + 1: sorted(m for ms in row.error_dict.values() for m in ms)
            for row in result.invalid_rows
        }
        self.assertEqual(
            messages,
            {
                3: ["第 3 行 code 列：单位编码应为 3–20 位字母或数字。"],
                4: [
                    "第 4 行 parent_code 列：上级单位“999”不存在；"
                    "上级单位须已在系统中，或在文件中排在本行之前。"
                ],
                5: [
                    "第 5 行 unit_type 列：单位性质“事业单位”应为 行政单位、"
                    "参照公务员法管理事业单位、公益一类事业单位、公益二类事业单位、其他 之一。"
                ],
            },
        )
        self.assertContains(response, "有 3 行未通过校验，整个文件未导入")
        self.assertFalse(Unit.objects.exists())

    def test_a_file_without_the_required_columns_is_refused(self):
        response = self.upload(csv_upload("单位编码,单位名称\n360200100,城管局\n"))

        self.assertFormError(
            response.context["form"],
            "import_file",
            "缺少列：code、name、unit_type。文件第 1 行应为列名 "
            "code,name,short_name,parent_code,unit_type,is_active，实际为：单位编码、单位名称。",
        )


class UnitImportPermissionTests(TestCase):
    def test_a_reviewer_may_export_their_units_but_not_import(self):
        department = UnitFactory(code="D01", name="景德镇市城市管理局")
        UnitFactory(code="A01", name="下属单位", parent=department)
        UnitFactory(code="X01", name="其他部门")
        reviewer = UserFactory(username="shenhe")
        reviewer.user_permissions.add(
            *Permission.objects.filter(
                codename__in=["view_unit", "add_unit", "change_unit"]
            )
        )
        MembershipFactory(user=reviewer, unit=department, role=Membership.Role.REVIEWER)
        self.client.force_login(reviewer)

        self.assertEqual(
            self.client.get(reverse("admin:units_unit_import")).status_code, 403
        )
        self.assertNotContains(
            self.client.get(reverse("admin:units_unit_changelist")),
            reverse("admin:units_unit_import"),
        )
        response = self.client.post(
            reverse("admin:units_unit_export"),
            {
                "format": CSV,
                "resource": "0",
                "unitresource_code": "on",
                "unitresource_name": "on",
                "unitresource_parent_code": "on",
            },
        )

        self.assertEqual(response.status_code, 200)
        lines = response.content.decode("utf-8-sig").splitlines()
        self.assertEqual(
            lines,
            ["code,name,parent_code", "D01,景德镇市城市管理局,", "A01,下属单位,D01"],
        )


class FlatImportBoundsTests(TestCase):
    """A flat import (units, codes, fact lines) costs bounded time and memory."""

    @classmethod
    def setUpTestData(cls):
        cls.superuser = UserFactory(username="admin", is_superuser=True)

    def setUp(self):
        self.client.force_login(self.superuser)

    def upload(self, name, content, fmt):
        return self.client.post(
            reverse("admin:units_unit_import"),
            {"format": fmt, "import_file": SimpleUploadedFile(name, content)},
        )

    def small_workbook(self) -> bytes:
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER.strip().split(","))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def test_a_sheet_with_a_cell_in_column_xfd_on_every_row_is_refused_unread(self):
        from tests.disclosure.hostile_workbooks import xfd_rows

        content = xfd_rows(self.small_workbook(), count=300_000)
        response = self.upload("units.xlsx", content, XLSX)
        self.assertContains(response, "单元格")
        self.assertContains(response, "已拒绝读取")
        self.assertFalse(Unit.objects.exists())

    def test_a_workbook_declaring_entities_is_refused(self):
        from tests.disclosure.hostile_workbooks import billion_laughs

        response = self.upload(
            "units.xlsx", billion_laughs(self.small_workbook()), XLSX
        )
        self.assertContains(response, "DTD")

    def test_a_million_line_csv_is_refused_before_it_is_parsed(self):
        content = (HEADER + "1,x,,,行政单位,是\n" * 1_000_000).encode()[: 5 * 2**20]
        response = self.upload("units.csv", content, CSV)
        self.assertContains(response, "超过每次导入 20,000 行的上限")

    def test_a_file_over_five_megabytes_is_refused(self):
        response = self.upload("units.csv", b"a" * (5 * 2**20 + 1), CSV)
        self.assertContains(response, "超过 5 MB 的上限")


@DATABASE_QUEUE
class UnitImportJobTests(TestCase):
    """On the production queue the confirmation queues the import; a worker makes it."""

    @classmethod
    def setUpTestData(cls):
        cls.superuser = UserFactory(username="admin", is_superuser=True)

    def setUp(self):
        self.client.force_login(self.superuser)

    upload = UnitImportTests.upload

    def test_the_confirmed_import_waits_for_a_worker_then_saves_every_row(self):
        preview = self.upload(
            csv_upload(
                HEADER + "360200100,景德镇市城市管理局,城管局,,行政单位,是\n"
                "360200105,景德镇市数字城市管理服务中心,,360200100,public_welfare_1,\n"
            )
        )
        stored = preview.context["confirm_form"].initial["import_file_name"]
        # Kept in the shared storage between the preview and the job.
        self.assertTrue(default_storage.exists(f"django-import-export/{stored}"))
        done = self.client.post(
            reverse("admin:units_unit_process_import"),
            preview.context["confirm_form"].initial,
            follow=True,
        )
        self.assertContains(done, "已加入后台任务")
        self.assertFalse(Unit.objects.exists())
        run_worker()
        job = Job.objects.get(kind="flat_import")
        self.assertEqual(job.status, Job.Status.DONE, job.message)
        self.assertEqual(job.created_by, self.superuser)
        self.assertEqual(Unit.objects.count(), 2)
        self.assertFalse(default_storage.exists(f"django-import-export/{stored}"))

    def test_a_user_deactivated_before_the_job_imports_nothing(self):
        preview = self.upload(
            csv_upload(HEADER + "360200100,景德镇市城市管理局,城管局,,行政单位,是\n")
        )
        self.client.post(
            reverse("admin:units_unit_process_import"),
            preview.context["confirm_form"].initial,
        )
        self.superuser.is_active = False
        self.superuser.save()
        run_worker()
        job = Job.objects.get(kind="flat_import")
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertIn("已停用，未导入", job.message)
        self.assertFalse(Unit.objects.exists())
