import csv
import io
import json
import re
import zipfile
from decimal import Decimal as D
from urllib.parse import quote

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.loader import DRAFT_UNIT, SEED_DEPARTMENT, SEED_UNIT
from disclosure import snapshots
from disclosure.archives import published_reports, write_year_zip
from disclosure.document import build_document
from disclosure.exports.open_data import (
    amount_text,
    logical_rows,
    report_json,
    table_columns,
    table_csv,
    table_json,
)
from disclosure.models import Fund, Report, SnapshotFile, YearArchive
from disclosure.selectors import load_report_data
from disclosure.tables import build_tables
from jobs.models import Job
from reporting.table import Head, Pane, Role, Row, RowKind, Table
from tests.demo_cache import load_demo_shared
from tests.factories import (
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    IncomeLineFactory,
    ReportFactory,
    function_code,
)
from tests.jobs.worker import DATABASE_QUEUE, run_worker
from tests.scenarios import consistent_report, force_status, publish_correction
from units.models import Unit

AMOUNT = re.compile(r"^-?[0-9]+\.[0-9]{2}$")
BOM = b"\xef\xbb\xbf"

# Freezing a snapshot costs the report lookup, the row lock plus
# build_document's fixed set (this year's facts and self-evaluation, last
# year's report and its facts) and one insert per file, whatever the
# report's size; serving a stored file costs the report and the file lookups.
SERVED_QUERY_BUDGET = 2


def json_url(year, unit):
    return reverse("disclosure:report_json", args=[year, unit])


def csv_url(year, unit, table, revision=None):
    if revision is None:
        return reverse("disclosure:table_csv", args=[year, unit, table])
    return reverse("disclosure:table_csv_revision", args=[year, unit, revision, table])


def bulk_url(year):
    return reverse("disclosure:year_bulk", args=[year])


def seed_report(year=2022):
    return Report.objects.published().get(unit__code=SEED_UNIT, fiscal_year__year=year)


def no_floats(text: str):
    def refuse(number):
        raise AssertionError(f"JSON 中出现了浮点数 {number}")

    return json.loads(text, parse_float=refuse)


def publish(report):
    force_status(report.pk, Report.Status.PUBLISHED)
    return report


class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.report = seed_report()
        cls.doc = build_document(cls.report)

    def setUp(self):
        cache.clear()


