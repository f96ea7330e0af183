"""Fact lines as flat CSV/XLSX lists in the admin: scoped, all or nothing, Chinese row errors."""

import io
from decimal import Decimal as D

import openpyxl
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from disclosure.importers.resources import (
    BasicExpenditureLineResource,
    FiscalExpenditureLineResource,
    IncomeLineResource,
)
from disclosure.models import (
    BasicExpenditureLine,
    FiscalExpenditureLine,
    FunctionCode,
    Fund,
    IncomeLine,
    Report,
)
from tests.factories import (
    IncomeLineFactory,
    MembershipFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    economic_code,
    function_code,
)
from tests.scenarios import force_status

CSV, XLSX = "0", "1"
INCOME_HEADER = "unit_code,year,code,general_budget,other\n"


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


def dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


class FactResourceTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        function_code("2120199", "其他城乡社区管理事务支出")
        function_code("2080505", "机关事业单位基本养老保险缴费支出")
        function_code("2120101", "行政运行")
        economic_code("30101", "基本工资")
        cls.unit = UnitFactory(code="U100", name="数字城管中心")
        cls.report = ReportFactory(unit=cls.unit)
        cls.other = ReportFactory(unit=UnitFactory(code="U200", name="其他单位"))
        cls.user = preparer_of(cls.unit, "kuaiji")

    def run_import(self, resource_class, text, dry_run=False):
        return resource_class(user=self.user).import_data(
            dataset(text), dry_run=dry_run
        )

    def row_messages(self, result) -> dict[int, list[str]]:
        return {
            row.number + 1: sorted(m for ms in row.error_dict.values() for m in ms)
            for row in result.invalid_rows
        }


class IncomeLineResourceTests(FactResourceTestCase):
    def test_rows_create_and_update_the_lines_of_a_draft_report_in_scope(self):
        IncomeLineFactory(
            report=self.report,
            function_code=function_code("2120199"),
            general_budget=D("1.00"),
        )

        result = self.run_import(
            IncomeLineResource,
            INCOME_HEADER + "U100,2022,2120199,288.02,17.94\n"
            "U100,2022,2080505 机关事业单位基本养老保险缴费支出,10.27,\n",
        )

        self.assertFalse(result.has_validation_errors(), self.row_messages(result))
        lines = {
            line.function_code.code: (line.general_budget, line.other)
            for line in IncomeLine.objects.filter(report=self.report)
        }
        self.assertEqual(
            lines,
            {
                "2120199": (D("288.02"), D("17.94")),
                "2080505": (D("10.27"), D("0.00")),
            },
        )

    def test_bad_rows_name_line_and_column_and_nothing_is_saved(self):
        result = self.run_import(
            IncomeLineResource,
            INCOME_HEADER + "U100,2022,2120199,288.02,\n"
            "U100,2022,2120199,1,\n"
            "U100,2022,2129999,1,\n"
            "U100,2022,21201,1,\n"
            "U100,2022,2080505,-1,abc\n"
            "U100,2022,2120101,1.2345678,\n"
            "U200,2022,2120199,1,\n"
            "U100,2019,2120199,1,\n",
        )

        messages = self.row_messages(result)
        self.assertEqual(
            messages[3],
            ["第 3 行 code 列：与第 2 行重复，同一报告的同一科目只能有一行。"],
        )
        self.assertEqual(
            messages[4],
            ["第 4 行 code 列：2022 年度支出功能分类科目中没有编码为 2129999 的科目。"],
        )
        self.assertIn("下设明细科目，请填写到最末级科目", messages[5][0])
        self.assertEqual(
            messages[6],
            [
                "第 6 行 general_budget 列：“一般公共预算财政拨款收入”：“-1”不能为负数。",
                "第 6 行 other 列：“其他收入”：“abc”不是有效的金额，请填写数字，例如 1234.56。",
            ],
        )
        self.assertEqual(
            messages[7],
            [
                "第 7 行 general_budget 列：“一般公共预算财政拨款收入”：“1.2345678”最多保留六位小数（以万元填写时，六位小数即精确到分）。"
            ],
        )
        self.assertEqual(
            messages[8],
            [
                "第 8 行 unit_code 列：您可以填报的单位中没有单位 U200 的 2022 年度决算报告，"
                "请核对单位编码和年度，或先创建报告。"
            ],
        )
        self.assertEqual(
            messages[9],
            [
                "第 9 行 unit_code 列：您可以填报的单位中没有单位 U100 的 2019 年度决算报告，"
                "请核对单位编码和年度，或先创建报告。"
            ],
        )
        self.assertFalse(IncomeLine.objects.exists())

    def test_a_report_past_draft_is_refused(self):
        force_status(self.report.pk, Report.Status.PUBLISHED)

        result = self.run_import(
            IncomeLineResource, INCOME_HEADER + "U100,2022,2120199,1,\n"
        )

        self.assertIn(
            "状态为“已公开”，没有正在填报的版次；已公开的报告如需修改，请先发起更正",
            self.row_messages(result)[2][0],
        )
        self.assertFalse(IncomeLine.objects.exists())

    def test_a_submitted_report_is_refused(self):
        force_status(self.report.pk, Report.Status.SUBMITTED)

        result = self.run_import(
            IncomeLineResource, INCOME_HEADER + "U100,2022,2120199,1,\n"
        )

        self.assertIn("只有草稿状态的报告可以修改", self.row_messages(result)[2][0])
        self.assertFalse(IncomeLine.objects.exists())

    def test_the_export_lists_only_the_lines_of_the_users_units(self):
        IncomeLineFactory(
            report=self.report,
            function_code=function_code("2120199"),
            general_budget=D("5.50"),
        )
        IncomeLineFactory(
            report=self.other,
            function_code=function_code("2120199"),
            general_budget=D("9.00"),
        )

        exported = IncomeLineResource(user=self.user).export()

        self.assertEqual(exported["unit_code"], ["U100"])
        self.assertEqual(exported["code"], ["2120199"])
        self.assertEqual(exported["name"], ["其他城乡社区管理事务支出"])
        self.assertEqual(exported["year"], ["2022"])
        self.assertEqual(exported["revision"], ["1"])


