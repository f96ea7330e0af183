from decimal import Decimal as D

from django.contrib.auth.models import Permission
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.forms import GridError
from disclosure.models import (
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    Report,
)
from disclosure.services import EditRefused, save_grid
from reporting.money import AmountError, parse_amount
from tests.factories import (
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    MembershipFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    economic_code,
    function_code,
)
from tests.scenarios import force_status

OTHER_URBAN = "2120199 其他城乡社区管理事务支出"


def grid_url(report, group="expenditure"):
    return reverse("admin:disclosure_report_grid", args=[report.pk, group])


def page_version(client, url) -> str:
    """The version a grid page carries, as the browser posts it back ("" when no page)."""
    context = client.get(url).context
    return context["version"] if context is not None and "version" in context else ""


def grid_post(rows, fields=("basic", "project"), version=""):
    """POST data for a grid: one dict per row, keyed by "code", measure fields and "delete"."""
    data = {"version": version}
    for index, row in enumerate(rows):
        data[f"rows-{index}-code"] = row.get("code", "")
        for field in fields:
            data[f"rows-{index}-{field}"] = row.get(field, "")
        if row.get("delete"):
            data[f"rows-{index}-delete"] = "on"
    return data


def messages_of(response):
    return [error.message for error in response.context["errors"]]


class GridTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="admin", is_superuser=True)
        function_code("21201", "城乡社区管理事务")
        cls.other_urban = function_code("2120199", "其他城乡社区管理事务支出")
        cls.urban_admin = function_code("2120101", "行政运行")
        cls.congress_admin = function_code("2010101", "行政运行")
        cls.pension = function_code("2080505", "机关事业单位基本养老保险缴费支出")
        cls.pension.parent.name = "行政事业单位养老支出"
        cls.pension.parent.save()
        cls.report = ReportFactory(unit=UnitFactory(name="数字城市管理服务中心"))

    def setUp(self):
        self.client.force_login(self.admin)

    def post(self, rows, group="expenditure", fields=("basic", "project"), report=None):
        """Open the grid, then save `rows` over it, as a user in a browser does."""
        url = grid_url(report or self.report, group)
        version = page_version(self.client, url)
        return self.client.post(url, grid_post(rows, fields, version))


class GoodSaveTests(GridTestCase):
    def test_it_saves_lines_typed_by_code_and_redirects_back_to_the_grid(self):
        response = self.post(
            [
                {"code": "2120199", "basic": "100.5", "project": "1,234.56"},
                {"code": "2080505", "basic": "15.40"},
                {},
            ]
        )

        self.assertRedirects(response, grid_url(self.report))
        lines = {
            line.function_code.code: line
            for line in ExpenditureLine.objects.filter(report=self.report)
        }
        self.assertEqual(set(lines), {"2120199", "2080505"})
        self.assertEqual(lines["2120199"].basic, D("100.50"))
        self.assertEqual(lines["2120199"].project, D("1234.56"))
        self.assertEqual(lines["2080505"].project, D("0.00"))

    def test_it_saves_a_line_typed_by_its_exact_name(self):
        self.post([{"code": "其他城乡社区管理事务支出", "project": "7"}])

        line = ExpenditureLine.objects.get(report=self.report)
        self.assertEqual(line.function_code, self.other_urban)
        self.assertEqual(line.project, D("7.00"))

    def test_it_accepts_a_code_picked_from_the_list_with_its_name(self):
        self.post([{"code": OTHER_URBAN, "basic": "１２．５０"}])

        line = ExpenditureLine.objects.get(report=self.report)
        self.assertEqual(line.function_code, self.other_urban)
        self.assertEqual(line.basic, D("12.50"))

    def test_it_accepts_a_code_split_into_class_section_and_item(self):
        self.post([{"code": "212 | 01 | 99", "basic": "1"}])

        line = ExpenditureLine.objects.get(report=self.report)
        self.assertEqual(line.function_code, self.other_urban)

    def test_it_matches_a_name_whatever_the_width_of_its_brackets(self):
        office = function_code("2010350", "事业运行（办公厅）")

        self.post([{"code": "事业运行(办公厅)", "basic": "1"}])

        self.assertEqual(ExpenditureLine.objects.get().function_code, office)

    def test_it_records_the_save_in_the_admin_log(self):
        from django.contrib.admin.models import LogEntry

        self.post([{"code": "2120199", "basic": "1"}])

        entry = LogEntry.objects.get(object_id=str(self.report.pk))
        self.assertIn("新增 1 行", entry.get_change_message())

    def test_it_stores_fiscal_lines_under_the_grids_fund_only(self):
        general = FiscalExpenditureLineFactory(
            report=self.report, fund=Fund.GENERAL, basic=D("3.00")
        )
        fields = ("basic", "project", "budget_initial")

        self.post(
            [{"code": "2120199", "project": "2", "budget_initial": "5"}],
            group="fiscal-gov-fund",
            fields=fields,
        )

        line = FiscalExpenditureLine.objects.get(report=self.report, fund=Fund.GOV_FUND)
        self.assertEqual(line.budget_initial, D("5.00"))
        general.refresh_from_db()
        self.assertEqual(general.basic, D("3.00"))

    def test_it_saves_income_lines_with_their_eight_sources(self):
        self.post(
            [{"code": "2120199", "general_budget": "317.34", "other": "17.94"}],
            group="income",
            fields=("general_budget", "other"),
        )

        line = IncomeLine.objects.get(report=self.report)
        self.assertEqual(line.general_budget, D("317.34"))
        self.assertEqual(line.other, D("17.94"))
        self.assertEqual(line.business, D("0.00"))


