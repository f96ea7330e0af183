from decimal import Decimal as D

from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase

from disclosure.models import Fund, Report
from disclosure.report_templates import UnknownTemplate
from disclosure.selectors import load_report_data
from disclosure.tables import build_tables
from disclosure.templatetags.amounts import amount
from reporting.formatting import chinese_ordinal, format_amount
from reporting.table import Role, RowKind
from tests.factories import (
    AssetHoldingFactory,
    BalancesFactory,
    BasicExpenditureLineFactory,
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    IncomeLineFactory,
    ReportFactory,
    ThreePublicExpensesFactory,
    UnitFactory,
    economic_code,
    function_code,
)

TITLES = [
    ("公开01表", "收入支出决算总表"),
    ("公开02表", "收入决算表"),
    ("公开03表", "支出决算表"),
    ("公开04表", "财政拨款收入支出决算总表"),
    ("公开05表", "一般公共预算财政拨款支出决算表"),
    ("公开06表", "一般公共预算财政拨款基本支出决算表"),
    ("公开07表", "政府性基金预算财政拨款收入支出决算表"),
    ("公开08表", "国有资本经营预算财政拨款支出决算表"),
    ("公开09表", "财政拨款“三公”经费支出决算表"),
    ("公开10表", "国有资产占用情况表"),
]


def tables_of(report) -> dict:
    return {t.code: t for t in build_tables(load_report_data(report))}


def seed_report(**kwargs):
    """The seed's figures (景德镇市数字城市管理服务中心 2022), spread over typical 项."""
    unit = UnitFactory(name="景德镇市数字城市管理服务中心")
    report = ReportFactory(unit=unit, **kwargs)
    function_code("208", "社会保障和就业支出")
    function_code("212", "城乡社区支出")
    income = {
        "2080505": {"general_budget": D("10.00")},
        "2080506": {"general_budget": D("5.40")},
        "2101102": {"general_budget": D("6.22")},
        "2120199": {"general_budget": D("288.02"), "other": D("17.94")},
        "2210201": {"general_budget": D("7.70")},
    }
    for code, values in income.items():
        IncomeLineFactory(report=report, function_code=function_code(code), **values)
    spending = {
        "2080505": (D("10.00"), D("0")),
        "2080506": (D("5.40"), D("0")),
        "2101102": (D("6.22"), D("0")),
        "2120199": (D("111.46"), D("176.47")),
        "2210201": (D("7.70"), D("0")),
    }
    for code, (basic, project) in spending.items():
        ExpenditureLineFactory(
            report=report,
            function_code=function_code(code),
            basic=basic,
            project=project,
        )
        FiscalExpenditureLineFactory(
            report=report,
            function_code=function_code(code),
            fund=Fund.GENERAL,
            basic=basic,
            project=project,
        )
    BalancesFactory(report=report, opening_total=D("17.96"), closing_total=D("35.99"))
    for code, value in {
        "30101": "60.00",
        "30102": "58.24",
        "30201": "16.34",
        "31002": "6.20",
    }.items():
        BasicExpenditureLineFactory(
            report=report, economic_code=economic_code(code), amount=D(value)
        )
    ThreePublicExpensesFactory(
        report=report,
        budget_reception=D("1.00"),
        budget_vehicle_operation=D("2.59"),
        actual_vehicle_operation=D("2.45"),
    )
    AssetHoldingFactory(report=report)
    return report


