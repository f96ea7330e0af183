"""预算 reports: their own addresses beside the 决算's, the same workflow, and the
决算's 年初预算数 read from them (stored once)."""

import datetime
import io
import json
import zipfile
from decimal import Decimal as D
from urllib.parse import unquote

from django.test import TestCase
from django.urls import reverse

from disclosure import budgets
from disclosure.archives import published_reports, write_year_zip
from disclosure.charts import build_charts
from disclosure.deadlines import deadline_dashboard
from disclosure.document import build_document
from disclosure.execution import execution
from disclosure.importers.facts import facts_of
from disclosure.importers.xlsx import import_workbook
from disclosure.models import (
    FiscalExpenditureLine,
    Reminder,
    Report,
    ReportLocked,
    generated_data_reset,
)
from disclosure.public_urls import report_url, url_for
from disclosure.reminders import due_reports, run_due_reminders
from disclosure.selectors import load_report_data
from disclosure.todo import todo_for
from disclosure.workflow import report_correct
from tests.admin_forms import form_data
from tests.demo_cache import load_demo_shared
from tests.disclosure.test_grids import grid_post, grid_url, page_version
from tests.disclosure.test_import_xlsx import preparer_of, workbook_of
from tests.disclosure.test_workflow import ATTESTATION, WorkflowTestCase
from tests.factories import FiscalYearFactory, UnitFactory, UserFactory, function_code
from tests.scenarios import (
    consistent_budget,
    consistent_report,
    department,
    force_status,
)
from units.models import Unit

SEED, DEPARTMENT = "360200105", "360200100"


