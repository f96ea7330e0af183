"""项目绩效目标 of a 预算: the same Project and Indicator rows, with nothing of the 自评.

A 预算's project has its 年初预算 funds and 年度绩效目标, an indicator its
年度指标值 and no 实际完成值; the 决算 still needs everything. The targets
are printed as the 预算's 项目绩效目标表 (web page, PDF, workbook, CSV), and a
draft 决算 starts its 自评 from them (performance.from_budget).
"""

import csv
import io
import shutil
import subprocess
import tempfile
from decimal import Decimal as D
from pathlib import Path
from unittest import mock, skipUnless

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from demo.loader import SEED_UNIT
from disclosure.document import build_document
from disclosure.entry import EditRefused
from disclosure.models import Report
from disclosure.report_templates import (
    JIANGXI_2023_DEPARTMENT_BUDGET,
    JIANGXI_2023_UNIT_BUDGET,
)
from disclosure.rules import Outcome, check_report
from disclosure.snapshots import read, snapshot_file
from performance.from_budget import StartRefused, start_from_budget
from performance.models import Indicator, Project
from tests.admin_forms import form_data
from tests.demo_cache import load_demo_shared
from tests.factories import (
    FiscalYearFactory,
    IndicatorFactory,
    MembershipFactory,
    ProjectFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)
from tests.scenarios import force_status
from units.models import Membership

BUDGET = Report.Kind.BUDGET
FINAL = Report.Kind.FINAL
POPPLER = bool(shutil.which("pdftotext"))


def budget_project(report, name="数字化城市管理运行维护", amount="128.80", **fields):
    return ProjectFactory(
        report=report,
        name=name,
        initial_fiscal=D(amount),
        annual_fiscal=None,
        executed_fiscal=None,
        expected_goals=f"{name}的年度绩效目标。",
        **fields,
    )


def target(project, position, name, target_text, weight="10", **fields):
    return IndicatorFactory(
        project=project,
        position=position,
        name=name,
        target_text=target_text,
        actual_text="",
        weight=None if weight is None else D(weight),
        **fields,
    )


def preparer_of(unit, username="kuaiji"):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="填报人"))
    MembershipFactory(user=user, unit=unit, role=Membership.Role.PREPARER)
    return user


class BudgetAndFinal(TestCase):
    """A unit with a 2023 预算 (two projects, published) and a draft 2023 决算."""

    @classmethod
    def setUpTestData(cls):
        cls.year = FiscalYearFactory(year=2023)
        cls.unit = UnitFactory(code="A01", name="数字城市管理服务中心")
        cls.budget = ReportFactory(unit=cls.unit, fiscal_year=cls.year, kind=BUDGET)
        cls.upkeep = budget_project(cls.budget, position=1)
        target(cls.upkeep, 1, "受理各类案卷数", "≥13000件", "40")
        target(
            cls.upkeep,
            2,
            "服务对象满意度",
            "≥90%",
            "50",
            level1="satisfaction",
            level2="satisfaction",
        )
        cls.platform = budget_project(
            cls.budget, "城市运行管理服务平台建设", "24.00", position=2
        )
        target(cls.platform, 1, "接入行业应用系统数", "≥5个", None)
        force_status(cls.budget, Report.Status.PUBLISHED, freeze=False)
        cls.final = ReportFactory(unit=cls.unit, fiscal_year=cls.year, kind=FINAL)
        cls.preparer = preparer_of(cls.unit)


# -- validation -------------------------------------------------------------------


class ValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        year = FiscalYearFactory(year=2023)
        unit = UnitFactory()
        cls.budget = ReportFactory(unit=unit, fiscal_year=year, kind=BUDGET)
        cls.final = ReportFactory(unit=unit, fiscal_year=year, kind=FINAL)

    def indicator(self, report, **fields):
        project = budget_project(report)
        values = {"position": 1, "name": "受理各类案卷数", "target_text": "≥13000件"}
        return Indicator(
            project=project,
            level1="output",
            level2="quantity",
            **{
                **values,
                **fields,
            },
        )

    def test_a_budget_indicator_needs_no_actual_value_nor_weight(self):
        indicator = self.indicator(self.budget, actual_text="", weight=None)
        indicator.full_clean()
        indicator.save()
        self.assertIsNone(indicator.score)
        self.assertIsNone(indicator.suggested_score)

    def test_a_budget_indicator_still_needs_a_readable_target(self):
        indicator = self.indicator(self.budget, target_text="", weight=None)
        with self.assertRaises(ValidationError) as raised:
            indicator.full_clean()
        self.assertIn("请填写指标“受理各类案卷数”的年度指标值", str(raised.exception))

    def test_a_budget_indicator_with_a_weight_is_not_scored(self):
        indicator = self.indicator(self.budget, actual_text="", weight=D("20"))
        indicator.full_clean()
        indicator.save()
        self.assertIsNone(indicator.score)
        self.assertEqual(
            str(indicator.suggestion()), "无建议得分：预算的绩效目标不评分"
        )

    def test_a_final_indicator_still_needs_its_actual_value(self):
        indicator = self.indicator(self.final, actual_text="", weight=D("20"))
        with self.assertRaises(ValidationError) as raised:
            indicator.full_clean()
        self.assertEqual(
            raised.exception.message_dict["actual_text"],
            ["请填写指标“受理各类案卷数”的实际完成值。"],
        )

    def test_a_final_indicator_still_needs_its_weight(self):
        indicator = self.indicator(self.final, actual_text="13580件", weight=None)
        with self.assertRaises(ValidationError) as raised:
            indicator.full_clean()
        self.assertEqual(
            raised.exception.message_dict["weight"],
            ["请填写指标“受理各类案卷数”的分值：决算自评表的每个指标都有分值。"],
        )

    def test_a_budget_project_needs_only_its_initial_budget(self):
        project = Project(
            report=self.budget,
            position=2,
            name="平台建设",
            department="市城市管理局",
            implementer="市数字城市管理服务中心",
            initial_fiscal=D("24.00"),
        )
        project.full_clean()
        project.initial_fiscal = None
        with self.assertRaises(ValidationError) as raised:
            project.full_clean()
        self.assertEqual(
            raised.exception.message_dict["initial_fiscal"],
            ["请至少填写一项资金来源的年初预算数。"],
        )

    def test_a_final_project_still_needs_its_annual_budget(self):
        project = Project(
            report=self.final,
            position=2,
            name="平台建设",
            department="市城市管理局",
            implementer="市数字城市管理服务中心",
            initial_fiscal=D("24.00"),
        )
        with self.assertRaises(ValidationError) as raised:
            project.full_clean()
        self.assertIn("annual_fiscal", raised.exception.message_dict)


# -- rules ------------------------------------------------------------------------


class RuleTests(BudgetAndFinal):
    def test_the_self_evaluation_rules_ask_nothing_of_a_budget(self):
        # Even on a layout that prints the 绩效 part, a 预算 is not evaluated.
        force_status(self.budget, Report.Status.DRAFT, template_variant="jx2022_unit")
        result = check_report(self.budget)
        for rule_id in ("N9-1", "N9-2", "N9-3", "N9-4", "N9-5"):
            with self.subTest(rule_id):
                findings = result.by_rule(rule_id)
                self.assertEqual(
                    [f.outcome for f in findings], [Outcome.NOT_APPLICABLE]
                )
                self.assertEqual(findings[0].message, "本规则只适用于决算")

    def test_a_final_indicator_without_weight_fails_n9_3(self):
        project = ProjectFactory(report=self.final)
        IndicatorFactory(project=project, name="受理各类案卷数", weight=D("90"))
        Indicator.objects.create(
            project=project,
            position=9,
            level1="output",
            level2="quantity",
            name="编辑简报数",
            target_text="≥4期",
            actual_text="4期",
            weight=None,
        )
        messages = [f.message for f in check_report(self.final).by_rule("N9-3")]
        self.assertIn(f"“{project.name}”的指标“编辑简报数”未填写分值", messages)


# -- the 项目绩效目标表 ------------------------------------------------------------


class TemplateTests(TestCase):
    def test_the_budget_layouts_end_with_the_targets_table(self):
        unit = JIANGXI_2023_UNIT_BUDGET.definitions[-1]
        department = JIANGXI_2023_DEPARTMENT_BUDGET.definitions[-1]
        self.assertEqual(
            (unit.key, unit.code, unit.title, unit.role),
            ("t10", "表十", "项目绩效目标表", "performance_targets"),
        )
        # 表十 部门整体支出绩效目标表 is not built: the project table keeps 十一.
        self.assertEqual((department.key, department.code), ("t11", "表十一"))