class ReportJsonTest(DemoTestCase):
    def get(self, year=2022, unit=SEED_UNIT):
        return self.client.get(json_url(year, unit))

    def test_it_serves_the_seed_report_with_schema_version_1_2(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(no_floats(response.content)["schema_version"], "1.3")

    def test_it_declares_json_in_utf_8_and_names_the_file_in_chinese(self):
        response = self.get()
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'inline; filename="360200105-2022.json"; '
            "filename*=UTF-8''"
            + quote("景德镇市数字城市管理服务中心2022年度决算.json"),
        )

    def test_it_writes_chinese_as_is_not_as_escapes(self):
        content = self.get().content
        self.assertIn("景德镇市数字城市管理服务中心".encode(), content)
        self.assertNotIn(b"\\u", content)

    def test_report_metadata_names_unit_department_year_status_and_amount_unit(self):
        meta = no_floats(self.get().content)["report"]
        self.assertEqual(meta["unit"]["code"], SEED_UNIT)
        self.assertEqual(meta["unit"]["name"], "景德镇市数字城市管理服务中心")
        self.assertEqual(meta["unit"]["type"], "public_welfare_1")
        self.assertEqual(meta["unit"]["type_label"], "公益一类事业单位")
        self.assertEqual(
            meta["department"], {"code": SEED_DEPARTMENT, "name": "景德镇市城市管理局"}
        )
        self.assertEqual(meta["year"], 2022)
        self.assertEqual(meta["status"], "published")
        self.assertEqual(meta["amount_unit"], "wan_yuan")
        self.assertEqual(meta["amount_unit_label"], "万元")
        self.assertEqual(meta["template_variant"], "jx2022_unit")
        self.assertEqual(meta["data_note"], self.report.data_note)
        self.assertTrue(meta["data_note"].startswith("【明细拟定】"))
        self.assertIn("published_at", meta)

    def test_seed_figures_are_exact_strings(self):
        tables = {t["key"]: t for t in no_floats(self.get().content)["tables"]}

        def cell(table, row_key, column):
            (row,) = [r for r in tables[table]["rows"] if r["key"] == row_key]
            return row["values"][column]

        self.assertEqual(cell("t01", "in_gpb", "amount"), "317.34")
        self.assertEqual(cell("t01", "in_grand", "amount"), "353.24")
        self.assertEqual(cell("t01", "in_gf", "amount"), "0.00")
        self.assertEqual(cell("t03", "total", "basic"), "140.78")
        self.assertEqual(cell("t05", "2080505", "total"), "10.27")
        self.assertEqual(cell("t06", "personnel_total", "amount"), "118.24")
        self.assertEqual(cell("t09", "row", "budget_total"), "3.59")

    def test_counts_are_integers(self):
        (t10,) = [
            t for t in no_floats(self.get().content)["tables"] if t["key"] == "t10"
        ]
        (total,) = [r for r in t10["rows"] if r["key"] == "vehicles_total"]
        self.assertIs(type(total["values"]["amount"]), int)
        self.assertEqual(total["values"]["amount"], 1)
        self.assertEqual(t10["measure"], "台、辆、套")

    def test_every_figure_equals_the_table_value(self):
        data = no_floats(self.get().content)
        self.assertEqual(
            [t["key"] for t in data["tables"]], [t.key for t in self.doc.tables]
        )
        compared = 0
        for table, shown in zip(self.doc.tables, data["tables"], strict=True):
            self.assertEqual(shown["code"], table.code)
            self.assertEqual(shown["title"], table.title)
            for row in shown["rows"]:
                for column, value in row["values"].items():
                    expected = table.value(row["key"], column)
                    if isinstance(expected, int):
                        self.assertEqual(value, expected)
                    elif expected is None:
                        self.assertIsNone(value)
                    else:
                        self.assertRegex(value, AMOUNT)
                        self.assertEqual(D(value), expected)
                    compared += 1
        self.assertGreater(compared, 200)

    def test_table_rows_carry_key_label_code_level_and_kind_without_filler_rows(self):
        (t05,) = [
            t for t in no_floats(self.get().content)["tables"] if t["key"] == "t05"
        ]
        (row,) = [r for r in t05["rows"] if r["key"] == "2080505"]
        self.assertEqual(row["label"], "机关事业单位基本养老保险缴费支出")
        self.assertEqual(row["code"], "2080505")
        self.assertEqual(row["level"], 3)
        self.assertEqual(row["kind"], "item")
        self.assertEqual(
            [c["header"] for c in t05["columns"]], ["合计", "基本支出", "项目支出"]
        )
        self.assertEqual(t05["csv"], csv_url(2022, SEED_UNIT, "t05", revision=1))
        (t01,) = [
            t for t in no_floats(self.get().content)["tables"] if t["key"] == "t01"
        ]
        self.assertTrue(all(r["key"] for r in t01["rows"]))

    def test_the_narrative_sentences_are_there(self):
        narrative = no_floats(self.get().content)["narrative"]
        self.assertEqual(len(narrative["sections"]), 9)
        self.assertEqual(narrative["sections"][0]["heading"], "一、收入决算情况说明")
        self.assertTrue(
            narrative["sections"][0]["paragraphs"][0].startswith(
                "本单位2022年度收入总计353.24万元，较2021年增加33.05万元。"
            )
        )

    def test_profile_and_glossary_are_there(self):
        data = no_floats(self.get().content)
        self.assertEqual(
            [s["heading"] for s in data["profile"]["sections"]],
            ["一、单位主要职责", "二、单位基本情况"],
        )
        terms = [e["term"] for s in data["glossary"]["sections"] for e in s["entries"]]
        self.assertIn("财政拨款收入", terms)
        self.assertTrue(
            all(
                e["definition"]
                for s in data["glossary"]["sections"]
                for e in s["entries"]
            )
        )

    def test_fact_lines_carry_codes_names_and_exact_amounts(self):
        facts = no_floats(self.get().content)["facts"]
        income = facts["income_lines"]
        self.assertIn(
            {
                "code": "2080505",
                "name": "机关事业单位基本养老保险缴费支出",
                "general_budget": "10.27",
                "gov_fund": "0.00",
                "state_capital": "0.00",
                "superior_grant": "0.00",
                "business": "0.00",
                "operating": "0.00",
                "affiliate": "0.00",
                "other": "0.00",
            },
            income["lines"],
        )
        self.assertIn(
            {
                "name": "general_budget",
                "label": "一般公共预算财政拨款收入",
                "type": "amount",
                "unit": "万元",
            },
            income["fields"],
        )
        basic = {line["code"]: line for line in facts["basic_lines"]["lines"]}
        self.assertEqual(
            basic["30101"], {"code": "30101", "name": "基本工资", "amount": "29.64"}
        )
        fiscal = facts["fiscal_lines"]["lines"]
        self.assertTrue(all(line["fund"] in Fund.values for line in fiscal))
        self.assertEqual(fiscal[0]["fund_label"], "一般公共预算财政拨款")

    def test_each_reason_keeps_its_key_beside_its_chinese_label(self):
        lines = no_floats(self.get().content)["facts"]["reasons"]["lines"]
        self.assertTrue(lines)
        for line in lines:
            self.assertEqual(list(line), ["key", "label", "text"])
            self.assertNotIn(line["key"], line["label"])
        by_key = {line["key"]: line["label"] for line in lines}
        self.assertEqual(by_key["income_total"], "收入决算情况说明 本年收入合计")
        self.assertEqual(
            by_key["fiscal_class:212"], "财政拨款支出决算情况说明 城乡社区支出"
        )
        self.assertEqual(by_key["basic_class:302"], "基本支出 商品和服务支出")

    def test_singleton_facts_keep_counts_as_integers_with_their_units(self):
        facts = no_floats(self.get().content)["facts"]
        three = facts["three_public"]
        self.assertEqual(three["values"]["actual_vehicle_operation"], "2.45")
        self.assertIs(type(three["values"]["vehicles_held"]), int)
        units = {f["name"]: f["unit"] for f in three["fields"]}
        self.assertEqual(units["reception_people"], "人次")
        self.assertEqual(units["budget_abroad"], "万元")
        profile = facts["unit_profile"]["values"]
        self.assertEqual(profile["staff_total"], 10)
        self.assertEqual(
            profile["internal_bodies"],
            ["综合办公室", "监督考核科", "指挥协调科", "系统运行科"],
        )
        self.assertFalse(facts["operating_expense"]["applicable"])

    def test_a_draft_is_a_404(self):
        self.assertEqual(self.get(2022, DRAFT_UNIT).status_code, 404)

    def test_an_unknown_unit_or_year_is_a_404(self):
        self.assertEqual(self.get(2022, "000000000").status_code, 404)
        self.assertEqual(self.get(2030, SEED_UNIT).status_code, 404)

    def test_a_deactivated_unit_is_a_404(self):
        self.report.unit.is_active = False
        self.report.unit.save()
        self.assertEqual(self.get().status_code, 404)

    def test_the_self_evaluation_is_there_with_its_tables(self):
        performance = no_floats(self.get().content)["performance"]
        self.assertTrue(
            performance["summary"][0].startswith("（一）绩效评价工作开展情况。")
        )
        (project,) = performance["projects"]
        self.assertEqual(project["name"], "数字化城管运行维护费")
        self.assertEqual(project["total_score"], "98.00")
        self.assertEqual(project["grade"], "优")
        self.assertEqual(project["sections"][0]["heading"], "一、基本情况")
        tables = {t["key"]: t for t in project["tables"]}
        self.assertEqual(
            list(tables), ["p1-project", "p1-funds", "p1-goals", "p1-indicators"]
        )
        funds = tables["p1-funds"]
        types = {c["key"]: c["type"] for c in funds["columns"]}
        self.assertEqual(types["executed"], "amount")
        self.assertEqual(types["rate"], "text")
        (total,) = [r for r in funds["rows"] if r["key"] == "total"]
        self.assertRegex(total["values"]["executed"], AMOUNT)
        self.assertEqual(funds["csv"], csv_url(2022, SEED_UNIT, "p1-funds", revision=1))

    def test_post_is_refused(self):
        self.assertEqual(self.client.post(json_url(2022, SEED_UNIT)).status_code, 405)

    def test_the_query_count_stays_within_budget(self):
        # The first request freezes the demo report's snapshot (the demo loads
        # reports as published without one); later ones serve the stored file.
        self.assertEqual(self.get().status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.get().status_code, 200)
        self.assertLessEqual(len(queries), SERVED_QUERY_BUDGET)