class TableSetTests(TestCase):
    def test_it_builds_the_ten_jiangxi_tables_in_order(self):
        tables = build_tables(load_report_data(ReportFactory()))
        self.assertEqual([(t.code, t.title) for t in tables], TITLES)
        self.assertEqual([t.key for t in tables], [f"t{n:02d}" for n in range(1, 11)])

    def test_it_refuses_a_report_whose_variant_has_no_definitions(self):
        report = ReportFactory()
        data = load_report_data(report)
        data.report.template_variant = "nowhere"
        with self.assertRaisesMessage(UnknownTemplate, "公开模板 'nowhere' 不存在"):
            build_tables(data)

    def test_header_and_body_cells_cover_every_column_exactly_once(self):
        for table in build_tables(load_report_data(seed_report())):
            width = len(table.columns)
            slots = [[0] * width for _ in table.header_rows]
            for level, cells in enumerate(table.header_rows):
                for cell in cells:
                    for r in range(level, level + cell.rowspan):
                        for c in range(cell.column, cell.column + cell.colspan):
                            slots[r][c] += 1
            self.assertEqual(slots, [[1] * width] * len(slots), table.code)
            rows = [*table.body, *([table.index_cells] if table.index_cells else [])]
            for row in rows:
                columns = [
                    c
                    for cell in row
                    for c in range(cell.column, cell.column + cell.colspan)
                ]
                self.assertEqual(columns, list(range(width)), table.code)

    def test_the_caption_data_come_from_the_report(self):
        tables = tables_of(seed_report())
        t02 = tables["公开02表"]
        self.assertEqual(t02.unit_name, "景德镇市数字城市管理服务中心")
        self.assertEqual(t02.year, 2022)
        self.assertEqual((t02.measure_label, t02.measure), ("金额单位", "万元"))
        t10 = tables["公开10表"]
        self.assertEqual((t10.measure_label, t10.measure), ("单位", "台、辆、套"))
        self.assertEqual(
            t10.footnotes,
            ("注：本表反映截止2022年12月31日，部门(单位)占用的国有资产情况。",),
        )