class RevisionTests(FactResourceTestCase):
    """After a correction a unit's year has two revisions; the flat list names and targets them."""

    def setUp(self):
        self.urban = function_code("2120199")
        IncomeLineFactory(
            report=self.report, function_code=self.urban, general_budget=D("5.00")
        )
        force_status(self.report.pk, Report.Status.PUBLISHED)
        self.correction = ReportFactory(
            unit=self.unit,
            fiscal_year=self.report.fiscal_year,
            revision=2,
            corrects=self.report,
            correction_note="更正收入。",
        )
        IncomeLineFactory(
            report=self.correction, function_code=self.urban, general_budget=D("5.00")
        )

    def test_without_a_revision_a_row_goes_to_the_correction_being_worked_on(self):
        result = self.run_import(
            IncomeLineResource, INCOME_HEADER + "U100,2022,2120199,8,\n"
        )

        self.assertFalse(result.has_errors() or result.has_validation_errors())
        self.assertEqual(
            IncomeLine.objects.get(report=self.correction).general_budget, D("8.00")
        )
        self.assertEqual(
            IncomeLine.objects.get(report=self.report).general_budget, D("5.00")
        )

    def test_a_row_naming_the_correction_goes_to_it(self):
        result = self.run_import(
            IncomeLineResource,
            "unit_code,year,revision,code,general_budget\nU100,2022,2,2120199,9\n",
        )

        self.assertFalse(result.has_errors() or result.has_validation_errors())
        self.assertEqual(
            IncomeLine.objects.get(report=self.correction).general_budget, D("9.00")
        )

    def test_a_row_naming_the_published_revision_is_refused_in_chinese(self):
        result = self.run_import(
            IncomeLineResource,
            "unit_code,year,revision,code,general_budget\nU100,2022,1,2120199,9\n",
        )

        self.assertIn("只有草稿状态的报告可以修改", self.row_messages(result)[2][0])
        self.assertEqual(
            IncomeLine.objects.get(report=self.report).general_budget, D("5.00")
        )

    def test_an_unknown_or_malformed_revision_is_refused_in_chinese(self):
        for revision, message in [
            ("7", "没有第 7 版"),
            ("二", "版次（revision）“二”应为正整数"),
        ]:
            with self.subTest(revision=revision):
                result = self.run_import(
                    IncomeLineResource,
                    "unit_code,year,revision,code,general_budget\n"
                    f"U100,2022,{revision},2120199,9\n",
                )
                self.assertIn(message, self.row_messages(result)[2][0])

    def test_the_export_says_which_revision_each_line_belongs_to(self):
        exported = IncomeLineResource(user=self.user).export()

        self.assertEqual(sorted(exported["revision"]), ["1", "2"])
        self.assertEqual(
            exported.headers[:4], ["unit_code", "year", "revision", "code"]
        )

    def test_an_exported_list_imported_back_changes_the_correction_only(self):
        exported = IncomeLineResource(user=self.user).export()
        only_open = tablib.Dataset(headers=exported.headers)
        for row in exported.dict:
            if row["revision"] == "2":
                only_open.append([row[h] for h in exported.headers])

        result = IncomeLineResource(user=self.user).import_data(only_open)

        self.assertFalse(result.has_errors() or result.has_validation_errors())