class JsonQueryCountTest(TestCase):
    def count(self, report) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(json_url(report.year, report.unit.code))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_query_count_does_not_grow_with_the_number_of_lines(self):
        small = publish(consistent_report())
        large = consistent_report()
        for i in range(30):
            code = function_code(f"2{i + 10:02d}01{i % 3 + 1:02d}")
            IncomeLineFactory(
                report=large, function_code=code, general_budget=D("1.00")
            )
            ExpenditureLineFactory(report=large, function_code=code, basic=D("1.00"))
            FiscalExpenditureLineFactory(
                report=large, function_code=code, fund=Fund.GENERAL, basic=D("1.00")
            )
        publish(large)
        self.assertEqual(self.count(large), self.count(small))


class AmountTextTest(TestCase):
    def test_it_pads_to_two_decimals(self):
        self.assertEqual(amount_text(D("0")), "0.00")
        self.assertEqual(amount_text(D("317.34")), "317.34")
        self.assertEqual(amount_text(D("1E+2")), "100.00")

    def test_it_never_rounds_a_value_with_more_places(self):
        self.assertEqual(amount_text(D("1.005")), "1.005")

    def test_negative_zero_is_written_as_zero(self):
        self.assertEqual(amount_text(D("-0.00")), "0.00")
        self.assertEqual(amount_text(D("-1.50")), "-1.50")

    def test_it_refuses_floats(self):
        with self.assertRaises(TypeError):
            amount_text(0.1)


