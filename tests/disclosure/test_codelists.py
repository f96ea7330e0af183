"""Classification code lists: the bundled loader and the administrator's import."""

import io
import re

import openpyxl
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from tablib import Dataset

from disclosure import codelists
from disclosure.models import EconomicCode, FunctionCode
from disclosure.resources import FunctionCodeResource
from tests.factories import FiscalYearFactory, UserFactory, function_code

# Index of each format in the import form's choices (CodeListImportMixin.import_formats).
CSV, XLSX = "0", "1"

GOOD_CSV = """code,name,level,parent_code
212,城乡社区支出,1,
21201,城乡社区管理事务,2,212
2120101,行政运行,3,21201
2120199,其他城乡社区管理事务支出,3,21201
"""


def csv_upload(text: str, name: str = "codes.csv", encoding: str = "utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[list], name: str = "codes.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class LoadCodesCommandTests(TestCase):
    def test_it_loads_the_bundled_2022_lists_with_their_hierarchy(self):
        out = io.StringIO()
        call_command("load_codes", stdout=out)

        self.assertIn("功能分类 1535 条", out.getvalue())
        self.assertEqual(
            FunctionCode.objects.filter(fiscal_year__year=2022).count(), 1535
        )
        self.assertEqual(
            EconomicCode.objects.filter(
                fiscal_year__year=2022, scheme=EconomicCode.Scheme.DEPARTMENT
            ).count(),
            110,
        )
        self.assertEqual(
            EconomicCode.objects.filter(
                fiscal_year__year=2022, scheme=EconomicCode.Scheme.GOVERNMENT
            ).count(),
            81,
        )
        item = FunctionCode.objects.get(fiscal_year__year=2022, code="2010101")
        self.assertEqual(item.level, FunctionCode.Level.ITEM)
        self.assertEqual(item.parent.code, "20101")
        self.assertEqual(item.parent.parent.code, "201")
        self.assertIsNone(item.parent.parent.parent)
        self.assertEqual(item.budget, FunctionCode.Budget.GENERAL)
        basic_wage = EconomicCode.objects.get(
            fiscal_year__year=2022, scheme="dept", code="30101"
        )
        self.assertEqual(basic_wage.parent.code, "301")

    def test_loading_twice_keeps_every_code_and_its_identity(self):
        call_command("load_codes", stdout=io.StringIO())
        before = dict(FunctionCode.objects.values_list("code", "pk"))

        call_command("load_codes", stdout=io.StringIO())

        self.assertEqual(dict(FunctionCode.objects.values_list("code", "pk")), before)

    def test_it_refuses_a_year_that_has_no_bundled_lists(self):
        with self.assertRaisesMessage(CommandError, "没有随项目提供 2031 年度的科目表"):
            call_command("load_codes", "--year", "2031", stdout=io.StringIO())
        self.assertFalse(FunctionCode.objects.exists())


class ValidateRowsTests(SimpleTestCase):
    kind = codelists.KINDS["function"]

    def problems(self, rows):
        with self.assertRaises(codelists.CodeListError) as caught:
            codelists.validate_rows(self.kind, rows)
        return caught.exception.problems

    def row(self, code, name, level, parent_code=""):
        return {"code": code, "name": name, "level": level, "parent_code": parent_code}

    def test_each_problem_names_its_file_line_and_column(self):
        problems = self.problems(
            [
                self.row("212", "城乡社区支出", "1"),
                self.row("21201", "", "2", "212"),
            ]
        )
        self.assertEqual(
            [(p.line, p.column, p.message) for p in problems],
            [(3, "name", "第 3 行 name 列：科目名称不能为空。")],
        )

    def test_spreadsheet_numbers_and_blank_lines_are_read_as_people_typed_them(self):
        rows = codelists.validate_rows(
            self.kind,
            [
                {
                    "Code ": 212.0,
                    "NAME": "城乡社区支出",
                    "level": 1,
                    "parent_code": None,
                },
                {"Code ": None, "NAME": None, "level": None, "parent_code": None},
                {"Code ": 21201, "NAME": "管理", "level": 2.0, "parent_code": 212},
            ],
        )
        self.assertEqual(
            [(r.line, r.code, r.level, r.parent_code) for r in rows],
            [(2, "212", 1, ""), (4, "21201", 2, "212")],
        )

    def test_an_unknown_budget_label_is_rejected_and_a_chinese_label_accepted(self):
        rows = [
            {**self.row("212", "城乡社区支出", "1"), "budget": "一般公共预算"},
            {**self.row("21201", "管理", "2", "212"), "budget": "专项"},
        ]
        problems = self.problems(rows)
        self.assertEqual([(p.line, p.column) for p in problems], [(3, "budget")])
        self.assertIn(
            "应为 一般公共预算、政府性基金预算、国有资本经营预算", problems[0].message
        )

    def test_a_name_longer_than_the_database_column_is_rejected(self):
        problems = self.problems([self.row("212", "长" * 101, "1")])
        self.assertEqual(
            problems[0].message,
            "第 2 行 name 列：科目名称不能超过 100 个字，现有 101 个字。",
        )


class CodeListAdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="sysadmin", is_superuser=True)
        cls.year = FiscalYearFactory(year=2023)

    def setUp(self):
        self.client.force_login(self.admin)

    def upload(self, upload, fmt=CSV, model="functioncode", **extra):
        return self.client.post(
            reverse(f"admin:disclosure_{model}_import"),
            {
                "fiscal_year": self.year.pk,
                "format": fmt,
                "import_file": upload,
                **extra,
            },
        )

    def confirm(self, response, model="functioncode"):
        confirm_form = response.context["confirm_form"]
        self.assertIsNotNone(confirm_form, "the preview offers no confirm button")
        return self.client.post(
            reverse(f"admin:disclosure_{model}_process_import"), confirm_form.initial
        )

    def codes(self, year=2023, **filters):
        return dict(
            FunctionCode.objects.filter(fiscal_year__year=year, **filters).values_list(
                "code", "name"
            )
        )

    def test_the_import_page_asks_for_the_year_and_explains_the_columns(self):
        response = self.client.get(reverse("admin:disclosure_functioncode_import"))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "科目表所属的财政年度")
        self.assertContains(response, "只要有一行不符合要求，整个文件都不会导入")

    def test_a_good_csv_is_previewed_then_saved_with_its_hierarchy(self):
        preview = self.upload(csv_upload(GOOD_CSV))

        self.assertEqual(preview.status_code, 200)
        self.assertFalse(preview.context["result"].has_validation_errors())
        self.assertContains(preview, "2023 年度支出功能分类科目")
        second_row = preview.context["result"].valid_rows()[1].diff
        self.assertEqual(
            [re.sub("<[^>]+>", "", cell) for cell in second_row],
            ["21201", "城乡社区管理事务", "2", "212", ""],
        )
        self.assertEqual(self.codes(), {}, "the preview must not save anything")

        done = self.confirm(preview)

        self.assertRedirects(done, reverse("admin:disclosure_functioncode_changelist"))
        self.assertEqual(
            self.codes(),
            {
                "212": "城乡社区支出",
                "21201": "城乡社区管理事务",
                "2120101": "行政运行",
                "2120199": "其他城乡社区管理事务支出",
            },
        )
        item = FunctionCode.objects.get(fiscal_year__year=2023, code="2120199")
        self.assertEqual((item.level, item.parent.code), (3, "21201"))
        self.assertEqual(item.parent.parent.code, "212")
        messages = [str(m) for m in done.wsgi_request._messages]
        self.assertEqual(
            messages,
            ["2023 年度支出功能分类科目已导入：新增 4 条，更新 0 条，未变 0 条。"],
        )

    def test_a_good_xlsx_with_numeric_cells_and_children_before_parents_is_saved(self):
        upload = xlsx_upload(
            [
                ["code", "name", "level", "parent_code", "budget"],
                [2120199, "其他城乡社区管理事务支出", 3, 21201, "一般公共预算"],
                [21201, "城乡社区管理事务", 2, 212, "general"],
                [212, "城乡社区支出", 1, None, None],
                [None, None, None, None, None],
            ]
        )

        preview = self.upload(upload, fmt=XLSX)
        self.confirm(preview)

        item = FunctionCode.objects.get(fiscal_year__year=2023, code="2120199")
        self.assertEqual(item.parent.code, "21201")
        self.assertEqual(item.parent.parent.code, "212")
        self.assertEqual(item.budget, FunctionCode.Budget.GENERAL)
        self.assertEqual(
            FunctionCode.objects.get(fiscal_year__year=2023, code="212").budget, ""
        )

    def test_reimporting_updates_names_in_place_and_leaves_other_years_alone(self):
        kept_2022 = function_code("2120101", name="行政运行", year=2022)
        old = function_code("2120101", name="旧名称", year=2023)

        self.confirm(
            self.upload(csv_upload(GOOD_CSV.replace("行政运行", "行政运行（新）")))
        )

        old.refresh_from_db()
        self.assertEqual(old.name, "行政运行（新）")
        kept_2022.refresh_from_db()
        self.assertEqual(kept_2022.name, "行政运行")
        self.assertEqual(FunctionCode.objects.filter(code="2120101").count(), 2)

    def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_saved(self):
        bad = (
            "code,name,level,parent_code\n"
            "212,城乡社区支出,1,\n"  # line 2: fine
            "21201,城乡社区管理事务,4,212\n"  # line 3: no level 4
            "2120,城乡社区规划,2,212\n"  # line 4: a 款 has 5 digits
            "2129901,其他支出,3,21299\n"  # line 5: parent not in the file
            "212,重复的类,1,\n"  # line 6: duplicate
            "2120101,,3,21201\n"  # line 7: empty name
        )

        response = self.upload(csv_upload(bad))

        result = response.context["result"]
        self.assertTrue(result.has_validation_errors())
        self.assertIsNone(response.context.get("confirm_form"))
        self.assertEqual(
            {row.number + 1: row.error_dict for row in result.invalid_rows},
            {
                3: {"level": ["第 3 行 level 列：级次“4”应为 1、2、3。"]},
                4: {
                    "code": ["第 4 行 code 列：2 级科目编码应为 5 位，“2120”为 4 位。"]
                },
                5: {
                    "parent_code": [
                        "第 5 行 parent_code 列：上级科目 21299 不在文件中。"
                    ]
                },
                6: {"code": ["第 6 行 code 列：科目编码 212 与第 2 行重复。"]},
                7: {"name": ["第 7 行 name 列：科目名称不能为空。"]},
            },
        )
        self.assertContains(response, "有 5 行未通过校验，整个文件未导入")
        self.assertContains(
            response, "第 5 行 parent_code 列：上级科目 21299 不在文件中。"
        )
        self.assertNotContains(response, "某些行验数据证失败")
        self.assertEqual(self.codes(), {})

    def test_a_bad_file_saves_nothing_even_when_imported_for_real(self):
        dataset = Dataset(headers=list(codelists.COLUMNS))
        dataset.append(["212", "城乡社区支出", "1", ""])
        dataset.append(["21201", "", "2", "212"])

        result = FunctionCodeResource(fiscal_year=self.year).import_data(
            dataset, dry_run=False
        )

        self.assertTrue(result.has_validation_errors())
        self.assertEqual(self.codes(), {})

    def test_wrong_columns_are_refused_with_the_expected_header(self):
        response = self.upload(
            csv_upload("编码,名称,级次,上级编码\n212,城乡社区支出,1,\n")
        )

        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"],
            "import_file",
            "缺少列：code、name、level、parent_code。文件第 1 行应为列名 "
            "code,name,level,parent_code，实际为：编码、名称、级次、上级编码。",
        )
        self.assertIsNone(response.context.get("result"))

    def test_a_header_without_rows_is_refused(self):
        response = self.upload(csv_upload("code,name,level,parent_code\n"))

        self.assertFormError(
            response.context["form"], "import_file", "文件中只有列名，没有任何科目行。"
        )

    def test_a_broken_xlsx_gets_a_clear_chinese_error(self):
        broken = SimpleUploadedFile("codes.xlsx", b"PK\x03\x04 this is not a workbook")

        response = self.upload(broken, fmt=XLSX)

        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors["import_file"]
        self.assertEqual(len(errors), 1)
        self.assertIn("无法打开该 XLSX 文件", errors[0])
        self.assertEqual(self.codes(), {})

    def test_a_csv_saved_in_gbk_is_refused_with_a_hint_to_save_as_utf8(self):
        response = self.upload(csv_upload(GOOD_CSV, encoding="gbk"))

        errors = response.context["form"].errors["import_file"]
        self.assertIn("无法按 UTF-8 编码读取该 CSV 文件", errors[0])

    def test_an_economic_list_is_imported_into_the_chosen_scheme_only(self):
        text = "code,name,level,parent_code\n501,机关工资福利支出,1,\n50101,工资奖金津补贴,2,501\n"

        preview = self.upload(
            csv_upload(text),
            model="economiccode",
            scheme=EconomicCode.Scheme.GOVERNMENT,
        )
        self.assertContains(preview, "2023 年度政府预算支出经济分类科目")
        self.confirm(preview, model="economiccode")

        self.assertEqual(
            set(
                EconomicCode.objects.filter(fiscal_year=self.year).values_list(
                    "scheme", "code"
                )
            ),
            {("gov", "501"), ("gov", "50101")},
        )


class CodeListImportPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.year = FiscalYearFactory(year=2023)
        cls.preparer = UserFactory(username="preparer")
        cls.preparer.user_permissions.add(
            Permission.objects.get(codename="view_functioncode")
        )

    def test_a_staff_user_who_may_only_view_codes_cannot_open_or_post_the_import(self):
        self.client.force_login(self.preparer)
        url = reverse("admin:disclosure_functioncode_import")

        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(
            url,
            {
                "fiscal_year": self.year.pk,
                "format": CSV,
                "import_file": csv_upload(GOOD_CSV),
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(FunctionCode.objects.exists())

    def test_the_changelist_offers_no_import_button_to_them(self):
        self.client.force_login(self.preparer)

        response = self.client.get(reverse("admin:disclosure_functioncode_changelist"))

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(
            response, reverse("admin:disclosure_functioncode_import")
        )

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        response = self.client.get(reverse("admin:disclosure_functioncode_import"))

        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