class AmountRangeTests(FactResourceTestCase):
    def test_an_amount_beyond_the_range_is_refused_naming_line_and_column(self):
        for text in ["99999999999999.99", "1" * 27]:
            with self.subTest(text=text):
                result = self.run_import(
                    IncomeLineResource, INCOME_HEADER + f"U100,2022,2120199,{text},\n"
                )
                (message,) = self.row_messages(result)[2]
                self.assertIn("第 2 行 general_budget 列", message)
                self.assertIn("超出金额范围", message)
                self.assertFalse(IncomeLine.objects.exists())


class OtherLineResourceTests(FactResourceTestCase):
    def test_financial_appropriation_lines_name_their_fund_by_label_or_value(self):
        result = self.run_import(
            FiscalExpenditureLineResource,
            "unit_code,year,fund,code,basic,budget_initial\n"
            "U100,2022,一般公共预算财政拨款,2120199,111.46,224.61\n"
            "U100,2022,gov_fund,2120199,5,\n"
            "U100,2022,专项资金,2120199,5,\n",
        )

        self.assertEqual(
            self.row_messages(result)[4],
            [
                "第 4 行 fund 列：资金来源“专项资金”应为 一般公共预算财政拨款、政府性基金预算财政拨款、"
                "国有资本经营预算财政拨款 之一（或 general、gov_fund、state_capital）。"
            ],
        )
        self.assertFalse(FiscalExpenditureLine.objects.exists())

        result = self.run_import(
            FiscalExpenditureLineResource,
            "unit_code,year,fund,code,basic,budget_initial\n"
            "U100,2022,一般公共预算财政拨款,2120199,111.46,224.61\n"
            "U100,2022,gov_fund,2120199,5,\n",
        )

        self.assertFalse(result.has_validation_errors())
        lines = {
            (line.fund, line.basic, line.budget_initial)
            for line in FiscalExpenditureLine.objects.all()
        }
        self.assertEqual(
            lines,
            {
                (Fund.GENERAL, D("111.46"), D("224.61")),
                (Fund.GOV_FUND, D("5.00"), D("0.00")),
            },
        )

    def test_basic_expenditure_lines_use_economic_sections(self):
        result = self.run_import(
            BasicExpenditureLineResource,
            "unit_code,year,code,amount\nU100,2022,30101,29.64\nU100,2022,301,1\n",
        )

        self.assertIn("请填写到款级", self.row_messages(result)[3][0])
        self.assertFalse(BasicExpenditureLine.objects.exists())

        self.run_import(
            BasicExpenditureLineResource,
            "unit_code,year,code,amount\nU100,2022,30101,29.64\n",
        )

        self.assertEqual(BasicExpenditureLine.objects.get().amount, D("29.64"))