class TableCsvTest(DemoTestCase):
    def get(self, table="t05", year=2022, unit=SEED_UNIT):
        return self.client.get(csv_url(year, unit, table))

    def rows(self, table="t05"):
        text = self.get(table).content.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    def test_it_starts_with_the_utf_8_bom_and_declares_its_charset(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(BOM))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="360200105-2022-t05.csv"; '
            "filename*=UTF-8''"
            + quote(
                "景德镇市数字城市管理服务中心2022年度决算-"
                "公开05表一般公共预算财政拨款支出决算表.csv"
            ),
        )

    def test_header_and_code_line_are_exactly_these_bytes(self):
        lines = self.get().content.split(b"\r\n")
        self.assertEqual(
            lines[0],
            BOM
            + '"表号","行键","项目","编码","级次","行类型","行次",'
            '"合计（万元）","基本支出（万元）","项目支出（万元）"'.encode(),
        )
        self.assertIn(
            '"公开05表","2080505","机关事业单位基本养老保险缴费支出","2080505",'
            '3,"项",,10.27,10.27,0.00'.encode(),
            lines,
        )
        self.assertEqual(lines[-1], b"")

    def test_the_row_kind_is_in_chinese_while_the_json_keeps_its_key(self):
        kinds = {r["行键"]: r["行类型"] for r in self.rows("t05")}
        self.assertEqual(
            [kinds[k] for k in ("total", "208", "20805", "2080505")],
            ["合计", "类", "款", "项"],
        )

    def test_it_parses_back_with_the_csv_module_and_figures_equal_the_table(self):
        table = self.doc.table("general_budget")
        rows = self.rows("t05")
        self.assertEqual(
            [r["行键"] for r in rows], [row.key for _, row in logical_rows(table)]
        )
        for row in rows:
            self.assertEqual(row["表号"], "公开05表")
            for key, header in (("total", "合计"), ("basic", "基本支出")):
                self.assertEqual(
                    D(row[f"{header}（万元）"]), table.value(row["行键"], key)
                )
        by_key = {r["行键"]: r for r in rows}
        self.assertEqual(by_key["total"]["合计（万元）"], "317.14")
        self.assertEqual(by_key["2120199"]["项目支出（万元）"], "176.36")

    def test_codes_are_quoted_text_and_figures_bare_numbers(self):
        text = self.get().content.decode("utf-8-sig")
        records = list(
            csv.reader(io.StringIO(text, newline=""), quoting=csv.QUOTE_NONNUMERIC)
        )
        (line,) = [r for r in records if r[1] == "2080505"]
        self.assertEqual(line[3], "2080505")
        self.assertIsInstance(line[3], str)
        # Unquoted fields are numbers to a quoting-aware reader.
        self.assertNotIsInstance(line[7], str)

    def test_every_table_has_a_csv_equal_to_its_values(self):
        for table in self.doc.tables:
            with self.subTest(table=table.key):
                rows = self.rows(table.key)
                self.assertEqual(len(rows), len(list(logical_rows(table))))
                columns = table_columns(table)
                for row in rows:
                    for column in columns:
                        shown = row[f"{column.header}（{table.measure}）"]
                        expected = table.value(row["行键"], column.key, None)
                        if expected is None:
                            self.assertEqual(shown, "")
                        elif isinstance(expected, int):
                            self.assertEqual(shown, str(expected))
                        else:
                            self.assertRegex(shown, AMOUNT)
                            self.assertEqual(D(shown), expected)

    def test_three_public_headers_keep_their_block(self):
        headers = list(self.rows("t09")[0])
        self.assertIn("预算数/公务用车购置及运行费/小计（万元）", headers)
        self.assertIn("决算数/公务接待费（万元）", headers)
        self.assertIn("预算数/合计（万元）", headers)

    def test_an_unknown_table_is_a_404(self):
        self.assertEqual(self.get("t11").status_code, 404)
        self.assertEqual(self.get("T05").status_code, 404)
        self.assertEqual(self.get("p2-funds").status_code, 404)
        self.assertEqual(self.get("p1-budget").status_code, 404)

    def test_a_self_evaluation_table_has_a_csv_with_text_and_amounts(self):
        rows = self.rows("p1-funds")
        (total,) = [r for r in rows if r["行键"] == "total"]
        self.assertEqual(total["表号"], "项目支出绩效自评表")
        self.assertRegex(total["全年执行数（万元）"], AMOUNT)
        self.assertIn("执行率", total)
        self.assertTrue(total["执行率"].endswith("%"))

    def test_a_draft_or_unknown_unit_is_a_404(self):
        self.assertEqual(self.get("t05", 2022, DRAFT_UNIT).status_code, 404)
        self.assertEqual(self.get("t05", 2022, "000000000").status_code, 404)