class HierarchyTableTests(TestCase):
    def setUp(self):
        self.tables = tables_of(seed_report())

    def test_each_class_is_the_sum_of_its_sections_and_each_section_of_its_items(self):
        for code in ("公开02表", "公开03表", "公开05表"):
            table = self.tables[code]
            columns = [c.key for c in table.columns if c.role.is_number]
            rows = [r for r in table.rows if r.key != "total"]
            for column in columns:
                classes = [r for r in rows if r.kind == RowKind.CLASS]
                self.assertEqual(
                    table.value("total", column),
                    sum((r.values[column] for r in classes), D("0")),
                )
                for parent in rows:
                    children = [
                        r
                        for r in rows
                        if len(r.code) == len(parent.code) + 2
                        and r.code.startswith(parent.code)
                    ]
                    if children:
                        self.assertEqual(
                            parent.values[column],
                            sum((r.values[column] for r in children), D("0")),
                            f"{code} {parent.code} {column}",
                        )

    def test_rows_run_total_first_then_each_class_with_its_sections_and_items(self):
        t03 = self.tables["公开03表"]
        self.assertEqual(
            [r.key for r in t03.rows],
            [
                "total",
                "208",
                "20805",
                "2080505",
                "2080506",
                "210",
                "21011",
                "2101102",
                "212",
                "21201",
                "2120199",
                "221",
                "22102",
                "2210201",
            ],
        )
        self.assertEqual(t03.rows[1].label, "社会保障和就业支出")
        self.assertEqual(
            [r.kind for r in t03.rows[:4]],
            [RowKind.TOTAL, RowKind.CLASS, RowKind.SECTION, RowKind.ITEM],
        )

    def test_an_item_row_shows_its_code_split_into_class_section_and_item(self):
        t03 = self.tables["公开03表"]
        body_row = next(r for r in t03.body if r[0].row_key == "2120199")
        codes = [c.value for c in body_row if c.role == Role.CODE_PART]
        self.assertEqual(codes, ["212", "01", "99"])
        total_row = t03.body[0]
        self.assertEqual((total_row[0].value, total_row[0].colspan), ("合计", 4))

    def test_the_t02_fiscal_column_is_the_three_funds_together(self):
        report = ReportFactory()
        IncomeLineFactory(
            report=report,
            function_code=function_code("2120199"),
            general_budget=D("1.10"),
            gov_fund=D("2.20"),
            state_capital=D("3.30"),
            other=D("0.40"),
        )
        t02 = tables_of(report)["公开02表"]
        self.assertEqual(t02.value("total", "fiscal"), D("6.60"))
        self.assertEqual(t02.value("2120199", "total"), D("7.00"))
        self.assertEqual(t02.value("212", "other"), D("0.40"))

    def test_t03_totals_add_every_kind_of_spending(self):
        t03 = self.tables["公开03表"]
        self.assertEqual(t03.value("total", "total"), D("317.25"))
        self.assertEqual(t03.value("total", "basic"), D("140.78"))
        self.assertEqual(t03.value("total", "project"), D("176.47"))
        self.assertEqual(t03.value("212", "total"), D("287.93"))

    def test_a_line_without_any_figure_is_not_shown(self):
        report = ReportFactory()
        ExpenditureLineFactory(report=report, function_code=function_code("2010101"))
        ExpenditureLineFactory(
            report=report, function_code=function_code("2120199"), basic=D("1.00")
        )
        t03 = tables_of(report)["公开03表"]
        self.assertFalse(t03.has_row("2010101"))
        self.assertFalse(t03.has_row("201"))
        self.assertEqual(t03.value("2120199", "basic"), D("1.00"))

    def test_t05_holds_only_the_general_budget_fund(self):
        report = ReportFactory()
        for fund, basic in ((Fund.GENERAL, "4.00"), (Fund.GOV_FUND, "9.00")):
            FiscalExpenditureLineFactory(
                report=report,
                function_code=function_code("2120199"),
                fund=fund,
                basic=D(basic),
                project=D("1.00"),
            )
        t05 = tables_of(report)["公开05表"]
        self.assertEqual(t05.value("total", "total"), D("5.00"))
        self.assertEqual(t05.value("212", "basic"), D("4.00"))

    def test_t07_takes_income_from_income_lines_and_balances_from_fund_lines(self):
        report = ReportFactory()
        IncomeLineFactory(
            report=report, function_code=function_code("2120801"), gov_fund=D("50.00")
        )
        FiscalExpenditureLineFactory(
            report=report,
            function_code=function_code("2120801"),
            fund=Fund.GOV_FUND,
            basic=D("10.00"),
            project=D("30.00"),
            opening_balance=D("5.00"),
            closing_balance=D("15.00"),
        )
        t07 = tables_of(report)["公开07表"]
        self.assertEqual(
            [
                t07.value("total", c)
                for c in ("opening", "income", "ex_total", "closing")
            ],
            [D("5.00"), D("50.00"), D("40.00"), D("15.00")],
        )
        self.assertEqual(t07.value("21208", "project"), D("30.00"))
        self.assertFalse(t07.is_empty)
        self.assertEqual(t07.note, "")

    def test_an_empty_t07_and_t08_keep_their_total_row_at_zero_and_show_the_note(self):
        tables = tables_of(ReportFactory())
        for code, columns in (("公开07表", 6), ("公开08表", 3)):
            table = tables[code]
            self.assertTrue(table.is_empty)
            self.assertEqual([r.key for r in table.rows], ["total"])
            self.assertEqual(
                [c.value for c in table.body[0] if c.is_number], [D("0")] * columns
            )
            self.assertTrue(table.note.startswith("说明：当此表数据为零时"), table.note)
        self.assertIn("政府性基金预算财政拨款收入、支出", tables["公开07表"].note)
        self.assertIn("国有资本经营预算财政拨款支出", tables["公开08表"].note)
        html = render_to_string(
            "disclosure/includes/table.html", {"table": tables["公开08表"]}
        )
        self.assertIn("说明：当此表数据为零时", html)
        self.assertIn('<td class="num kind-total">0</td>', html)