class FactLineAdminTests(FactResourceTestCase):
    def setUp(self):
        self.client.force_login(self.user)

    def upload(self, upload, fmt=CSV):
        return self.client.post(
            reverse("admin:disclosure_incomeline_import"),
            {"format": fmt, "import_file": upload},
        )

    def test_an_xlsx_file_is_previewed_then_imported_on_confirmation(self):
        workbook = openpyxl.Workbook()
        workbook.active.append(["unit_code", "year", "code", "general_budget"])
        workbook.active.append(["U100", 2022, 2120199, 288.02])
        buffer = io.BytesIO()
        workbook.save(buffer)

        preview = self.upload(
            SimpleUploadedFile("income.xlsx", buffer.getvalue()), XLSX
        )

        self.assertEqual(preview.status_code, 200)
        self.assertFalse(IncomeLine.objects.exists())
        done = self.client.post(
            reverse("admin:disclosure_incomeline_process_import"),
            preview.context["confirm_form"].initial,
        )
        self.assertRedirects(done, reverse("admin:disclosure_incomeline_changelist"))
        self.assertEqual(IncomeLine.objects.get().general_budget, D("288.02"))

    def csv_preview(self, text):
        return self.upload(SimpleUploadedFile("income.csv", text.encode(), "text/csv"))

    def confirm(self, preview, **changes):
        return self.client.post(
            reverse("admin:disclosure_incomeline_process_import"),
            {**preview.context["confirm_form"].initial, **changes},
            follow=True,
        )

    def test_a_figure_changed_after_the_preview_refuses_the_confirmation(self):
        line = IncomeLineFactory(
            report=self.report,
            function_code=FunctionCode.objects.get(code="2120199"),
            general_budget=D("5.00"),
        )
        preview = self.csv_preview(
            "unit_code,year,code,general_budget\nU100,2022,2120199,5\n"
        )
        # Someone else changes the figure the preview showed as unchanged.
        line.general_budget = D("7.00")
        line.save()

        done = self.confirm(preview)

        self.assertContains(done, "生成导入预览以来，文件涉及的数据已被修改")
        self.assertContains(done, "5.00 → 7.00")
        self.assertContains(done, "本次没有导入任何数据")
        line.refresh_from_db()
        self.assertEqual(line.general_budget, D("7.00"))

    def test_a_new_line_added_after_the_preview_is_not_overwritten(self):
        preview = self.csv_preview(
            "unit_code,year,code,general_budget\nU100,2022,2120199,5\n"
        )
        IncomeLineFactory(
            report=self.report,
            function_code=FunctionCode.objects.get(code="2120199"),
            general_budget=D("9.00"),
        )

        done = self.confirm(preview)

        self.assertContains(done, "新增了")
        self.assertEqual(IncomeLine.objects.get().general_budget, D("9.00"))

    def test_a_confirmation_without_a_valid_version_is_refused(self):
        preview = self.csv_preview(
            "unit_code,year,code,general_budget\nU100,2022,2120199,5\n"
        )

        done = self.confirm(preview, version="forged")

        self.assertContains(done, "导入预览已失效")
        self.assertFalse(IncomeLine.objects.exists())

    def test_a_file_without_the_key_columns_is_refused_in_chinese(self):
        response = self.upload(
            SimpleUploadedFile(
                "income.csv", "科目,金额\n2120199,1\n".encode(), "text/csv"
            )
        )

        self.assertIn(
            "缺少列：unit_code、year、code", str(response.context["form"].errors)
        )

    def test_the_list_and_the_export_show_only_the_users_units(self):
        IncomeLineFactory(report=self.report, general_budget=D("5.50"))
        IncomeLineFactory(report=self.other, general_budget=D("9.00"))

        listing = self.client.get(reverse("admin:disclosure_incomeline_changelist"))
        self.assertContains(listing, "数字城管中心")
        self.assertNotContains(listing, "其他单位")

        response = self.client.post(
            reverse("admin:disclosure_incomeline_export"),
            {
                "format": CSV,
                "resource": "0",
                "incomelineresource_unit_code": "on",
                "incomelineresource_code": "on",
                "incomelineresource_general_budget": "on",
            },
        )
        lines = response.content.decode("utf-8-sig").splitlines()
        self.assertEqual(lines, ["unit_code,code,general_budget", "U100,2120199,5.50"])

    def test_a_user_without_change_rights_cannot_import(self):
        viewer = UserFactory(username="viewer")
        viewer.user_permissions.add(Permission.objects.get(codename="view_report"))
        MembershipFactory(user=viewer, unit=self.unit)
        self.client.force_login(viewer)

        response = self.client.get(reverse("admin:disclosure_incomeline_import"))

        self.assertEqual(response.status_code, 403)
