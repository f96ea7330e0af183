"""Years other than 2022: a warning on a year without lists, a year made from the
previous one with a change list, and the crosswalk the 上年 figures follow."""

import io
from decimal import Decimal as D
from pathlib import Path

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from disclosure.codelist_changes import (
    MAX_CHANGE_ROWS,
    create_year_from_previous,
    read_change_file,
)
from disclosure.codelists import CodeListError, crosswalk
from disclosure.models import CodeCrosswalk, EconomicCode, FunctionCode, Report
from disclosure.tables.registry import last_year_figures
from tests.admin_forms import form_data
from tests.factories import (
    ExpenditureLineFactory,
    FiscalYearFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    economic_code,
    function_code,
)
from tests.scenarios import force_status


def rows(text: str) -> list[dict]:
    return read_change_file("changes.csv", text.encode("utf-8"))


def codes(year: int) -> dict[str, tuple]:
    return {
        c.code: (c.name, c.level, c.parent.code if c.parent else "", c.budget)
        for c in FunctionCode.objects.filter(fiscal_year__year=year).select_related(
            "parent"
        )
    }


def small_2022_lists():
    """A few 2022 codes: 212 with two 款, one of them with two 项; 301 in 经济分类."""
    for code in ("2120101", "2120199", "2120201"):
        function_code(code)
    FunctionCode.objects.filter(fiscal_year__year=2022, code__startswith="212").update(
        budget=FunctionCode.Budget.GENERAL
    )
    economic_code("30101")


CHANGES = """action,code,name,parent_code,new_code
增设,2120102,新增管理事务,21201,
调整,2120199,其他城乡社区管理事务支出（调整后）,,2120188
停用,2120201,,,
停用,21202,,,
调整,2120101,行政运行（新名）,,
"""


class CreateYearTests(TestCase):
    def setUp(self):
        small_2022_lists()

    def test_the_new_year_is_last_years_list_with_the_changes_applied(self):
        results = create_year_from_previous(2023, rows(CHANGES))

        self.assertEqual(
            codes(2023),
            {
                "212": ("科目212", 1, "", "general"),
                "21201": ("科目21201", 2, "212", "general"),
                "2120101": ("行政运行（新名）", 3, "21201", "general"),
                "2120102": ("新增管理事务", 3, "21201", "general"),
                "2120188": (
                    "其他城乡社区管理事务支出（调整后）",
                    3,
                    "21201",
                    "general",
                ),
            },
        )
        # 2022 is untouched; the 经济分类 list is carried forward.
        self.assertEqual(len(codes(2022)), 6)
        self.assertTrue(
            EconomicCode.objects.filter(fiscal_year__year=2023, code="30101").exists()
        )
        function = results["function"]
        self.assertEqual(
            (function.added, function.adjusted, function.retired, function.total),
            (1, 2, 2, 5),
        )
        # Only a change of number needs a crosswalk row.
        self.assertEqual(
            list(
                CodeCrosswalk.objects.values_list(
                    "kind", "from_year__year", "from_code", "to_year__year", "to_code"
                )
            ),
            [("function", 2022, "2120199", 2023, "2120188")],
        )

    def test_without_a_change_list_the_year_is_carried_forward(self):
        create_year_from_previous(2023)

        self.assertEqual(
            {code: entry[:3] for code, entry in codes(2023).items()},
            {code: entry[:3] for code, entry in codes(2022).items()},
        )
        self.assertFalse(CodeCrosswalk.objects.exists())

    def test_a_bad_change_list_is_refused_with_its_rows_named_and_nothing_written(self):
        bad = """action,code,name,parent_code,new_code
增设,2120103,好的一行,21201,
改名,2120101,,,
增设,2129901,上级不存在,,
调整,2120199,,,
停用,21201,,,
增设,2120104,,21201,
"""
        with self.assertRaises(CodeListError) as caught:
            create_year_from_previous(2023, rows(bad))

        self.assertEqual(
            [(p.line, p.column) for p in caught.exception.problems],
            [
                (3, "action"),
                (4, "code"),
                (5, "new_code"),
                (6, "code"),
                (7, "name"),
            ],
        )
        messages = caught.exception.errors
        self.assertEqual(
            messages[0], "第 3 行 action 列：操作“改名”应为 增设、调整 或 停用。"
        )
        self.assertIn("第 4 行 code 列：上级科目 21299 不在科目表中", messages[1])
        self.assertIn("科目 21201 下还有", messages[3])
        self.assertFalse(FunctionCode.objects.filter(fiscal_year__year=2023).exists())
        self.assertFalse(EconomicCode.objects.filter(fiscal_year__year=2023).exists())
        self.assertFalse(CodeCrosswalk.objects.exists())

    def test_a_move_onto_a_code_that_stays_is_refused(self):
        with self.assertRaisesMessage(
            CodeListError, "第 2 行 new_code 列：科目 2120101 已在科目表中"
        ):
            create_year_from_previous(
                2023,
                rows("action,code,name,parent_code,new_code\n调整,2120199,,,2120101\n"),
            )

    def test_a_year_that_already_has_its_list_is_not_made_again(self):
        function_code("2010101", year=2023)
        with self.assertRaisesMessage(CodeListError, "2023 年度已有支出功能分类科目"):
            create_year_from_previous(2023)

    def test_a_year_whose_previous_year_has_no_list_is_refused(self):
        with self.assertRaisesMessage(CodeListError, "2029 年度没有支出功能分类科目表"):
            create_year_from_previous(2030)

    def test_a_change_file_past_the_row_cap_is_refused_before_any_row_is_read(self):
        text = "action,code\n" + "停用,2120101\n" * (MAX_CHANGE_ROWS + 1)
        with self.assertRaisesMessage(CodeListError, "行的上限"):
            rows(text)

    def test_the_management_command_does_the_same_for_scripts(self):
        path = Path(self.enterContext(self._tmp())) / "changes.csv"
        path.write_text(CHANGES, encoding="utf-8")
        out = io.StringIO()

        call_command("create_code_year", "2023", "--changes", str(path), stdout=out)

        self.assertIn("已由 2022 年度生成 2023 年度科目表", out.getvalue())
        self.assertIn("2120188", codes(2023))
        with self.assertRaisesMessage(CommandError, "2023 年度已有"):
            call_command("create_code_year", "2023", stdout=io.StringIO())

    def _tmp(self):
        import tempfile

        return tempfile.TemporaryDirectory()