class SummaryTableTests(TestCase):
    def test_t01_adds_income_and_spending_into_their_totals(self):
        t01 = tables_of(seed_report())["公开01表"]
        self.assertEqual(t01.value("in_gpb", "amount"), D("317.34"))
        self.assertEqual(t01.value("in_oth", "amount"), D("17.94"))
        self.assertEqual(t01.value("in_total", "amount"), D("335.28"))
        self.assertEqual(t01.value("in_begin", "amount"), D("17.96"))
        self.assertEqual(t01.value("in_grand", "amount"), D("353.24"))
        self.assertEqual(t01.value("ex:212", "amount"), D("287.93"))
        self.assertEqual(t01.value("ex:201", "amount"), D("0"))
        self.assertEqual(t01.value("ex_total", "amount"), D("317.25"))
        self.assertEqual(t01.value("ex_end", "amount"), D("35.99"))
        self.assertEqual(t01.value("ex_grand", "amount"), D("353.24"))

    def test_t01_lists_every_class_with_its_ordinal_and_line_numbers(self):
        t01 = tables_of(ReportFactory())["公开01表"]
        left, right = t01.panes
        self.assertEqual(len(left.rows), 31)
        self.assertEqual(len(right.rows), 31)
        by_key = {r.key: r for r in t01.rows if r.key}
        self.assertEqual(by_key["in_oth"].line_no, 8)
        self.assertEqual(by_key["in_total"].line_no, 27)
        self.assertEqual(by_key["in_grand"].line_no, 31)
        self.assertEqual(by_key["ex:201"].line_no, 32)
        self.assertEqual(by_key["ex:201"].label, "一、一般公共服务支出")
        self.assertEqual(by_key["ex:234"].label, "二十六、抗疫特别国债安排的支出")
        self.assertEqual(by_key["ex_total"].line_no, 58)
        self.assertEqual(by_key["ex_grand"].line_no, 62)
        self.assertEqual(left.rows[8].kind, RowKind.BLANK)
        self.assertEqual(left.rows[8].line_no, 9)
        # 本年收入合计 and 本年支出合计 share a physical row.
        self.assertEqual(
            [c.value for c in t01.body[26] if c.role == Role.LABEL],
            ["本年收入合计", "本年支出合计"],
        )

    def test_t01_leaves_balance_cells_empty_when_balances_were_not_entered(self):
        report = ReportFactory()
        IncomeLineFactory(
            report=report, function_code=function_code("2120199"), other=D("2.00")
        )
        t01 = tables_of(report)["公开01表"]
        for key in ("in_nfs", "in_begin", "ex_dist", "ex_end"):
            self.assertIsNone(t01.value(key, "amount"), key)
        self.assertEqual(t01.value("in_grand", "amount"), D("2.00"))
        self.assertEqual(t01.value("ex_grand", "amount"), D("0"))

    def test_t01_keeps_a_class_outside_the_template_list_so_totals_still_add_up(self):
        report = ReportFactory()
        ExpenditureLineFactory(
            report=report, function_code=function_code("2270101"), basic=D("3.00")
        )
        t01 = tables_of(report)["公开01表"]
        self.assertEqual(t01.value("ex:227", "amount"), D("3.00"))
        self.assertEqual(t01.value("ex_total", "amount"), D("3.00"))
        left, right = t01.panes
        self.assertEqual(len(left.rows), len(right.rows))

    def test_t04_adds_funds_classes_and_per_fund_balances(self):
        report = ReportFactory()
        IncomeLineFactory(
            report=report,
            function_code=function_code("2120199"),
            general_budget=D("100.00"),
            gov_fund=D("20.00"),
        )
        lines = (
            (Fund.GENERAL, "2120199", "60.00", "30.00", "8.00", "18.00"),
            (Fund.GENERAL, "2080505", "5.00", "0", "0", "0"),
            (Fund.GOV_FUND, "2120801", "0", "15.00", "1.00", "6.00"),
        )
        for fund, code, basic, project, opening, closing in lines:
            FiscalExpenditureLineFactory(
                report=report,
                fund=fund,
                function_code=function_code(code),
                basic=D(basic),
                project=D(project),
                opening_balance=D(opening),
                closing_balance=D(closing),
            )
        t04 = tables_of(report)["公开04表"]
        amount_of = {
            key: t04.value(key, "amount")
            for key in (
                "in_general",
                "in_gov_fund",
                "in_state_capital",
                "in_total",
                "open_total",
                "open_general",
                "open_gov_fund",
                "open_state_capital",
                "in_grand",
            )
        }
        self.assertEqual(
            amount_of,
            {
                "in_general": D("100.00"),
                "in_gov_fund": D("20.00"),
                "in_state_capital": D("0"),
                "in_total": D("120.00"),
                "open_total": D("9.00"),
                "open_general": D("8.00"),
                "open_gov_fund": D("1.00"),
                "open_state_capital": D("0"),
                "in_grand": D("129.00"),
            },
        )
        self.assertEqual(t04.value("ex:212", "general"), D("90.00"))
        self.assertEqual(t04.value("ex:212", "gov_fund"), D("15.00"))
        self.assertEqual(t04.value("ex:212", "total"), D("105.00"))
        self.assertEqual(t04.value("ex:208", "total"), D("5.00"))
        self.assertEqual(t04.value("ex_total", "total"), D("110.00"))
        self.assertEqual(t04.value("ex_total", "general"), D("95.00"))
        self.assertEqual(t04.value("close_total", "general"), D("18.00"))
        self.assertEqual(t04.value("close_total", "gov_fund"), D("6.00"))
        self.assertEqual(t04.value("close_total", "total"), D("24.00"))
        self.assertEqual(t04.value("ex_grand", "total"), D("134.00"))
        self.assertEqual(t04.value("ex_grand", "state_capital"), D("0"))
        # The per-fund balance of each side: income + opening == spending + closing.
        self.assertEqual(
            t04.value("in_general", "amount") + t04.value("open_general", "amount"),
            D("108.00"),
        )

    def test_t04_totals_sit_on_one_physical_row(self):
        t04 = tables_of(ReportFactory())["公开04表"]
        labels = [[c.value for c in row if c.role == Role.LABEL] for row in t04.body]
        self.assertIn(["本年收入合计", "本年支出合计"], labels)
        self.assertEqual(labels[-1], ["总计", "总计"])