class EditAndDeleteTests(GridTestCase):
    def setUp(self):
        super().setUp()
        self.line = ExpenditureLineFactory(
            report=self.report,
            function_code=self.other_urban,
            basic=D("10.00"),
            project=D("20.00"),
        )
        self.pension_line = ExpenditureLineFactory(
            report=self.report, function_code=self.pension, basic=D("15.40")
        )

    def test_editing_a_line_keeps_its_identity_and_a_blank_cell_means_zero(self):
        self.post(
            [
                {"code": "2080505", "basic": "15.40"},
                {"code": "2120199", "basic": "11", "project": ""},
            ]
        )

        self.line.refresh_from_db()
        self.assertEqual(self.line.basic, D("11.00"))
        self.assertEqual(self.line.project, D("0.00"))

    def test_a_ticked_delete_box_removes_the_line(self):
        self.post(
            [
                {"code": "2080505", "basic": "15.40"},
                {"code": "2120199", "basic": "10", "delete": True},
            ]
        )

        self.assertFalse(ExpenditureLine.objects.filter(pk=self.line.pk).exists())
        self.assertTrue(
            ExpenditureLine.objects.filter(pk=self.pension_line.pk).exists()
        )

    def test_a_row_emptied_of_code_and_figures_removes_the_line(self):
        self.post([{"code": "2080505", "basic": "15.40"}, {}])

        self.assertEqual(
            list(ExpenditureLine.objects.filter(report=self.report)),
            [self.pension_line],
        )

    def test_a_deleted_row_with_bad_figures_is_ignored(self):
        response = self.post(
            [
                {"code": "2080505", "basic": "15.40"},
                {"code": "2120199", "basic": "abc", "delete": True},
            ]
        )

        self.assertEqual(response.status_code, 302)
        self.assertFalse(ExpenditureLine.objects.filter(pk=self.line.pk).exists())