class CrosswalkTests(TestCase):
    def move(self, year, old, new):
        CodeCrosswalk.objects.create(
            kind="function",
            from_year=FiscalYearFactory(year=year),
            from_code=old,
            to_year=FiscalYearFactory(year=year + 1),
            to_code=new,
        )

    def test_moves_are_followed_across_years_in_one_query(self):
        self.move(2022, "2120199", "2120188")
        self.move(2023, "2120188", "2120177")
        self.move(2023, "2010101", "2010102")

        with self.assertNumQueries(1):
            mapping = crosswalk("function", 2022, 2024)

        self.assertEqual(mapping, {"2120199": "2120177", "2010101": "2010102"})
        self.assertEqual(crosswalk("function", 2022, 2023), {"2120199": "2120188"})
        self.assertEqual(crosswalk("economic_dept", 2022, 2024), {})

    def test_a_number_freed_and_reused_is_not_taken_for_the_old_code(self):
        # 2022: A moves to B; 2023: B (which was A) moves to C.
        self.move(2022, "2120101", "2120102")
        self.move(2023, "2120102", "2120103")
        # The 2022 code 2120102, if it existed, was not moved: it maps to itself.
        self.assertEqual(crosswalk("function", 2022, 2024), {"2120101": "2120103"})


class YearOnYearTests(TestCase):
    def test_a_code_moved_between_2022_and_2023_keeps_its_last_year_figure(self):
        small_2022_lists()
        unit = UnitFactory()
        prior = ReportFactory(unit=unit, fiscal_year=FiscalYearFactory(year=2022))
        ExpenditureLineFactory(
            report=prior, function_code=function_code("2120199"), basic=D("12.34")
        )
        ExpenditureLineFactory(
            report=prior, function_code=function_code("2120101"), basic=D("1.00")
        )
        force_status(prior.pk, Report.Status.APPROVED)
        create_year_from_previous(2023, rows(CHANGES))
        report = ReportFactory(unit=unit, fiscal_year=FiscalYearFactory(year=2023))
        ExpenditureLineFactory(
            report=report,
            function_code=FunctionCode.objects.get(
                fiscal_year__year=2023, code="2120188"
            ),
            basic=D("20.00"),
        )

        last_year = last_year_figures(report)

        by_code = last_year["expenditure_by_code"]
        self.assertEqual(by_code["2120188"]["basic"], D("12.34"))
        self.assertNotIn("2120199", by_code)
        self.assertEqual(by_code["2120101"]["basic"], D("1.00"))
        self.assertEqual(by_code["21201"]["basic"], D("13.34"))
        # The loaded 2022 codes themselves are not changed.
        self.assertTrue(
            FunctionCode.objects.filter(fiscal_year__year=2022, code="2120199").exists()
        )


class MissingListWarningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="sysadmin", is_superuser=True)
        cls.unit = UnitFactory()

    def setUp(self):
        self.client.force_login(self.admin)

    def warnings(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_creating_a_report_for_a_year_without_lists_warns_at_once(self):
        year = FiscalYearFactory(year=2023)
        page = self.client.get(reverse("admin:disclosure_report_add"))
        data = form_data(page)
        data.update({"unit": self.unit.pk, "fiscal_year": year.pk})

        response = self.client.post(
            reverse("admin:disclosure_report_add"), data, follow=True
        )

        self.assertTrue(Report.objects.filter(fiscal_year=year).exists())
        text = " ".join(self.warnings(response))
        self.assertIn(
            "2023 年度还没有支出功能分类科目和部门预算支出经济分类科目表", text
        )
        self.assertIn("由上年生成", text)

    def test_the_change_page_says_so_while_the_list_is_missing(self):
        report = ReportFactory(unit=self.unit, fiscal_year=FiscalYearFactory(year=2023))
        url = reverse("admin:disclosure_report_change", args=[report.pk])

        self.assertContains(self.client.get(url), "2023 年度还没有支出功能分类科目")

        function_code("2120101", year=2023)
        economic_code("30101", year=2023)
        self.assertNotContains(self.client.get(url), "年度还没有")


class CreateYearPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="sysadmin", is_superuser=True)
        cls.preparer = UserFactory(username="preparer")
        cls.preparer.user_permissions.add(
            Permission.objects.get(codename="view_functioncode")
        )
        small_2022_lists()

    def page(self):
        return reverse("admin:disclosure_functioncode_create_year")

    def upload(self, text):
        return SimpleUploadedFile("changes.csv", text.encode("utf-8"), "text/csv")

    def test_an_administrator_creates_the_year_from_the_page(self):
        self.client.force_login(self.admin)
        listing = self.client.get(reverse("admin:disclosure_functioncode_changelist"))
        self.assertContains(listing, self.page())

        response = self.client.post(
            self.page(), {"year": "2023", "changes": self.upload(CHANGES)}
        )

        self.assertEqual(response.status_code, 302)
        self.assertIn("2120188", codes(2023))
        done = self.client.get(response["Location"])
        self.assertContains(done, "已由 2022 年度生成 2023 年度科目表")

    def test_a_refused_file_is_shown_back_with_its_rows_and_nothing_is_written(self):
        self.client.force_login(self.admin)

        response = self.client.post(
            self.page(),
            {
                "year": "2023",
                "changes": self.upload(
                    "action,code,name,parent_code,new_code\n停用,2120999,,,\n"
                ),
            },
        )

        self.assertContains(
            response, "第 2 行 code 列：科目 2120999 不在上年度支出功能分类科目中"
        )
        self.assertFalse(FunctionCode.objects.filter(fiscal_year__year=2023).exists())

    def test_a_user_who_may_only_view_codes_cannot_open_or_post_the_page(self):
        self.client.force_login(self.preparer)

        self.assertEqual(self.client.get(self.page()).status_code, 403)
        response = self.client.post(self.page(), {"year": "2023"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(FunctionCode.objects.filter(fiscal_year__year=2023).exists())
        listing = self.client.get(reverse("admin:disclosure_functioncode_changelist"))
        self.assertNotContains(listing, self.page())

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.client.logout()
        response = self.client.get(self.page())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