class BasicExpenditureTableTests(TestCase):
    def test_t06_splits_personnel_and_public_costs_with_class_rows_as_sums(self):
        report = ReportFactory()
        for code, value in {
            "30101": "50.00",
            "30107": "20.00",
            "30302": "3.00",
            "30201": "7.00",
            "30211": "1.50",
            "31002": "6.20",
            "39999": "0.30",
        }.items():
            BasicExpenditureLineFactory(
                report=report, economic_code=economic_code(code), amount=D(value)
            )
        t06 = tables_of(report)["公开06表"]
        personnel, public = t06.panes
        self.assertEqual(
            [r.key for r in personnel.rows], ["301", "30101", "30107", "303", "30302"]
        )
        self.assertEqual(
            [r.key for r in public.rows],
            ["302", "30201", "30211", "310", "31002", "399", "39999"],
        )
        self.assertEqual(t06.value("301", "amount"), D("70.00"))
        self.assertEqual(t06.value("302", "amount"), D("8.50"))
        self.assertEqual(t06.value("personnel_total", "amount"), D("73.00"))
        self.assertEqual(t06.value("public_total", "amount"), D("15.00"))
        self.assertEqual(personnel.rows[0].label, "工资福利支出")
        # The two totals share the last physical row.
        last = [c.value for c in t06.body[-1] if c.role == Role.LABEL]
        self.assertEqual(last, ["人员经费合计", "公用经费合计"])
        section = next(row for row in t06.body if row[0].row_key == "30101")
        self.assertEqual([c.value for c in section[:2]], ["301", "01"])

    def test_t06_keeps_its_main_classes_when_nothing_was_entered(self):
        t06 = tables_of(ReportFactory())["公开06表"]
        self.assertEqual([r.key for r in t06.panes[0].rows], ["301", "303"])
        self.assertEqual([r.key for r in t06.panes[1].rows], ["302", "310"])
        self.assertEqual(t06.value("310", "amount"), D("0"))
        self.assertEqual(t06.value("public_total", "amount"), D("0"))