class RefusedInputTests(GridTestCase):
    """Each kind of bad input is refused with a message naming row and column, and nothing is saved."""

    def setUp(self):
        super().setUp()
        self.existing = ExpenditureLineFactory(
            report=self.report, function_code=self.pension, basic=D("15.40")
        )

    def assertRefused(self, rows, expected, group="expenditure", fields=None):
        fields = fields or ("basic", "project")
        response = self.post(rows, group=group, fields=fields)
        self.assertEqual(response.status_code, 200)
        self.assertIn(expected, messages_of(response))
        self.assertContains(response, expected)
        # Nothing of this save is stored: the old line is untouched, no new line.
        lines = list(ExpenditureLine.objects.filter(report=self.report))
        self.assertEqual(lines, [self.existing])
        self.existing.refresh_from_db()
        self.assertEqual(self.existing.basic, D("15.40"))
        return response

    def test_it_refuses_text_in_an_amount(self):
        self.assertRefused(
            [
                {"code": "2080505", "basic": "99"},
                {"code": "2120199", "project": "abc"},
            ],
            "第 2 行（2120199 其他城乡社区管理事务支出）“项目支出”列："
            "“abc”不是有效的金额，请填写数字，例如 1234.56。",
        )

    def test_it_refuses_three_decimals(self):
        self.assertRefused(
            [
                {"code": "2080505", "basic": "99"},
                {"code": "2120101", "basic": "1"},
                {"code": "2120199", "project": "12.3456789"},
            ],
            "第 3 行（2120199 其他城乡社区管理事务支出）“项目支出”列：“12.3456789”最多保留六位小数（以万元填写时，六位小数即精确到分）。",
        )

    def test_it_refuses_a_negative_amount(self):
        self.assertRefused(
            [{"code": "2120199", "basic": "-5"}],
            "第 1 行（2120199 其他城乡社区管理事务支出）“基本支出”列：“-5”不能为负数。",
        )

    def test_it_refuses_an_amount_beyond_the_range_sqlite_stores_exactly(self):
        self.assertRefused(
            [{"code": "2120199", "basic": "99999999999999.99"}],
            "第 1 行（2120199 其他城乡社区管理事务支出）“基本支出”列："
            "“99999999999999.99”超出金额范围，金额的绝对值不能超过 9,999,999,999,999.99。",
        )

    def test_it_refuses_a_27_digit_amount_without_failing(self):
        self.assertRefused(
            [{"code": "2120199", "project": "1" * 27 + ".5"}],
            "第 1 行（2120199 其他城乡社区管理事务支出）“项目支出”列："
            f"“{'1' * 27}.5”超出金额范围，金额的绝对值不能超过 9,999,999,999,999.99。",
        )

    def test_the_largest_amount_in_range_is_stored_exactly(self):
        # The range is that of the amount in 元: 9,999,999,999,999.99 元 is
        # 999,999,999.999999 万元, kept to the cent.
        self.post([{"code": "2120199", "basic": "999,999,999.999999"}])

        line = ExpenditureLine.objects.get(
            report=self.report, function_code=self.other_urban
        )
        self.assertEqual(line.basic, D("999999999.999999"))

    def test_it_refuses_an_unknown_code(self):
        self.assertRefused(
            [{"code": "2999999", "basic": "1"}],
            "第 1 行（“2999999”）“科目”列：2022 年度支出功能分类科目中没有编码为 2999999 的科目。",
        )

    def test_it_refuses_a_code_of_another_year(self):
        function_code("2079999", "上年度的科目", year=2021)

        self.assertRefused(
            [{"code": "2079999", "basic": "1"}],
            "第 1 行（“2079999”）“科目”列：科目 2079999 不在 2022 年度支出功能分类科目中"
            "（它属于 2021 年度的科目表），只能使用本报告年度的科目。",
        )

    def test_it_refuses_a_code_together_with_its_parent(self):
        response = self.assertRefused(
            [
                {"code": "2080505", "basic": "15.40"},
                {"code": "2120199", "basic": "1"},
                {"code": "21201", "basic": "2"},
            ],
            "第 3 行（21201 城乡社区管理事务）“科目”列：科目 21201 是第 2 行科目 2120199 "
            "其他城乡社区管理事务支出的上级科目，上下级科目不能同时填列金额（上级科目由下级科目自动汇总）。",
        )
        # One mistake, one message: the level rule does not repeat it.
        self.assertEqual(len(messages_of(response)), 1)

    def test_it_refuses_a_section_that_has_finer_codes(self):
        self.assertRefused(
            [{"code": "21201", "basic": "2"}],
            "第 1 行（21201 城乡社区管理事务）“科目”列：科目 21201 下设明细科目，"
            "请填写到最末级科目（例如 2120101 行政运行），类、款合计由系统自动汇总。",
        )

    def test_it_refuses_a_duplicate_code_naming_both_rows(self):
        self.assertRefused(
            [
                {"code": "2120199", "basic": "1"},
                {"code": "2080505", "basic": "1"},
                {"code": OTHER_URBAN, "basic": "2"},
            ],
            "第 3 行（2120199 其他城乡社区管理事务支出）“科目”列：科目 2120199 与第 1 行重复，"
            "同一科目只能填一行。",
        )

    def test_it_refuses_an_ambiguous_name_listing_the_candidates(self):
        self.assertRefused(
            [{"code": "行政运行", "basic": "1"}],
            "第 1 行（“行政运行”）“科目”列：名称“行政运行”对应多个科目："
            "2010101（科目20101）、2120101（城乡社区管理事务），请填写科目编码。",
        )

    def test_it_refuses_an_unknown_name(self):
        self.assertRefused(
            [{"code": "不存在的科目", "basic": "1"}],
            "第 1 行（“不存在的科目”）“科目”列：2022 年度支出功能分类科目中没有名称为"
            "“不存在的科目”的科目，请填写科目编码或完整的科目名称。",
        )

    def test_it_refuses_figures_without_a_code(self):
        self.assertRefused(
            [{"code": "2080505", "basic": "15.40"}, {"project": "3"}],
            "第 2 行“科目”列：填写了金额但没有填写科目编码或名称。",
        )

    def test_it_ignores_a_row_without_code_whose_cells_are_blank_or_zero(self):
        response = self.post(
            [{"code": "2080505", "basic": "15.40"}, {"basic": "0", "project": ""}]
        )

        self.assertEqual(response.status_code, 302)

    def test_it_lists_every_problem_of_the_grid_at_once(self):
        response = self.assertRefused(
            [
                {"code": "2120199", "basic": "x", "project": "-1"},
                {"code": "9", "basic": "1"},
            ],
            "第 2 行（“9”）“科目”列：2022 年度支出功能分类科目中没有编码为 9 的科目。",
        )
        self.assertEqual(len(messages_of(response)), 3)

    def test_the_page_keeps_the_submitted_values_and_shows_errors_beside_cells(self):
        response = self.post(
            [{"code": "2120199", "basic": "12.3456789", "project": "8"}, {"code": "x"}]
        )

        html = response.content.decode()
        self.assertIn('name="rows-0-basic" value="12.3456789"', html)
        self.assertIn('name="rows-0-project" value="8"', html)
        self.assertIn('name="rows-1-code" value="x"', html)
        rows = response.context["rows"]
        self.assertEqual(
            rows[0]["cells"][0]["errors"],
            [
                "第 1 行（2120199 其他城乡社区管理事务支出）“基本支出”列："
                "“12.3456789”最多保留六位小数（以万元填写时，六位小数即精确到分）。"
            ],
        )
        self.assertEqual(rows[0]["cells"][1]["errors"], [])
        self.assertTrue(rows[1]["code_errors"])
        # The two submitted rows are followed by the usual five empty rows.
        self.assertEqual(len(rows), 7)

    def test_re_shown_empty_rows_do_not_pile_up(self):
        rows = [{"code": "x"}] + [{}] * 5

        response = self.post(rows)

        self.assertEqual(len(response.context["rows"]), 6)

    def test_basic_lines_take_five_digit_economic_codes_only(self):
        economic_code("30101", "基本工资")

        response = self.post(
            [{"code": "301", "amount": "1"}],
            group="basic",
            fields=("amount",),
        )

        self.assertIn(
            "第 1 行（301 经济科目301）“科目”列：科目 301 是类级科目，请填写到款级（5 位编码）科目。",
            messages_of(response),
        )
        self.assertFalse(BasicExpenditureLine.objects.exists())

    def test_basic_lines_refuse_function_codes(self):
        economic_code("30101", "基本工资")

        response = self.post(
            [{"code": "2120199", "amount": "1"}],
            group="basic",
            fields=("amount",),
        )

        self.assertIn(
            "第 1 行（“2120199”）“科目”列：2022 年度部门预算支出经济分类科目中没有编码为 2120199 的科目。",
            messages_of(response),
        )