class BudgetAddressTests(TestCase):
    """The demo's 2023 预算 (demo/budget_2023.py) at its addresses; every 决算 address unchanged."""

    @classmethod
    def setUpTestData(cls):
        load_demo_shared()

    def test_a_budget_has_its_page_below_budget(self):
        page = self.client.get(f"/2023/{SEED}/budget/")
        self.assertEqual(page.status_code, 200)
        report = page.context["report"]
        self.assertTrue(report.is_budget)
        self.assertContains(page, "景德镇市数字城市管理服务中心 2023 年预算")
        self.assertContains(page, "2023年单位预算收支情况说明")
        # Each table's heading line says the budget year ("2023 年", not 年度).
        self.assertContains(page, "<span>2023 年</span>")
        self.assertNotContains(page, "<span>2023 年度</span>")
        self.assertEqual(report_url(report), f"/2023/{SEED}/budget/")

    def test_the_final_accounts_keep_their_addresses(self):
        page = self.client.get(f"/2022/{SEED}/")
        self.assertEqual(page.status_code, 200)
        self.assertFalse(page.context["report"].is_budget)
        # The seed unit's 2023 决算 is a draft: its plain address is not the 预算.
        missing = self.client.get(f"/2023/{SEED}/")
        self.assertEqual(missing.status_code, 404)
        self.assertIn("没有已公开的 2023 年度决算", missing.content.decode())

    def test_a_year_without_a_budget_says_so_in_chinese(self):
        response = self.client.get(f"/2022/{SEED}/budget/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("没有已公开的 2022 年度预算", response.content.decode())

    def test_every_download_hangs_below_the_budget_address(self):
        base = f"/2023/{SEED}/budget/"
        for path, start in (
            ("report.pdf", b"%PDF"),
            ("report.xlsx", b"PK"),
            ("r1/report.pdf", b"%PDF"),
        ):
            with self.subTest(path=path):
                response = self.client.get(base + path)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(b"".join(response).startswith(start))
        response = self.client.get(base + "report.json")
        meta = json.loads(b"".join(response))["report"]
        self.assertEqual(meta["kind"], "budget")
        self.assertEqual(meta["kind_label"], "预算")
        self.assertEqual(meta["title"], "景德镇市数字城市管理服务中心2023年预算")
        disposition = response["Content-Disposition"]
        self.assertIn('filename="360200105-2023-budget.json"', disposition)
        self.assertIn("中心2023年预算.json", unquote(disposition))
        csv = self.client.get(base + "tables/t01.csv")
        self.assertEqual(csv.status_code, 200)
        text = b"".join(csv).decode("utf-8-sig")
        self.assertIn('"表一","in_gpb","一、一般公共预算拨款收入"', text)
        self.assertIn("收支预算总表", unquote(csv["Content-Disposition"]))

    def test_a_department_has_its_budget_and_its_own_unit_budget(self):
        department = self.client.get(f"/2023/{DEPARTMENT}/budget/")
        self.assertEqual(department.context["report"].level, "department")
        self.assertContains(department, "部门预算单位构成")
        # The seed unit's own 预算 is linked from the composition.
        self.assertContains(department, f'href="/2023/{SEED}/budget/"')
        own = self.client.get(f"/2023/{DEPARTMENT}/budget/unit/")
        self.assertEqual(own.context["report"].level, "unit")
        self.assertTrue(own.context["report"].is_budget)
        self.assertEqual(
            url_for("report", 2023, DEPARTMENT, budget=True, unit_form=True),
            f"/2023/{DEPARTMENT}/budget/unit/",
        )

    def test_a_department_budget_lists_its_units_performance_targets(self):
        report = Report.objects.get(
            unit__code=DEPARTMENT, fiscal_year__year=2023, level="department"
        )
        table = build_document(report).table("performance_targets")
        self.assertEqual(table.code, "表十一")
        projects = [row.values.get("project") for row in table.rows]
        self.assertIn("数字化城市管理运行维护", projects)
        self.assertIn("城市运行管理服务平台建设", projects)
        self.assertEqual(table.rows[0].values["amount"], D("152.80"))

    def test_a_budgets_charts_show_budget_amounts_only(self):
        report = Report.objects.get(unit__code=SEED, kind="budget", level="unit")
        charts = {chart.key: chart for chart in build_charts(build_document(report))}
        three_public = charts["three-public"]
        self.assertEqual(three_public.title, "财政拨款“三公”经费预算")
        self.assertEqual([s.name for s in three_public.series], ["预算数"])
        self.assertEqual(three_public.series[0].values[-1], D("3.60"))
        self.assertEqual([s.name for s in charts["income"].series], ["预算数"])

    def test_the_years_zip_puts_a_budget_below_budget(self):
        out = io.BytesIO()
        write_year_zip(2023, published_reports(2023), out)
        with zipfile.ZipFile(out) as archive:
            names = set(archive.namelist())
            index = json.loads(archive.read("2023/index.json"))
        self.assertIn(f"2023/{SEED}/budget/report.json", names)
        self.assertIn(f"2023/{SEED}/budget/tables/t10.csv", names)
        self.assertIn(f"2023/{DEPARTMENT}/budget/department/report.json", names)
        seed = [r for r in index["reports"] if r["unit_code"] == SEED]
        self.assertEqual([r["kind"] for r in seed], ["budget"])

    def test_the_fiscal_grid_leaves_the_initial_budget_to_the_budget(self):
        final = Report.objects.get(
            unit__code=SEED, fiscal_year__year=2023, kind="final"
        )
        self.client.force_login(
            UserFactory(username="root", is_superuser=True, is_staff=True)
        )
        url = grid_url(final, "fiscal-general")
        page = self.client.get(url)
        self.assertContains(
            page, "年初预算数取自已公开的“景德镇市数字城市管理服务中心 2023 年预算”"
        )
        self.assertNotContains(page, 'data-field="budget_initial"')
        rows = [
            {
                "code": line.function_code.code,
                "basic": line.basic,
                "project": line.project,
            }
            for line in FiscalExpenditureLine.objects.filter(
                report=final, fund="general"
            ).select_related("function_code")
        ]
        rows[0]["basic"] += 1
        response = self.client.post(
            url, grid_post(rows, version=page_version(self.client, url))
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(
            FiscalExpenditureLine.objects.filter(
                report=final, budget_initial__gt=0
            ).exists()
        )

    def test_a_workbook_of_a_final_report_reading_its_budget_reads_back(self):
        # The seed unit's 2023 决算 draft reads its 年初预算数 from its 2023 预算.
        final = Report.objects.get(
            unit__code=SEED, fiscal_year__year=2023, kind="final"
        )
        before = facts_of(final)
        self.assertFalse(any(v["budget_initial"] for v in before.fiscal.values()))
        import_workbook(final, workbook_of(final), preparer_of(final.unit, "kuaiji2"))
        self.assertEqual(facts_of(final), before)
        # The 年初预算数 are still read from the 预算 (271.40 on 2120199), not typed.
        self.assertEqual(execution(final).fiscal_total.budget, D("302.26"))
        self.assertFalse(
            FiscalExpenditureLine.objects.filter(
                report=final, budget_initial__gt=0
            ).exists()
        )

    def test_the_unit_page_lists_the_budget_beside_the_final_accounts(self):
        page = self.client.get(reverse("disclosure:unit", args=[SEED]))
        self.assertContains(page, f'<a href="/2023/{SEED}/budget/">2023 年预算</a>')
        self.assertContains(page, f'<a href="/2022/{SEED}/">2022 年度决算</a>')

    def test_comparisons_of_final_accounts_leave_budgets_out(self):
        page = self.client.get(f"/units/{SEED}/compare/")
        self.assertEqual(page.context["comparison"].years, (2021, 2022))

    def test_the_budget_page_leaves_out_the_final_accounts_links(self):
        page = self.client.get(f"/2023/{SEED}/budget/")
        self.assertIsNone(page.context["counterpart"])
        self.assertNotContains(page, "历年主要指标对比")
        self.assertNotContains(page, "/execution/")


class BudgetWorkflowTests(WorkflowTestCase):
    """A 预算 goes through the same moves as a 决算: submit, approve, publish, correct."""

    def setUp(self):
        super().setUp()
        self.final = self.report
        self.report = consistent_budget(unit=self.report.unit)
        Report.objects.filter(pk=self.report.pk).update(
            approval_date=datetime.date(2022, 1, 20)
        )

    def test_a_budget_is_published_and_corrected_as_its_own_revision(self):
        self.to_published()
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.PUBLISHED)
        code, year = report.unit.code, report.fiscal_year.year
        page = self.client.get(f"/{year}/{code}/budget/")
        self.assertEqual(page.context["report"], report)
        correction = report_correct(report, self.preparer, "更正一般公共预算支出表。")
        self.assertTrue(correction.is_budget)
        self.assertEqual(correction.revision, 2)
        self.assertEqual(
            report_url(correction, "report_revision"), f"/{year}/{code}/budget/r2/"
        )

    def test_a_budget_and_a_final_report_of_one_year_are_independent(self):
        final = self.final
        self.assertEqual(final.fiscal_year, self.report.fiscal_year)
        self.to_published()
        self.assertEqual(Report.objects.get(pk=final.pk).status, Report.Status.DRAFT)
        self.assertEqual(str(self.refresh()), f"{self.report.unit.name} 2022 年预算")
        self.assertEqual(str(final), f"{final.unit.name} 2022 年度决算")

    def test_the_progress_page_follows_budgets_with_their_20_day_deadline(self):
        board = deadline_dashboard(
            Unit.objects.filter(pk=self.report.unit_id),
            2022,
            datetime.date(2022, 2, 1),
            Report.Kind.BUDGET,
        )
        (row,) = board.rows
        self.assertEqual(row.report, self.report)
        self.assertEqual(row.deadline, datetime.date(2022, 2, 9))
        self.assertTrue(row.can_remind)
        self.assertEqual(board.title, "2022 年预算公开进度")
        finals = deadline_dashboard(
            Unit.objects.filter(pk=self.report.unit_id), 2022, datetime.date(2022, 2, 1)
        )
        self.assertEqual(finals.rows[0].report, self.final)

    def test_a_budget_and_a_final_report_are_reminded_of_apart(self):
        today = datetime.date(2022, 2, 6)
        Report.objects.filter(pk=self.final.pk).update(
            approval_date=datetime.date(2022, 1, 21)
        )
        due = set(due_reports(today))
        self.assertEqual(due, {self.report, self.final})
        batch = run_due_reminders(today)
        by_kind = {r.report_kind: r for r in batch.sent}
        self.assertEqual(set(by_kind), {"final", "budget"})
        budget = by_kind["budget"]
        self.assertEqual(budget.report, self.report)
        self.assertEqual(budget.deadline, datetime.date(2022, 2, 9))
        self.assertIn("2022 年预算公开", budget.subject)
        self.assertIn("预算批复日期为 2022-01-20", budget.body)
        self.assertIn("2022 年度决算公开", by_kind["final"].subject)
        # Once a day each.
        self.assertEqual(run_due_reminders(today).sent, [])
        self.assertEqual(set(due_reports(today)), set())

    def test_a_reviewer_reminds_a_unit_of_its_budget_from_the_progress_page(self):
        self.client.force_login(self.reviewer)
        response = self.client.post(
            reverse("admin:disclosure_report_remind"),
            {"year": 2022, "kind": "budget", "unit": self.report.unit_id},
        )
        self.assertRedirects(
            response,
            reverse("admin:disclosure_report_dashboard") + "?year=2022&kind=budget",
            fetch_redirect_response=False,
        )
        reminder = Reminder.objects.get()
        self.assertEqual(
            (reminder.report_kind, reminder.report), ("budget", self.report)
        )
        self.assertEqual(
            str(reminder), f"{self.report.unit.name} 2022 年预算 · 手动催办"
        )

    def test_the_preparers_todo_lists_a_budget_due_within_days(self):
        todo = todo_for(self.preparer, datetime.date(2022, 2, 6))
        due = [item.report for section in todo.sections for item in section.items]
        self.assertIn(self.report, due)
        item = next(
            item
            for section in todo.sections
            for item in section.items
            if item.report == self.report
        )
        self.assertEqual(item.deadline, datetime.date(2022, 2, 9))

    def test_the_admin_progress_page_switches_to_budgets(self):
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_dashboard")
        page = self.client.get(url, {"year": 2022, "kind": "budget"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "2022 年预算公开进度")
        self.assertContains(page, "预算批复后 20 日内须公开")
        bad = self.client.get(url, {"year": 2022, "kind": "nonsense"})
        self.assertContains(bad, "2022 年度决算公开进度")


class BudgetSourceTests(TestCase):
    """A 决算 reads its 年初预算数 from its unit's published 预算 of the year (disclosure/budgets.py)."""

    def setUp(self):
        self.unit = UnitFactory()
        self.final = consistent_report(unit=self.unit)
        self.budget = consistent_budget(unit=self.unit)
        # The 预算 plans 95.00 on 2120199 (the 决算 typed 90.00) and 3.00 on a
        # code the 决算 never spent on.
        FiscalExpenditureLine.objects.filter(
            report=self.budget, function_code__code="2120199"
        ).update(basic=D("50.00"), project=D("45.00"))
        FiscalExpenditureLine.objects.create(
            report=self.budget,
            fund="general",
            function_code=function_code("2210201"),
            basic=D("3.00"),
        )

    def budget_of(self, report=None) -> dict:
        data = load_report_data(report or self.final)
        return {
            (line.fund, line.function_code.code): line.budget_initial
            for line in data.fiscal_lines
        }

    def publish_budget(self):
        force_status(self.budget, Report.Status.PUBLISHED, freeze=False)

    def test_without_a_published_budget_the_typed_figures_stand(self):
        self.assertEqual(
            self.budget_of(),
            {("general", "2080505"): D("10.00"), ("general", "2120199"): D("90.00")},
        )

    def test_a_draft_reads_the_published_budget_including_its_unspent_lines(self):
        self.publish_budget()
        self.assertEqual(
            self.budget_of(),
            {
                ("general", "2080505"): D("10.00"),
                ("general", "2120199"): D("95.00"),
                ("general", "2210201"): D("3.00"),
            },
        )
        result = execution(self.final)
        self.assertEqual(result.fiscal_total.budget, D("108.00"))
        housing = next(row for row in result.rows if row.code == "221")
        self.assertEqual((housing.budget, housing.actual), (D("3.00"), D("0")))

    def test_a_budget_in_yuan_is_read_in_the_final_reports_unit(self):
        Report.objects.filter(pk=self.budget.pk).update(amount_unit="yuan")
        FiscalExpenditureLine.objects.filter(
            report=self.budget, function_code__code="2120199"
        ).update(basic=D("500000.00"), project=D("450001.00"))
        self.publish_budget()
        self.assertEqual(self.budget_of()[("general", "2120199")], D("95.0001"))

    def test_a_typed_initial_budget_is_refused_once_the_budget_is_published(self):
        self.publish_budget()
        line = FiscalExpenditureLine.objects.get(
            report=self.final, function_code__code="2120199"
        )
        line.budget_initial = D("91.00")
        with self.assertRaisesMessage(ReportLocked, "年初预算数取自已公开的"):
            line.save()
        lines = FiscalExpenditureLine.objects.filter(report=self.final)
        with self.assertRaisesMessage(ReportLocked, "请更正预算"):
            lines.update(budget_initial=D("1.00"))
        with self.assertRaises(ReportLocked):
            FiscalExpenditureLine.objects.bulk_update([line], ["budget_initial"])
        # Spending is typed as before; a zero budget is no typed budget.
        line.refresh_from_db()
        line.basic, line.budget_initial = D("51.00"), D("0")
        line.save()

    def test_submission_pins_the_budget_revision_later_corrections_do_not_reach(self):
        self.publish_budget()
        budgets.pin_budget(self.final)
        force_status(self.final, Report.Status.SUBMITTED, freeze=False)
        self.final.refresh_from_db()
        self.assertEqual(self.final.budget_id, self.budget.pk)
        # The 预算 is corrected: revision 2 plans 99.00 on 2120199.
        force_status(self.budget, Report.Status.SUPERSEDED, freeze=False)
        corrected = consistent_budget(
            unit=self.unit,
            revision=2,
            corrects=self.budget,
            correction_note="更正。",
        )
        FiscalExpenditureLine.objects.filter(
            report=corrected, function_code__code="2120199"
        ).update(basic=D("50.00"), project=D("49.00"))
        force_status(corrected, Report.Status.PUBLISHED, freeze=False)
        self.assertEqual(self.budget_of()[("general", "2120199")], D("95.00"))
        # Sent back to draft, the 决算 reads the current revision again.
        force_status(self.final, Report.Status.DRAFT, freeze=False)
        self.final.refresh_from_db()
        self.assertEqual(self.budget_of()[("general", "2120199")], D("99.00"))

    def test_the_execution_page_and_its_json_name_the_budget_read(self):
        self.publish_budget()
        budgets.pin_budget(self.final)
        force_status(self.final, Report.Status.PUBLISHED, freeze=False)
        page = self.client.get(report_url(self.final, "execution"))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["execution"].budget_source, self.budget)
        self.assertContains(page, "年初预算来源")
        self.assertContains(
            page, f'href="{report_url(self.budget, "report_revision")}"'
        )
        self.assertContains(page, "108.00")
        data = json.loads(
            b"".join(self.client.get(report_url(self.final, "execution_json")))
        )
        self.assertEqual(data["schema_version"], "1.1")
        self.assertEqual(data["budget_source"]["title"], f"{self.unit.name}2022年预算")
        self.assertEqual(data["rows"][0]["budget"], "108.00")
        overall = {r["code"]: r for r in data["rows"] if r["section"] == "overall"}
        # 收入: 预算 111 (consistent_budget) against 决算 111; 支出 105 and 105.
        self.assertEqual(overall["income_total"]["budget_kind"], "预算")
        self.assertEqual(
            (overall["income_total"]["budget"], overall["income_total"]["actual"]),
            ("111.00", "111.00"),
        )
        self.assertEqual(overall["project"]["actual"], "45.00")
        self.assertContains(page, "收支总体预算与决算对比表")

    def test_a_budget_in_yuan_is_set_beside_a_final_report_in_wan_yuan(self):
        Report.objects.filter(pk=self.budget.pk).update(amount_unit="yuan")
        self.publish_budget()
        result = execution(self.final)
        income = next(row for row in result.overall if row.code == "income_total")
        # 111 元 of the 预算 read as 0.0111 万元 beside the 决算's 111 万元.
        self.assertEqual(income.budget, D("0.0111"))
        self.assertEqual(income.actual, D("111.00"))

    def test_without_a_budget_the_execution_json_says_none(self):
        force_status(self.final, Report.Status.PUBLISHED, freeze=False)
        data = json.loads(
            b"".join(self.client.get(report_url(self.final, "execution_json")))
        )
        self.assertIsNone(data["budget_source"])

    def test_a_budget_reads_no_budget(self):
        self.publish_budget()
        self.assertIsNone(budgets.budget_source_filter(self.budget))


class SubmissionPinTests(WorkflowTestCase):
    def test_submitting_a_final_report_pins_the_published_budget(self):
        budget = consistent_budget(unit=self.report.unit)
        force_status(budget, Report.Status.PUBLISHED, freeze=False)
        FiscalExpenditureLine.objects.filter(report=self.report).update(
            budget_initial=D("0")
        )
        self.to_submitted()
        self.assertEqual(self.refresh().budget_id, budget.pk)

    def test_submitting_without_a_budget_pins_nothing(self):
        self.to_approved()
        self.assertIsNone(self.refresh().budget_id)
        self.assertIsNotNone(ATTESTATION)


class BudgetAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(
            UserFactory(username="root", is_superuser=True, is_staff=True)
        )
        self.unit = UnitFactory(name="示例市水务局")
        self.year = FiscalYearFactory(year=2023)
        self.add = reverse("admin:disclosure_report_add")

    def post(self, **values):
        data = form_data(self.client.get(self.add))
        data.update({"unit": self.unit.pk, "fiscal_year": self.year.pk, **values})
        return self.client.post(self.add, data)

    def test_a_budget_is_added_with_the_regions_budget_template(self):
        response = self.post(kind="budget")
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        report = Report.objects.get(unit=self.unit)
        self.assertTrue(report.is_budget)
        self.assertEqual(report.template_variant, "jx2023_unit_budget")
        # The 决算 of the same year is another report.
        self.assertEqual(self.post(kind="final").status_code, 302)
        self.assertEqual(Report.objects.filter(unit=self.unit).count(), 2)
        change = self.client.get(
            reverse("admin:disclosure_report_change", args=[report.pk])
        )
        self.assertNotContains(change, 'name="kind"')

    def test_a_final_accounts_template_is_refused_for_a_budget(self):
        response = self.post(kind="budget", template_variant="jx2022_unit")
        self.assertContains(response, "用于决算，本报告是预算")
        self.assertFalse(Report.objects.filter(unit=self.unit).exists())


class DepartmentBudgetSourceTests(TestCase):
    def test_a_department_sums_the_initial_budgets_its_units_read(self):
        dept, reports = department(units=1)
        child = next(r for r in reports.values() if r.unit.parent_id)
        budget = consistent_budget(unit=child.unit)
        FiscalExpenditureLine.objects.filter(
            report=budget, function_code__code="2120199"
        ).update(basic=D("50.00"), project=D("45.00"))
        force_status(budget, Report.Status.PUBLISHED, freeze=False)
        # Its 决算 was submitted once its 预算 was published: it holds no 年初预算数.
        with generated_data_reset():
            FiscalExpenditureLine.objects.filter(report=child).update(
                budget_initial=D("0")
            )
        force_status(child, Report.Status.APPROVED, freeze=False, budget=budget)
        data = load_report_data(dept)
        planned = {}
        for line in data.fiscal_lines:
            key = line.function_code.code
            planned[key] = planned.get(key, D("0")) + line.budget_initial
        # 本级 typed 10 + 90; the unit reads 10 + 95 from its 预算.
        self.assertEqual(planned, {"2080505": D("20.00"), "2120199": D("185.00")})