class ThreePublicAndAssetTableTests(TestCase):
    def test_t09_subtotals_vehicles_and_totals_each_block(self):
        report = ReportFactory()
        ThreePublicExpensesFactory(
            report=report,
            budget_abroad=D("1.00"),
            budget_reception=D("1.00"),
            budget_vehicle_purchase=D("20.00"),
            budget_vehicle_operation=D("2.59"),
            actual_reception=D("0.30"),
            actual_vehicle_purchase=D("18.00"),
            actual_vehicle_operation=D("2.45"),
        )
        t09 = tables_of(report)["公开09表"]
        self.assertEqual(t09.value("row", "budget_vehicle_total"), D("22.59"))
        self.assertEqual(t09.value("row", "budget_total"), D("24.59"))
        self.assertEqual(t09.value("row", "actual_vehicle_total"), D("20.45"))
        self.assertEqual(t09.value("row", "actual_total"), D("20.75"))
        # A sub-row left blank stays blank (and counts as zero in the totals).
        self.assertIsNone(t09.value("row", "actual_abroad"))
        self.assertEqual(
            [c.text for c in t09.index_cells], [str(n) for n in range(1, 13)]
        )
        self.assertEqual(t09.note, "")

    def test_t09_without_facts_is_empty_not_zero_and_shows_its_note(self):
        t09 = tables_of(ReportFactory())["公开09表"]
        self.assertIsNone(t09.value("row", "actual_total"))
        self.assertTrue(t09.is_empty)
        self.assertIn("“三公”经费", t09.note)
        self.assertIn("以前年度结转资金", t09.footnotes[0])

    def test_t10_counts_vehicles_as_the_sum_of_the_eight_categories(self):
        report = ReportFactory()
        AssetHoldingFactory(
            report=report,
            vehicles_leader=1,
            vehicles_law_enforcement=3,
            vehicles_other=2,
            equipment_over_million=4,
        )
        t10 = tables_of(report)["公开10表"]
        self.assertEqual(t10.value("vehicles_total", "amount"), 6)
        self.assertEqual(t10.value("vehicles_law_enforcement", "amount"), 3)
        self.assertEqual(t10.value("vehicles_ministerial", "amount"), 0)
        self.assertEqual(t10.value("equipment_over_million", "amount"), 4)
        self.assertEqual([r.line_no for r in t10.rows], list(range(1, 11)))
        self.assertEqual(t10.index_cells, ())
        self.assertEqual(t10.note, "")

    def test_t10_all_zero_shows_its_note_and_without_facts_shows_blanks(self):
        report = ReportFactory()
        AssetHoldingFactory(report=report)
        t10 = tables_of(report)["公开10表"]
        self.assertEqual(t10.value("vehicles_total", "amount"), 0)
        self.assertEqual(t10.note, "说明：当此表数据为零时，即本部门(单位)无相关资产。")
        blank = tables_of(ReportFactory())["公开10表"]
        self.assertIsNone(blank.value("vehicles_total", "amount"))


class ValueLookupTests(TestCase):
    def test_a_cell_the_table_does_not_have_is_a_key_error_unless_a_default_is_given(
        self,
    ):
        t03 = tables_of(ReportFactory())["公开03表"]
        with self.assertRaisesMessage(KeyError, "公开03表"):
            t03.value("212", "total")
        with self.assertRaises(KeyError):
            t03.value("total", "nonsense")
        self.assertEqual(t03.value("212", "total", D("0")), D("0"))

    def test_a_whole_column_holds_the_same_figures_as_its_cells(self):
        for table in build_tables(load_report_data(seed_report())):
            keys = {c.key for c in table.columns if c.role.is_number}
            for column_key in keys:
                column = table.column_values(column_key)
                for row in table.rows:
                    if not row.key:
                        continue
                    expected = table.value(row.key, column_key, "absent")
                    self.assertEqual(
                        column.get(row.key, "absent"), expected, table.code
                    )
                column.clear()  # a copy: the table is not changed
                self.assertEqual(
                    table.column_values(column_key).keys(),
                    {r.key for r in table.rows if r.key}
                    & {
                        r.key
                        for p in table.panes
                        if column_key in {c.key for c in p.columns}
                        for r in p.all_rows
                    },
                )
            self.assertEqual(table.column_values("nonsense"), {})