class BasicGridTests(GridTestCase):
    def test_it_saves_economic_lines_and_rolls_them_up_by_class(self):
        economic_code("30101", "基本工资")
        economic_code("30102", "津贴补贴")

        self.post(
            [
                {"code": "30101", "amount": "80"},
                {"code": "津贴补贴", "amount": "38.24"},
            ],
            group="basic",
            fields=("amount",),
        )
        response = self.client.get(grid_url(self.report, "basic"))

        computed = {
            row["code"]: row["cells"][0]["value"]
            for row in response.context["rows"]
            if row["computed"]
        }
        self.assertEqual(computed, {"": "118.24", "301": "118.24"})


class SubtotalDisplayTests(GridTestCase):
    def test_class_section_and_total_rows_are_computed_and_not_editable(self):
        for code, basic, project in [
            (self.other_urban, "100.00", "176.47"),
            (self.urban_admin, "11.35", "0.00"),
            (self.pension, "15.40", "0.00"),
        ]:
            ExpenditureLineFactory(
                report=self.report,
                function_code=code,
                basic=D(basic),
                project=D(project),
            )

        response = self.client.get(grid_url(self.report))

        rows = response.context["rows"]
        layout = [
            (row["code"], row["computed"])
            for row in rows
            if row["code"] or row["computed"]
        ]
        self.assertEqual(
            layout,
            [
                ("", True),
                ("208", True),
                ("20805", True),
                ("2080505", False),
                ("212", True),
                ("21201", True),
                ("2120101", False),
                ("2120199", False),
            ],
        )
        total, section = rows[0], rows[5]
        self.assertEqual(
            [c["value"] for c in total["cells"]],
            ["126.75", "176.47", "0.00", "0.00", "0.00"],
        )
        self.assertEqual(
            [c["value"] for c in section["cells"][:2]], ["111.35", "176.47"]
        )
        self.assertContains(response, 'data-computed-code="212"')
        self.assertNotContains(response, 'name="rows-0-code" value="208"')
        # Stored lines are input rows numbered in publication order.
        self.assertContains(response, 'name="rows-0-code" value="2080505"')
        self.assertContains(response, 'name="rows-2-code" value="2120199"')
        # Empty rows to add lines follow, and the year's leaf codes are offered.
        self.assertContains(response, 'name="rows-7-code" value=""')
        self.assertContains(response, f'<option value="{OTHER_URBAN}">')
        self.assertNotContains(response, '<option value="21201 ')
        self.assertContains(response, "<strong>金额单位：万元</strong>", html=False)

    def test_the_grid_page_reads_a_bounded_number_of_queries(self):
        for code in ["2120199", "2120101", "2080505", "2010101"]:
            ExpenditureLineFactory(
                report=self.report, function_code=function_code(code)
            )
        self.client.get(grid_url(self.report))

        with CaptureQueriesContext(connection) as queries:
            self.client.get(grid_url(self.report))

        self.assertLessEqual(len(queries), 12)

    def test_an_unknown_group_is_not_found(self):
        response = self.client.get(grid_url(self.report, "nope"))

        self.assertEqual(response.status_code, 404)