class MissingFiguresCsvTest(TestCase):
    def test_a_fact_group_not_entered_gives_empty_fields_not_zeros(self):
        report = ReportFactory()
        tables = {t.key: t for t in build_tables(load_report_data(report))}
        lines = table_csv(tables["t09"]).split("\r\n")
        self.assertEqual(lines[1], '"公开09表","row","","",0,"固定行",' + "," * 12)

    def test_quotes_in_a_label_are_doubled(self):
        report = ReportFactory()
        IncomeLineFactory(
            report=report,
            function_code=function_code("2120199", name='其他"城乡"支出'),
            general_budget=D("1.00"),
        )
        tables = {t.key: t for t in build_tables(load_report_data(report))}
        self.assertIn('"其他""城乡""支出"', table_csv(tables["t02"]))


class TextColumnTest(TestCase):
    def table(self):
        return Table(
            key="tx",
            code="测试表",
            title="文本列",
            unit_name="测试单位",
            year=2022,
            measure_label="金额单位",
            measure="万元",
            panes=(
                Pane(
                    heads=(
                        Head("指标", role=Role.LABEL),
                        Head("年度指标值", key="target", role=Role.TEXT),
                        Head("分值", key="score", role=Role.AMOUNT),
                    ),
                    rows=(
                        Row(
                            "r1",
                            "满意度",
                            RowKind.FIXED,
                            values={"target": "≥90%", "score": D("10.00")},
                        ),
                    ),
                ),
            ),
        )

    def test_a_text_column_is_quoted_text_under_its_bare_header(self):
        lines = table_csv(self.table()).split("\r\n")
        self.assertEqual(lines[0].split(",")[7:], ['"年度指标值"', '"分值（万元）"'])
        self.assertEqual(lines[1].split(",")[7:], ['"≥90%"', "10.00"])

    def test_a_text_column_is_text_in_json(self):
        shown = table_json(self.table())
        self.assertEqual(shown["columns"][0]["type"], "text")
        self.assertEqual(
            shown["rows"][0]["values"], {"target": "≥90%", "score": "10.00"}
        )