class HtmlIncludeTests(TestCase):
    def render(self, table) -> str:
        return render_to_string("disclosure/includes/table.html", {"table": table})

    def test_it_renders_caption_column_and_row_headers_and_the_index_row(self):
        t02 = tables_of(seed_report())["公开02表"]
        html = self.render(t02)
        self.assertIn("<caption>", html)
        self.assertIn('<span class="fin-table__code">公开02表</span>', html)
        self.assertIn("编制单位：景德镇市数字城市管理服务中心", html)
        self.assertIn("2022 年度", html)
        self.assertIn("金额单位：万元", html)
        self.assertIn('<th scope="col" colspan="4">项目</th>', html)
        self.assertIn('<th scope="col" rowspan="3">本年收入合计</th>', html)
        self.assertIn('<th scope="col" colspan="4">栏次</th>', html)
        self.assertIn(
            '<th scope="row" class="kind-total level-0" colspan="4">合计</th>', html
        )
        self.assertIn(
            '<th scope="row" class="kind-item level-3">科目2120199</th>', html
        )
        self.assertIn('<td class="num kind-total">335.28</td>', html)
        self.assertIn("注：本表反映部门(单位)本年度取得的各项收入情况。", html)

    def test_amounts_in_yuan_show_the_unit_and_thousands_separators(self):
        report = ReportFactory(amount_unit=Report.AmountUnit.YUAN)
        IncomeLineFactory(
            report=report,
            function_code=function_code("2120199"),
            general_budget=D("881300.39"),
        )
        html = self.render(tables_of(report)["公开02表"])
        self.assertIn("金额单位：元", html)
        self.assertIn("881,300.39", html)

    def test_a_float_in_a_cell_is_refused_while_rendering(self):
        from dataclasses import replace

        from reporting.table import Row

        t08 = tables_of(ReportFactory())["公开08表"]
        pane = t08.panes[0]
        bad = replace(
            t08,
            panes=(
                replace(
                    pane,
                    rows=(Row("total", "合计", RowKind.TOTAL, values={"total": 1.5}),),
                ),
            ),
        )
        with self.assertRaises(TypeError):
            self.render(bad)


class AmountFormatTests(SimpleTestCase):
    def test_it_prints_two_decimals_with_thousands_separators(self):
        self.assertEqual(format_amount(D("1234.5")), "1,234.50")
        self.assertEqual(format_amount(D("-1234567.891")), "-1,234,567.89")
        self.assertEqual(format_amount(D("0.005")), "0.01")

    def test_it_prints_zero_as_zero_and_none_as_nothing(self):
        self.assertEqual(format_amount(D("0.00")), "0")
        self.assertEqual(format_amount(0), "0")
        self.assertEqual(format_amount(None), "")
        self.assertEqual(format_amount(D("0"), zero=""), "")

    def test_it_prints_counts_as_whole_numbers(self):
        self.assertEqual(format_amount(1234), "1,234")

    def test_the_filter_refuses_floats_and_other_types(self):
        for value in (1.5, 0.0, True, "12.00"):
            with self.assertRaises(TypeError, msg=repr(value)):
                amount(value)
        self.assertEqual(amount(D("12")), "12.00")

    def test_chinese_ordinals_number_the_class_list(self):
        self.assertEqual(
            [chinese_ordinal(n) for n in (1, 10, 11, 20, 26)],
            ["一", "十", "十一", "二十", "二十六"],
        )