class TableTests(BudgetAndFinal):
    def table(self, report):
        return build_document(report).table("performance_targets")

    def test_one_row_per_indicator_with_the_project_on_its_first_row(self):
        table = self.table(self.budget)
        rows = [(r.key, r.label, dict(r.values)) for r in table.rows]
        self.assertEqual(
            [key for key, _label, _values in rows],
            ["total", "p1-i1", "p1-i2", "p2-i1"],
        )
        self.assertEqual(rows[0][2], {"project": "合计", "amount": D("152.80")})
        self.assertEqual(
            rows[1][2],
            {
                "project": "数字化城市管理运行维护",
                "amount": D("128.80"),
                "goals": "数字化城市管理运行维护的年度绩效目标。",
                "level1": "产出指标",
                "level2": "数量指标",
                "target": "≥13000件",
            },
        )
        self.assertEqual(rows[1][1], "受理各类案卷数")
        self.assertEqual(
            rows[2][2],
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "target": "≥90%"},
        )
        self.assertEqual(rows[3][2]["amount"], D("24.00"))
        self.assertEqual(
            [c.text for c in table.header_rows[0]],
            [
                "项目名称",
                "项目金额",
                "年度绩效目标",
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值",
            ],
        )

    def test_a_budget_prints_no_self_evaluation(self):
        doc = build_document(self.budget)
        self.assertFalse(doc.performance)
        self.assertNotIn("项目支出绩效自评表", [t.code for t in doc.tables])

    def test_a_budget_without_projects_has_an_empty_table_with_its_note(self):
        other = ReportFactory(fiscal_year=self.year, kind=BUDGET)
        table = self.table(other)
        self.assertTrue(table.is_empty)
        self.assertIn("未编列项目支出绩效目标", table.note)

    def test_the_final_has_no_targets_table(self):
        self.assertIsNone(self.table(self.final))