class YearBulkTest(DemoTestCase):
    """The year's zip, built by a job (run in the request by the test queue) and stored."""

    def archive(self, year=2022) -> zipfile.ZipFile:
        response = self.client.get(bulk_url(year))
        self.assertEqual(response.status_code, 200)
        return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    def published_codes(self, year=2022, level="unit"):
        return sorted(
            Report.objects.published()
            .filter(fiscal_year__year=year, level=level)
            .values_list("unit__code", flat=True)
        )

    def test_it_holds_every_published_report_of_the_year_and_no_draft(self):
        names = set(self.archive().namelist())
        codes = self.published_codes()
        self.assertEqual(len(codes), 6)
        self.assertNotIn(DRAFT_UNIT, codes)
        expected = {"2022/index.json"}
        for code in codes:
            expected.add(f"2022/{code}/report.json")
            expected |= {f"2022/{code}/tables/t{n:02d}.csv" for n in range(1, 11)}
        # The department's 部门决算, beside its 本级's files, with its 附表.
        self.assertEqual(self.published_codes(level="department"), [SEED_DEPARTMENT])
        folder = f"2022/{SEED_DEPARTMENT}/department"
        expected.add(f"{folder}/report.json")
        expected |= {f"{folder}/tables/t{n:02d}.csv" for n in range(1, 12)}
        # The seed unit's self-evaluated project adds its four 自评表.
        expected |= {
            f"2022/{SEED_UNIT}/tables/p1-{part}.csv"
            for part in ("project", "funds", "goals", "indicators")
        }
        self.assertEqual(names, expected)
        self.assertFalse(any(DRAFT_UNIT in name for name in names))

    def test_its_json_and_csv_are_the_same_as_the_single_downloads(self):
        archive = self.archive()
        single = self.client.get(json_url(2022, SEED_UNIT)).content
        self.assertEqual(archive.read(f"2022/{SEED_UNIT}/report.json"), single)
        self.assertEqual(
            archive.read(f"2022/{SEED_UNIT}/tables/t05.csv"),
            self.client.get(csv_url(2022, SEED_UNIT, "t05")).content,
        )

    def test_the_index_lists_each_report_with_its_files(self):
        index = no_floats(self.archive().read("2022/index.json"))
        self.assertEqual(index["schema_version"], "1.3")
        self.assertEqual(index["year"], 2022)
        self.assertEqual(
            sorted((r["unit_code"], r["level"]) for r in index["reports"]),
            sorted(
                [(code, "unit") for code in self.published_codes()]
                + [(SEED_DEPARTMENT, "department")]
            ),
        )
        (seed,) = [r for r in index["reports"] if r["unit_code"] == SEED_UNIT]
        self.assertEqual(seed["files"]["json"], f"{SEED_UNIT}/report.json")
        self.assertEqual(seed["files"]["tables"]["t05"], f"{SEED_UNIT}/tables/t05.csv")

    def test_it_is_named_in_chinese_with_an_ascii_fallback(self):
        response = self.client.get(bulk_url(2022))
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="2022-open-data.zip"; '
            "filename*=UTF-8''" + quote("2022年度决算公开数据.zip"),
        )

    def test_a_year_without_published_reports_is_a_404(self):
        self.assertEqual(self.client.get(bulk_url(2030)).status_code, 404)

    def test_the_build_costs_a_fixed_number_of_queries_per_report(self):
        for report in Report.objects.published():
            snapshots.freeze(report)
        with CaptureQueriesContext(connection) as queries:
            write_year_zip(2022, published_reports(2022), io.BytesIO())
        # The listing, then per report its snapshot files and its department.
        self.assertLessEqual(len(queries), 2 + 2 * len(self.published_codes()))

    @override_settings(PUBLIC_GENERATION_SECONDS=3600)
    def test_a_second_download_is_served_from_the_cache(self):
        first = b"".join(self.client.get(bulk_url(2022)).streaming_content)
        with CaptureQueriesContext(connection) as queries:
            second = b"".join(self.client.get(bulk_url(2022)).streaming_content)
        self.assertEqual(second, first)
        # Keyed on the public generation, which this process has just read.
        self.assertEqual(len(queries), 0)

    def test_a_published_correction_gives_a_new_zip(self):
        self.archive()
        correction = publish_correction(self.report, data_note="更正后的数据说明。")
        archive = self.archive()
        data = no_floats(archive.read(f"2022/{SEED_UNIT}/report.json"))
        self.assertEqual(data["report"]["data_note"], "更正后的数据说明。")
        self.assertEqual(data["report"]["revision"], 2)
        index = no_floats(archive.read("2022/index.json"))
        (seed,) = [r for r in index["reports"] if r["unit_code"] == SEED_UNIT]
        self.assertEqual(seed["revision"], correction.revision)
        stored = SnapshotFile.objects.get(report=correction, name="report.json")
        self.assertEqual(seed["sha256"][f"{SEED_UNIT}/report.json"], stored.sha256)

    def test_a_change_without_publication_leaves_the_zip_as_published(self):
        before = self.archive().read(f"2022/{SEED_UNIT}/report.json")
        Unit.objects.filter(code=SEED_UNIT).update(name="改名后的单位")
        cache.clear()
        self.assertEqual(self.archive().read(f"2022/{SEED_UNIT}/report.json"), before)