class NonDraftReportTests(GridTestCase):
    def setUp(self):
        super().setUp()
        self.line = ExpenditureLineFactory(
            report=self.report, function_code=self.other_urban, basic=D("1.00")
        )
        force_status(self.report.pk, Report.Status.SUBMITTED)

    def test_a_submitted_report_refuses_a_grid_save_and_stores_nothing(self):
        response = self.post([{"code": "2120199", "basic": "2"}])

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "只有草稿状态的报告可以修改")
        self.line.refresh_from_db()
        self.assertEqual(self.line.basic, D("1.00"))

    def test_a_submitted_reports_grid_is_shown_read_only(self):
        response = self.client.get(grid_url(self.report))

        self.assertContains(
            response, "报告状态为“已提交”，只有草稿状态的报告可以修改。"
        )
        self.assertNotContains(response, 'name="rows-0-code"')
        self.assertNotContains(response, 'name="_save"')
        self.assertContains(response, "1.00")


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


class ScopingTests(GridTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report_b = ReportFactory(unit=UnitFactory(name="另一个单位"))
        cls.preparer = preparer_of(cls.report.unit, "preparer-a")

    def setUp(self):
        self.client.force_login(self.preparer)

    def test_a_preparer_edits_the_grid_of_their_own_unit(self):
        response = self.post([{"code": "2120199", "basic": "1"}])

        self.assertRedirects(response, grid_url(self.report))
        self.assertEqual(ExpenditureLine.objects.get().report, self.report)

    def test_a_preparer_cannot_open_another_units_grid(self):
        response = self.client.get(grid_url(self.report_b))

        self.assertRedirects(response, reverse("admin:index"))

    def test_a_preparer_cannot_post_to_another_units_grid(self):
        response = self.client.post(
            grid_url(self.report_b), grid_post([{"code": "2120199", "basic": "1"}])
        )

        self.assertRedirects(response, reverse("admin:index"))
        self.assertFalse(ExpenditureLine.objects.exists())

    def test_a_preparer_sees_only_their_units_reports_in_the_changelist(self):
        response = self.client.get(reverse("admin:disclosure_report_changelist"))

        self.assertEqual(list(response.context["cl"].result_list), [self.report])

    def test_a_user_with_view_permission_only_gets_a_read_only_grid_and_403_on_post(
        self,
    ):
        self.preparer.user_permissions.remove(
            Permission.objects.get(codename="change_report")
        )

        get = self.client.get(grid_url(self.report))
        post = self.post([{"code": "2120199", "basic": "1"}])

        self.assertContains(get, "您没有修改本报告的权限。")
        self.assertEqual(post.status_code, 403)
        self.assertFalse(ExpenditureLine.objects.exists())

    def test_anonymous_users_are_sent_to_the_login_page(self):
        self.client.logout()

        response = self.client.get(grid_url(self.report))

        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])