class DemoBudgetTests(TestCase):
    """The seed unit's published 2023 预算 prints its targets everywhere (read only)."""

    @classmethod
    def setUpTestData(cls):
        load_demo_shared()
        cls.budget = Report.objects.get(
            unit__code=SEED_UNIT, fiscal_year__year=2023, kind=BUDGET
        )

    def test_the_demo_targets_fit_within_the_budgets_project_spending(self):
        projects = list(Project.objects.filter(report=self.budget))
        self.assertEqual(
            [p.name for p in projects],
            ["数字化城市管理运行维护", "城市运行管理服务平台建设"],
        )
        total = sum(p.initial_total for p in projects)
        doc = build_document(self.budget)
        self.assertLessEqual(total, doc.figures["expenditure_by_kind"]["project"])
        self.assertEqual(total, D("152.80"))
        for project in projects:
            self.assertEqual(
                {i.level1 for i in project.indicators.all()},
                {"output", "benefit", "satisfaction"},
            )
            self.assertFalse(any(i.actual_text for i in project.indicators.all()))

    def test_the_web_page_prints_the_table(self):
        # The report body the public page shows, as frozen at publication.
        page = read(snapshot_file(self.budget, "page.html")).decode()
        self.assertIn('id="t10"', page)
        self.assertIn("项目绩效目标表", page)
        self.assertIn("城市运行管理服务平台建设", page)
        self.assertIn("≥13000件", page)
        self.assertIn("128.80", page)
        self.assertNotIn("项目支出绩效自评表", page)

    def test_the_snapshot_csv_has_one_line_per_indicator(self):
        content = read(snapshot_file(self.budget, "tables/t10.csv"))
        lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        header, rows = lines[0], lines[1:]
        for title in ("项目名称", "项目金额（万元）", "年度绩效目标", "指标值"):
            self.assertIn(title, header)
        by_key = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
        self.assertEqual(len(rows), 1 + 8 + 5)
        self.assertEqual(by_key["total"]["项目金额（万元）"], "152.80")
        first = by_key["p1-i1"]
        self.assertEqual(first["项目名称"], "数字化城市管理运行维护")
        self.assertEqual(first["项目金额（万元）"], "128.80")
        self.assertEqual(first["项目"], "受理各类案卷数")
        self.assertEqual(first["指标值"], "≥13000件")
        self.assertEqual(by_key["p2-i5"]["一级指标"], "满意度指标")
        self.assertEqual(by_key["p2-i5"]["项目名称"], "")

    def test_the_workbook_has_the_table_as_a_sheet(self):
        book = load_workbook(
            io.BytesIO(read(snapshot_file(self.budget, "report.xlsx")))
        )
        self.assertIn("表十", book.sheetnames)
        cells = [
            value
            for row in book["表十"].iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        for text in (
            "项目绩效目标表",
            "项目名称",
            "三级指标",
            "数字化城市管理运行维护",
            "受理各类案卷数",
            "≥13000件",
            "使用部门满意度",
        ):
            self.assertIn(text, cells)
        self.assertIn(D("128.80"), [D(str(v)) for v in cells if isinstance(v, float)])
        self.assertNotIn("项目支出绩效自评表", " ".join(book.sheetnames))

    @skipUnless(POPPLER, "pdftotext 未安装")
    def test_the_pdf_prints_the_table(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.pdf"
            path.write_bytes(read(snapshot_file(self.budget, "report.pdf")))
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True
            ).stdout.decode()
        flat = "".join(text.split())
        self.assertIn("项目绩效目标表", flat)
        self.assertIn("城市运行管理服务平台建设", flat)
        self.assertIn("≥13000件", flat)


# -- starting the 决算 from the 预算 ---------------------------------------------


class StartFromBudgetTests(BudgetAndFinal):
    def test_it_copies_the_targets_and_leaves_the_evaluation_empty(self):
        started = start_from_budget(self.final, self.preparer)
        self.assertEqual(
            started.projects, ["数字化城市管理运行维护", "城市运行管理服务平台建设"]
        )
        self.assertEqual(started.indicators, 3)
        upkeep = Project.objects.get(report=self.final, name="数字化城市管理运行维护")
        self.assertEqual(
            (upkeep.position, upkeep.department, upkeep.implementer),
            (1, self.upkeep.department, self.upkeep.implementer),
        )
        self.assertEqual(upkeep.initial_fiscal, D("128.80"))
        self.assertEqual(upkeep.expected_goals, self.upkeep.expected_goals)
        self.assertIsNone(upkeep.annual_total)
        self.assertIsNone(upkeep.executed_total)
        self.assertEqual(upkeep.achieved_goals, "")
        rows = [
            (i.position, i.level1, i.level2, i.name, i.target_text, i.weight)
            for i in upkeep.indicators.order_by("position")
        ]
        self.assertEqual(
            rows,
            [
                (1, "output", "quantity", "受理各类案卷数", "≥13000件", D("40")),
                (
                    2,
                    "satisfaction",
                    "satisfaction",
                    "服务对象满意度",
                    "≥90%",
                    D("50"),
                ),
            ],
        )
        for indicator in Indicator.objects.filter(project__report=self.final):
            self.assertEqual(indicator.actual_text, "")
            self.assertIsNone(indicator.score)
        platform = Project.objects.get(report=self.final, position=2)
        self.assertIsNone(platform.indicators.get().weight)
        # The 预算 is as it was.
        self.assertEqual(Project.objects.filter(report=self.budget).count(), 2)

    def test_each_copy_is_in_the_history_with_who_and_why(self):
        start_from_budget(self.final, self.preparer)
        record = Project.history.filter(report=self.final).first()
        self.assertEqual(record.history_user, self.preparer)
        self.assertIn("2023 年预算", record.history_change_reason)

    def test_running_it_again_adds_nothing_twice(self):
        start_from_budget(self.final, self.preparer)
        with self.assertRaisesMessage(StartRefused, "均已在本决算中"):
            start_from_budget(self.final, self.preparer)
        self.assertEqual(Project.objects.filter(report=self.final).count(), 2)
        self.assertEqual(
            Indicator.objects.filter(project__report=self.final).count(), 3
        )

    def test_it_adds_only_projects_not_already_there_by_name(self):
        ProjectFactory(report=self.final, name="城市运行管理服务平台建设", position=1)
        started = start_from_budget(self.final, self.preparer)
        self.assertEqual(started.projects, ["数字化城市管理运行维护"])
        self.assertEqual(started.skipped, ["城市运行管理服务平台建设"])
        self.assertIn("未重复带入", str(started))
        self.assertEqual(
            Project.objects.get(
                report=self.final, name="数字化城市管理运行维护"
            ).position,
            2,
        )
        kept = Project.objects.get(report=self.final, name="城市运行管理服务平台建设")
        self.assertFalse(kept.indicators.exists())

    def test_it_refuses_without_a_published_budget_of_that_year(self):
        force_status(self.budget, Report.Status.APPROVED)
        with self.assertRaisesMessage(StartRefused, "没有已公开的 2023 年预算"):
            start_from_budget(self.final, self.preparer)
        self.assertFalse(Project.objects.filter(report=self.final).exists())

    def test_it_refuses_a_budget_of_another_year(self):
        other_year = ReportFactory(
            unit=self.unit, fiscal_year=FiscalYearFactory(year=2024), kind=FINAL
        )
        with self.assertRaisesMessage(StartRefused, "没有已公开的 2024 年预算"):
            start_from_budget(other_year, self.preparer)

    def test_it_refuses_a_report_that_is_not_a_draft(self):
        force_status(self.final, Report.Status.SUBMITTED)
        with self.assertRaisesMessage(EditRefused, "只有草稿状态的报告可以修改"):
            start_from_budget(self.final, self.preparer)
        self.assertFalse(Project.objects.filter(report=self.final).exists())

    def test_it_refuses_when_the_budget_has_no_targets(self):
        unit = UnitFactory()
        budget = ReportFactory(unit=unit, fiscal_year=self.year, kind=BUDGET)
        force_status(budget, Report.Status.PUBLISHED, freeze=False)
        final = ReportFactory(unit=unit, fiscal_year=self.year, kind=FINAL)
        with self.assertRaisesMessage(StartRefused, "没有项目绩效目标"):
            start_from_budget(final, UserFactory(is_superuser=True))

    def test_it_refuses_a_budget_as_the_target(self):
        with self.assertRaisesMessage(StartRefused, "只能带入决算"):
            start_from_budget(self.budget, self.preparer)

    def test_it_refuses_another_units_preparer(self):
        outsider = preparer_of(UnitFactory(), "waiwei")
        with self.assertRaisesMessage(EditRefused, "不在您可以填报的单位范围内"):
            start_from_budget(self.final, outsider)

    def test_it_is_all_or_nothing(self):
        original = Indicator.save
        calls = []

        def failing(indicator, *args, **kwargs):
            calls.append(indicator.name)
            if indicator.name == "接入行业应用系统数":
                raise RuntimeError("写入失败")
            return original(indicator, *args, **kwargs)

        with mock.patch.object(Indicator, "save", failing):
            with self.assertRaises(RuntimeError):
                start_from_budget(self.final, self.preparer)
        self.assertEqual(len(calls), 3)
        self.assertFalse(Project.objects.filter(report=self.final).exists())


# -- admin --------------------------------------------------------------------------


def change_url(project):
    return reverse("admin:performance_project_change", args=[project.pk])


FROM_BUDGET = "/admin/performance/project/from-budget/"


class AdminTests(BudgetAndFinal):
    def setUp(self):
        force_status(self.budget, Report.Status.DRAFT)
        self.client.force_login(self.preparer)

    def test_a_budget_project_shows_only_what_a_target_has(self):
        response = self.client.get(change_url(self.upkeep))
        self.assertEqual(response.status_code, 200)
        form = response.context["adminform"].form
        self.assertIn("initial_fiscal", form.fields)
        for name in (
            "annual_fiscal",
            "executed_fiscal",
            "execution_score",
            "achieved_goals",
            "basic_info",
        ):
            self.assertNotIn(name, form.fields)
        self.assertEqual(form.fields["expected_goals"].label, "年度绩效目标")
        inline = response.context["inline_admin_formsets"][0].formset.forms[0]
        self.assertIn("target_text", inline.fields)
        self.assertIn("weight", inline.fields)
        for name in ("actual_text", "score", "override_reason", "deviation_reason"):
            self.assertNotIn(name, inline.fields)
        self.assertNotContains(response, "实际完成值")

    def test_a_budget_project_saves_targets_without_actuals(self):
        response = self.client.get(change_url(self.upkeep))
        data = form_data(response)
        data["expected_goals"] = "保障系统全年稳定运行。"
        data["indicators-0-target_text"] = "≥14000件"
        data["indicators-0-weight"] = ""
        response = self.client.post(change_url(self.upkeep), data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.upkeep.refresh_from_db()
        self.assertEqual(self.upkeep.expected_goals, "保障系统全年稳定运行。")
        first = self.upkeep.indicators.get(position=1)
        self.assertEqual((first.target_text, first.weight), ("≥14000件", None))

    def test_a_final_project_still_shows_the_evaluation(self):
        project = ProjectFactory(report=self.final)
        IndicatorFactory(project=project)
        response = self.client.get(change_url(project))
        form = response.context["adminform"].form
        for name in ("annual_fiscal", "executed_fiscal", "achieved_goals"):
            self.assertIn(name, form.fields)
        inline = response.context["inline_admin_formsets"][0].formset.forms[0]
        self.assertIn("actual_text", inline.fields)

    def test_the_add_page_for_a_budget_offers_the_target_fields(self):
        url = reverse("admin:performance_project_add") + f"?report={self.budget.pk}"
        response = self.client.get(url)
        form = response.context["adminform"].form
        self.assertEqual(form.initial["report"], str(self.budget.pk))
        self.assertNotIn("annual_fiscal", form.fields)
        self.assertNotIn(
            "actual_text",
            response.context["inline_admin_formsets"][0].formset.forms[0].fields,
        )

    def test_the_list_of_one_reports_projects_links_to_adding_one_and_to_the_budget(
        self,
    ):
        response = self.client.get(
            reverse("admin:performance_project_changelist")
            + f"?report__id__exact={self.budget.pk}"
        )
        self.assertContains(response, f"/add/?report={self.budget.pk}")
        self.assertContains(response, FROM_BUDGET)
        self.assertContains(response, "预算绩效目标，不评分")


class AdminFromBudgetTests(BudgetAndFinal):
    def setUp(self):
        self.client.force_login(self.preparer)

    def test_the_page_lists_the_draft_final_and_its_budget(self):
        response = self.client.get(FROM_BUDGET)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, str(self.final))
        self.assertContains(response, str(self.budget))
        self.assertContains(response, "城市运行管理服务平台建设")

    def test_posting_copies_and_says_what(self):
        response = self.client.post(FROM_BUDGET, {"report": self.final.pk})
        self.assertRedirects(
            response,
            reverse("admin:performance_project_changelist")
            + f"?report__id__exact={self.final.pk}",
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(messages[0].startswith("已从“"), messages)
        self.assertIn("带入 2 个项目的绩效目标", messages[0])
        self.assertEqual(Project.objects.filter(report=self.final).count(), 2)

    def test_posting_again_says_there_is_nothing_to_copy(self):
        self.client.post(FROM_BUDGET, {"report": self.final.pk})
        response = self.client.post(FROM_BUDGET, {"report": self.final.pk})
        self.assertRedirects(response, FROM_BUDGET)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("没有可带入的内容", messages[-1])
        self.assertEqual(Project.objects.filter(report=self.final).count(), 2)

    def test_posting_for_a_report_past_draft_is_refused_with_a_message(self):
        force_status(self.final, Report.Status.SUBMITTED)
        response = self.client.post(FROM_BUDGET, {"report": self.final.pk})
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("只有草稿状态的报告可以修改", messages[-1])
        self.assertFalse(Project.objects.filter(report=self.final).exists())

    def test_posting_without_a_published_budget_is_refused_with_a_message(self):
        force_status(self.budget, Report.Status.APPROVED)
        response = self.client.post(FROM_BUDGET, {"report": self.final.pk})
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("没有已公开的 2023 年预算", messages[-1])

    def test_another_units_report_is_not_found(self):
        other = ReportFactory(fiscal_year=self.year, kind=FINAL)
        response = self.client.post(FROM_BUDGET, {"report": other.pk})
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(self.client.get(FROM_BUDGET), other.unit.name)

    def test_anonymous_users_are_sent_to_log_in(self):
        self.client.logout()
        response = self.client.post(FROM_BUDGET, {"report": self.final.pk})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])
        self.assertFalse(Project.objects.filter(report=self.final).exists())