class ReportJsonFunctionTest(TestCase):
    def test_it_is_the_same_data_for_the_same_document(self):
        report = consistent_report()
        doc = build_document(report)
        self.assertEqual(
            json.dumps(report_json(doc), ensure_ascii=False),
            json.dumps(report_json(build_document(report)), ensure_ascii=False),
        )

    def test_a_report_without_entered_groups_has_null_values_not_zeros(self):
        facts = report_json(build_document(ReportFactory()))["facts"]
        self.assertIsNone(facts["balances"]["values"])
        self.assertIsNone(facts["three_public"]["values"])
        self.assertIsNone(facts["unit_profile"]["values"])
        self.assertEqual(facts["income_lines"]["lines"], [])


@DATABASE_QUEUE
class YearArchiveJobTest(DemoTestCase):
    """On the production queue a download never builds: it queues a build and waits for it."""

    def test_the_first_download_queues_a_build_and_says_to_come_back(self):
        response = self.client.get(bulk_url(2022))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, "正在生成", status_code=503)
        self.client.get(bulk_url(2022))  # a second request queues nothing more
        self.assertEqual(Job.objects.filter(kind="year_zip").count(), 1)
        run_worker()
        job = Job.objects.get(kind="year_zip")
        self.assertEqual(job.status, Job.Status.DONE)
        self.assertEqual(job.progress, "7 / 7")
        response = self.client.get(bulk_url(2022))
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        self.assertIn("2022/index.json", archive.namelist())
        stored = YearArchive.objects.get()
        self.assertEqual(stored.report_count, 7)
        self.assertEqual(stored.file.size, stored.size)

    def test_after_a_publication_the_older_archive_is_served_while_a_new_one_builds(
        self,
    ):
        self.client.get(bulk_url(2022))
        run_worker()
        first = YearArchive.objects.get()
        publish_correction(self.report, data_note="更正后的数据说明。")
        response = self.client.get(bulk_url(2022))
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        index = no_floats(archive.read("2022/index.json"))
        (seed,) = [r for r in index["reports"] if r["unit_code"] == SEED_UNIT]
        self.assertEqual(seed["revision"], 1)
        self.assertEqual(
            Job.objects.filter(kind="year_zip", status=Job.Status.QUEUED).count(), 1
        )
        run_worker()
        newest = YearArchive.objects.first()
        self.assertGreater(newest.generation, first.generation)
        response = self.client.get(bulk_url(2022))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        index = no_floats(archive.read("2022/index.json"))
        (seed,) = [r for r in index["reports"] if r["unit_code"] == SEED_UNIT]
        self.assertEqual(seed["revision"], 2)

    def test_only_the_two_newest_archives_of_a_year_are_kept(self):
        from disclosure import public_cache

        names = []
        for _ in range(3):
            public_cache.bump()
            with self.captureOnCommitCallbacks(execute=True):
                self.client.get(bulk_url(2022))
                run_worker()
            names.append(YearArchive.objects.first().file.name)
        self.assertEqual(YearArchive.objects.count(), 2)
        storage = YearArchive._meta.get_field("file").storage
        self.assertFalse(storage.exists(names[0]))
        self.assertTrue(storage.exists(names[2]))