class SaveGridServiceTests(GridTestCase):
    """Shell and import callers go through the same checks as the admin."""

    def test_it_saves_decimal_values(self):
        result = save_grid(
            self.report,
            "expenditure",
            [{"code": "2120199", "basic": D("1.5"), "project": 2}],
            self.admin,
        )

        self.assertEqual(str(result), "新增 1 行，修改 0 行，删除 0 行")
        line = ExpenditureLine.objects.get()
        self.assertEqual((line.basic, line.project), (D("1.50"), D("2.00")))

    def test_it_refuses_bad_rows_without_saving_the_good_ones(self):
        with self.assertRaises(GridError) as caught:
            save_grid(
                self.report,
                "expenditure",
                [{"code": "2080505", "basic": "1"}, {"code": "2120199", "basic": "-1"}],
                self.admin,
            )

        self.assertEqual(caught.exception.errors[0].row, 2)
        self.assertEqual(caught.exception.errors[0].column, "basic")
        self.assertFalse(ExpenditureLine.objects.exists())

    def test_it_refuses_a_user_outside_the_reports_unit(self):
        outsider = preparer_of(UnitFactory(), "outsider")

        with self.assertRaisesMessage(EditRefused, "不在您可以填报的单位范围内"):
            save_grid(
                self.report,
                "expenditure",
                [{"code": "2120199", "basic": "1"}],
                outsider,
            )
        self.assertFalse(ExpenditureLine.objects.exists())

    def test_it_refuses_a_report_that_is_no_longer_a_draft(self):
        self.report.status = Report.Status.APPROVED

        with self.assertRaisesMessage(
            EditRefused, "的状态为“已审核”，只有草稿状态的报告可以修改。"
        ):
            save_grid(
                self.report,
                "expenditure",
                [{"code": "2120199", "basic": "1"}],
                self.admin,
            )

    def test_it_refuses_a_misspelt_column(self):
        with self.assertRaisesMessage(ValueError, "第 1 行含有本表没有的列：basci。"):
            save_grid(
                self.report,
                "expenditure",
                [{"code": "2120199", "basci": "1"}],
                self.admin,
            )

    def test_it_refuses_floats(self):
        with self.assertRaises(TypeError):
            save_grid(
                self.report,
                "expenditure",
                [{"code": "2120199", "basic": 1.1}],
                self.admin,
            )


class ParseAmountTests(TestCase):
    def test_it_reads_plain_grouped_and_full_width_numbers(self):
        self.assertEqual(parse_amount("1234.5"), D("1234.50"))
        self.assertEqual(parse_amount("1,234,567.89"), D("1234567.89"))
        self.assertEqual(parse_amount("１，２３４．５"), D("1234.50"))
        self.assertEqual(parse_amount(" 12.300 "), D("12.30"))
        self.assertEqual(parse_amount("-0"), D("0.00"))
        self.assertEqual(parse_amount("9999999999999.99"), D("9999999999999.99"))
        self.assertIsNone(parse_amount("  "))

    def test_it_refuses_misplaced_separators_and_exponents(self):
        for text in ["1,23.4", "1e5", "12..3", "NaN", "1 000"]:
            with self.subTest(text=text), self.assertRaises(AmountError):
                parse_amount(text)
