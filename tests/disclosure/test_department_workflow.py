"""部门决算 through the workflow: figures never typed, sources pinned on submission,
units locked while consolidated, the department told of a unit's later correction."""

import hashlib
from decimal import Decimal as D

from django.contrib.messages import get_messages
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure import departments
from disclosure.entry import EditRefused, fact_writes
from disclosure.models import (
    DEPARTMENT_FIGURES_REFUSED,
    Balances,
    ConsolidationMember,
    IncomeLine,
    OperatingExpense,
    PriorYearFigure,
    Reason,
    Report,
    ReportLocked,
    ReviewLog,
    RuleExplanation,
    generated_data_reset,
)
from disclosure.selectors import load_report_data
from disclosure.todo import todo_for
from disclosure.workflow import (
    TransitionRefused,
    report_approve,
    report_correct,
    report_publish,
    report_return,
    report_submit,
    submission_gate,
)
from performance.models import Project
from tests.admin_forms import form_data
from tests.disclosure.test_department_rules import eliminate
from tests.disclosure.test_workflow import ATTESTATION, person
from tests.factories import ReportFactory, UnitFactory, UserFactory, function_code
from tests.scenarios import department, force_status, publish_correction
from units.models import Membership

Mode = ConsolidationMember.Mode
Status = Report.Status


def make_submittable(dept, author) -> None:
    """What a department's accountant adds before submitting: reasons, explanations.

    The 本级 is an administrative unit, so its own report states its
    机关运行经费 (entered when it was approved).
    """
    head = dept.members.get(mode=Mode.SELF)
    source = Report.objects.get(
        unit=head.unit, fiscal_year=dept.fiscal_year, level=Report.Level.UNIT
    )
    with generated_data_reset():
        OperatingExpense.objects.get_or_create(
            report=source, defaults={"amount": D("1.00")}
        )
    Reason.objects.get_or_create(
        report=dept,
        key="three_public:vehicle_operation:budget",
        defaults={"text": "严格控制车辆费用"},
    )
    for finding in submission_gate(dept).unexplained:
        RuleExplanation.objects.update_or_create(
            report=dept,
            rule_id=finding.rule_id,
            defaults={"text": "已核实，数字无误。", "author": author},
        )


class DepartmentTestCase(TestCase):
    def setUp(self):
        self.dept, reports = department(units=1)
        self.head, self.child = reports.values()
        self.preparer = person(
            "bumen", "填报人", self.dept.unit, Membership.Role.PREPARER
        )
        # The finance bureau's supervisor of the department and its units.
        self.reviewer = person(
            "caizheng", "审核人", self.dept.unit, Membership.Role.REVIEWER
        )
        make_submittable(self.dept, self.preparer)

    def refresh(self, report):
        report.refresh_from_db()
        return report

    def submit(self, report=None):
        return report_submit(report or self.dept, self.preparer)

    def publish(self, report=None):
        report = report or self.dept
        self.submit(report)
        report_approve(report, self.reviewer, ATTESTATION)
        return report_publish(report, self.reviewer)


class TypedFiguresTests(DepartmentTestCase):
    def test_a_typed_figure_is_refused_by_the_model(self):
        code = function_code("2120199")
        for fact in (
            IncomeLine(report=self.dept, function_code=code, general_budget=D("1")),
            Balances(report=self.dept, opening_total=D("1")),
        ):
            with (
                self.subTest(type(fact).__name__),
                self.assertRaisesMessage(ReportLocked, DEPARTMENT_FIGURES_REFUSED),
            ):
                fact.save()
        with self.assertRaisesMessage(ReportLocked, DEPARTMENT_FIGURES_REFUSED):
            IncomeLine.objects.bulk_create(
                [IncomeLine(report=self.dept, function_code=code)]
            )
        self.assertFalse(IncomeLine.objects.filter(report=self.dept).exists())

    def test_a_queryset_update_is_refused_and_a_deletion_let_through(self):
        # A 单位决算 of a 主管部门 that was typed into, then made a 部门决算
        # behind the model's back: its figures can be cleared, not changed.
        unit = UnitFactory()
        report = ReportFactory(unit=unit, fiscal_year=self.dept.fiscal_year)
        IncomeLine.objects.create(
            report=report, function_code=function_code("2120199"), other=D("1")
        )
        Report.objects.filter(pk=report.pk).update(level=Report.Level.DEPARTMENT)
        lines = IncomeLine.objects.filter(report=report)
        with self.assertRaisesMessage(ReportLocked, DEPARTMENT_FIGURES_REFUSED):
            lines.update(other=D("2"))
        lines.delete()
        self.assertFalse(lines.exists())

    def test_a_unit_report_with_figures_cannot_become_a_department_report(self):
        from django.core.exceptions import ValidationError

        unit = UnitFactory()
        report = ReportFactory(unit=unit, fiscal_year=self.dept.fiscal_year)
        IncomeLine.objects.create(
            report=report, function_code=function_code("2120199"), other=D("1")
        )
        report.level = Report.Level.DEPARTMENT
        with self.assertRaisesMessage(ValidationError, "不能改为部门决算"):
            report.full_clean()

    def test_the_write_service_refuses_it_with_the_same_message(self):
        with (
            self.assertRaisesMessage(EditRefused, DEPARTMENT_FIGURES_REFUSED),
            fact_writes(self.dept, self.preparer) as writer,
        ):
            writer.save(Balances(report=self.dept, opening_total=D("1")))

    def test_what_a_department_does_write_is_accepted(self):
        PriorYearFigure.objects.create(
            report=self.dept, key=PriorYearFigure.Key.CLOSING_TOTAL, amount=D("3")
        )
        Reason.objects.create(report=self.dept, key="closing_total", text="跨年支付")
        Project.objects.create(report=self.dept, name="城市管理专项")
        eliminate(self.dept, self.child, self.head, "1.00")
        self.assertEqual(self.dept.adjustments.count(), 1)

    def test_the_one_query_that_checks_the_status_checks_the_level(self):
        line = IncomeLine(
            report=self.head,
            function_code=function_code("2120101", year=self.dept.year),
        )
        force_status(self.head, Status.DRAFT)
        with CaptureQueriesContext(connection) as queries:
            line.save()
        reads = [q for q in queries if '"disclosure_report"' in q["sql"]]
        self.assertEqual(len(reads), 1)


class SubmissionTests(DepartmentTestCase):
    def test_submit_is_refused_naming_each_unit_without_an_approved_report(self):
        force_status(self.child, Status.SUBMITTED)
        with self.assertRaisesMessage(
            TransitionRefused,
            "以下单位的单位决算尚未审核通过，部门决算不能提交："
            f"{self.child.unit.name}。",
        ):
            self.submit()
        self.assertEqual(self.refresh(self.dept).status, Status.DRAFT)
        self.assertFalse(self.dept.members.filter(source__isnull=False).exists())

    def test_submit_pins_the_units_reports_it_consolidated(self):
        self.submit()
        self.assertEqual(self.refresh(self.dept).status, Status.SUBMITTED)
        pinned = dict(self.dept.members.values_list("unit_id", "source_id"))
        self.assertEqual(
            pinned, {self.head.unit_id: self.head.pk, self.child.unit_id: self.child.pk}
        )
        self.assertEqual(ReviewLog.objects.filter(report=self.dept).count(), 1)

    def test_an_elimination_the_unit_cannot_bear_blocks_the_submission(self):
        eliminate(self.dept, self.child, self.head, "20.00")
        with self.assertRaises(TransitionRefused) as refused:
            self.submit()
        message = str(refused.exception)
        self.assertIn("C-2", message)
        self.assertIn(f"{self.child.unit.name} 2120199 上级补助收入 0.00万元", message)
        self.assertEqual(self.refresh(self.dept).status, Status.DRAFT)
        self.assertFalse(self.dept.members.filter(source__isnull=False).exists())


class UnitReturnTests(DepartmentTestCase):
    def test_a_unit_report_the_department_consolidated_cannot_be_returned(self):
        self.submit()
        with self.assertRaisesMessage(
            TransitionRefused,
            f"“{self.child}”已汇总进“{self.dept}”（已提交），不能退回",
        ):
            report_return(self.child, self.reviewer, "请修改支出数字。")
        self.assertEqual(self.refresh(self.child).status, Status.APPROVED)

    def test_it_can_once_the_department_report_is_returned(self):
        self.submit()
        report_return(self.dept, self.reviewer, "单位决算需修改。")
        report_return(self.child, self.reviewer, "请修改支出数字。")
        self.assertEqual(self.refresh(self.child).status, Status.DRAFT)

    def test_the_units_review_page_says_which_department_holds_it(self):
        self.submit()
        self.client.force_login(self.reviewer)
        page = self.client.get(
            reverse("admin:disclosure_report_check", args=[self.child.pk])
        )
        self.assertContains(
            page, f"“{self.child}”已汇总进“{self.dept}”（已提交），不能退回"
        )


class ReviewTests(DepartmentTestCase):
    def test_the_finance_bureaus_supervisor_reviews_and_publishes_it(self):
        self.publish()
        dept = self.refresh(self.dept)
        self.assertEqual(dept.status, Status.PUBLISHED)
        self.assertEqual(dept.approved_by, self.reviewer)
        self.assertEqual(dept.secrecy_reviewer, "王保密")
        self.assertTrue(dept.snapshot_files.exists())
        # Each consistent unit report has 111.00 of income.
        self.assertEqual(dept.snapshot_figures.values["income_total"], "222.00")

    def test_a_supervisor_of_another_department_may_not(self):
        self.submit()
        outsider = person(
            "waibu",
            "审核人",
            UnitFactory(name="示例市教育局"),
            Membership.Role.REVIEWER,
        )
        with self.assertRaisesMessage(TransitionRefused, "不在您可以审核的单位范围内"):
            report_approve(self.dept, outsider, ATTESTATION)


def snapshot_of(report) -> dict:
    """What a publication froze: the headline figures and each file's bytes' digest."""
    report = Report.objects.get(pk=report.pk)
    files = {}
    for stored in report.snapshot_files.all():
        with stored.file.open("rb") as handle:
            files[stored.name] = (
                stored.sha256,
                hashlib.sha256(handle.read()).hexdigest(),
            )
    return {"figures": report.snapshot_figures.values, "files": files}


class UnitCorrectionTests(DepartmentTestCase):
    """A unit corrects its report after its department published: told, then corrected."""

    def setUp(self):
        super().setUp()
        eliminate(self.dept, self.child, self.head, "1.00")
        set_grants(self.child, self.head, "1.00")
        self.publish()
        self.before = snapshot_of(self.dept)
        # The unit's report, published, is corrected (第2版) and published again.
        force_status(self.child, Status.PUBLISHED)
        with self.captureOnCommitCallbacks(execute=True):
            self.corrected = publish_correction(self.child)
        self.dept.refresh_from_db()
        self.line = (
            f"所属单位“{self.child.unit.name}”已公开更正（第2版），"
            "本部门决算汇总的是第1版，请发起更正。"
        )

    def test_the_departments_published_report_does_not_change(self):
        self.assertEqual(self.refresh(self.dept).status, Status.PUBLISHED)
        self.assertEqual(snapshot_of(self.dept), self.before)
        for name, (stored, read) in self.before["files"].items():
            self.assertEqual(stored, read, name)
        data = load_report_data(self.dept)
        self.assertEqual(data.consolidation.sources[self.child.unit_id], self.child)

    def test_the_department_is_told_on_its_review_page_and_in_its_todo(self):
        self.assertEqual(departments.stale_notices(self.dept), [self.line])
        self.client.force_login(self.preparer)
        page = self.client.get(
            reverse("admin:disclosure_report_check", args=[self.dept.pk])
        )
        self.assertContains(page, self.line)
        (section,) = [s for s in todo_for(self.preparer).sections if s.key == "stale"]
        self.assertEqual([i.report for i in section.items], [self.dept])
        self.assertEqual(section.items[0].notices, (self.line,))
        self.assertContains(self.client.get(reverse("admin:index")), self.line)
        self.assertIn(self.line, todo_text(todo_for(self.reviewer)))

    def test_its_preparers_are_told_by_mail(self):
        from django.core import mail

        told = [m for m in mail.outbox if m.subject == f"部门决算需更正：{self.dept}"]
        self.assertEqual(len(told), 1)
        self.assertEqual(told[0].body, self.line)
        self.assertEqual(told[0].to, [self.preparer.email])

    def test_a_correction_consolidates_the_new_revision_and_pins_it(self):
        correction = report_correct(self.dept, self.preparer, "汇总单位的更正。")
        self.assertTrue(correction.is_department)
        self.assertEqual(correction.members.count(), self.dept.members.count())
        self.assertEqual(correction.adjustments.count(), 1)
        # Under way: the todo says no more.
        self.assertFalse(
            [s for s in todo_for(self.preparer).sections if s.key == "stale"]
        )
        data = load_report_data(correction)
        self.assertEqual(data.consolidation.sources[self.child.unit_id], self.corrected)

        make_submittable(correction, self.preparer)
        self.publish(correction)
        pinned = correction.members.get(unit=self.child.unit).source
        self.assertEqual(pinned, self.corrected)
        self.assertEqual(self.refresh(correction).status, Status.PUBLISHED)
        self.assertEqual(self.refresh(self.dept).status, Status.SUPERSEDED)
        self.assertEqual(departments.stale_notices(correction), [])
        self.assertEqual(snapshot_of(self.dept), self.before)
        self.assertFalse(todo_for(self.preparer).sections)


def set_grants(income_report, expense_report, amount):
    """An internal grant, each unit's report still balanced.

    `expense_report`'s unit paid it (对附属单位补助支出) out of its other
    income; `income_report`'s unit received it (上级补助收入) and spent it.
    """
    from django.db.models import F

    from disclosure.models import ExpenditureLine
    from tests.disclosure.test_department_rules import set_line

    amount = D(amount)
    set_line(IncomeLine, income_report, superior_grant=amount)
    set_line(ExpenditureLine, income_report, basic=F("basic") + amount)
    set_line(ExpenditureLine, expense_report, to_affiliates=amount)
    set_line(IncomeLine, expense_report, other=F("other") + amount)


def todo_text(todo) -> str:
    return " ".join(
        line for s in todo.sections for item in s.items for line in item.notices
    )


def change_url(report) -> str:
    return reverse("admin:disclosure_report_change", args=[report.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class AdminTests(DepartmentTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.preparer)

    def test_the_list_shows_the_level_and_filters_by_it(self):
        admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.client.force_login(admin)
        url = reverse("admin:disclosure_report_changelist")
        page = self.client.get(url, {"level__exact": "department"})
        self.assertEqual(list(page.context["cl"].result_list), [self.dept])
        self.assertContains(page, "部门决算")
        page = self.client.get(url, {"level__exact": "unit"})
        self.assertNotIn(self.dept, list(page.context["cl"].result_list))

    def test_adding_a_department_report_writes_its_composition(self):
        admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.client.force_login(admin)
        head = UnitFactory(name="示例市水利局")
        below = UnitFactory(name="示例水文站", parent=head)
        add = reverse("admin:disclosure_report_add")
        data = form_data(self.client.get(add))
        data.update(
            {
                "unit": head.pk,
                "fiscal_year": self.dept.fiscal_year_id,
                "level": "department",
            }
        )
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        report = Report.objects.get(unit=head)
        self.assertTrue(report.is_department)
        self.assertEqual(
            list(report.members.values_list("unit", "mode")),
            [(head.pk, Mode.SELF), (below.pk, Mode.MERGED)],
        )

    def test_a_unit_with_a_parent_cannot_have_one(self):
        admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.client.force_login(admin)
        add = reverse("admin:disclosure_report_add")
        data = form_data(self.client.get(add))
        data.update(
            {
                "unit": self.child.unit_id,
                "fiscal_year": self.dept.fiscal_year_id,
                "level": "department",
            }
        )
        response = self.client.post(add, data)
        self.assertContains(response, "部门决算只能由主管部门（一级预算单位）编制")

    def test_its_change_page_offers_composition_and_eliminations_not_entry(self):
        page = self.client.get(change_url(self.dept))
        self.assertContains(
            page, "部门决算的数据由所属单位的决算汇总生成，不能直接填写"
        )
        self.assertContains(page, 'id="members-group"')
        self.assertContains(page, 'id="adjustments-group"')
        self.assertContains(page, "按单位树重新生成单位构成")
        self.assertNotContains(page, "/grid/")
        self.assertNotContains(page, "import-xlsx")
        self.assertNotContains(page, 'id="balances-group"')
        self.assertContains(page, "第 1 版（已审核）")

    def test_the_grid_and_the_import_refuse_it(self):
        grid = reverse("admin:disclosure_report_grid", args=[self.dept.pk, "income"])
        response = self.client.get(grid)
        self.assertRedirects(
            response, change_url(self.dept), fetch_redirect_response=False
        )
        self.assertIn(DEPARTMENT_FIGURES_REFUSED, messages_of(response))
        page = self.client.get(
            reverse("admin:disclosure_report_import_xlsx", args=[self.dept.pk])
        )
        self.assertContains(page, DEPARTMENT_FIGURES_REFUSED)

    def test_the_composition_is_edited_inline_and_renumbered(self):
        page = self.client.get(change_url(self.dept))
        data = form_data(page)
        rows = {data[f"members-{i}-unit"]: i for i in range(2)}
        child = rows[self.child.unit_id]
        data[f"members-{child}-mode"] = Mode.MERGED
        data[f"members-{child}-position"] = "5"
        response = self.client.post(change_url(self.dept), data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        self.assertEqual(
            list(self.dept.members.values_list("position", "unit", "mode")),
            [(1, self.head.unit_id, Mode.SELF), (2, self.child.unit_id, Mode.MERGED)],
        )

    def test_a_second_self_is_refused(self):
        data = form_data(self.client.get(change_url(self.dept)))
        for i in range(2):
            data[f"members-{i}-mode"] = Mode.SELF
        response = self.client.post(change_url(self.dept), data)
        self.assertContains(response, "部门决算只能有一个本级")
        self.assertEqual(self.dept.members.filter(mode=Mode.SELF).count(), 1)

    def test_the_composition_is_regenerated_from_the_unit_tree(self):
        self.dept.members.filter(unit=self.child.unit).delete()
        url = reverse(
            "admin:disclosure_report_regenerate_composition", args=[self.dept.pk]
        )
        page = self.client.get(url)
        self.assertContains(page, "由以下 2 家单位构成")
        self.assertContains(page, "预算单列")
        self.assertEqual(self.dept.members.count(), 1)
        response = self.client.post(url)
        self.assertRedirects(
            response, change_url(self.dept), fetch_redirect_response=False
        )
        self.assertEqual(
            list(self.dept.members.values_list("unit", "mode")),
            [(self.head.unit_id, Mode.SELF), (self.child.unit_id, Mode.OWN_REPORT)],
        )

    def test_an_elimination_is_added_inline(self):
        set_grants(self.child, self.head, "3.00")
        data = form_data(self.client.get(change_url(self.dept)))
        data.update(
            {
                "adjustments-TOTAL_FORMS": "1",
                "adjustments-0-pair": "grant",
                "adjustments-0-income_unit": self.child.unit_id,
                "adjustments-0-income_code": "2120199",
                "adjustments-0-expense_unit": self.head.unit_id,
                "adjustments-0-expense_code": "2120199",
                "adjustments-0-amount": "3",
                "adjustments-0-note": "局对中心的补助",
            }
        )
        response = self.client.post(change_url(self.dept), data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        (adjustment,) = self.dept.adjustments.all()
        self.assertEqual(adjustment.amount, D("3.00"))
        self.assertEqual(adjustment.income_code.code, "2120199")
        self.assertEqual(adjustment.history.first().history_user, self.preparer)
        page = self.client.get(change_url(self.dept))
        self.assertContains(page, 'value="2120199"')

    def test_an_unknown_code_is_refused_on_the_form(self):
        data = form_data(self.client.get(change_url(self.dept)))
        data.update(
            {
                "adjustments-TOTAL_FORMS": "1",
                "adjustments-0-pair": "grant",
                "adjustments-0-income_unit": self.child.unit_id,
                "adjustments-0-income_code": "9999999",
                "adjustments-0-expense_unit": self.head.unit_id,
                "adjustments-0-expense_code": "2120199",
                "adjustments-0-amount": "3",
            }
        )
        response = self.client.post(change_url(self.dept), data)
        self.assertContains(response, "本报告年度的支出功能分类科目中没有 9999999")
        self.assertFalse(self.dept.adjustments.exists())

    def test_after_submission_they_are_read_only(self):
        eliminate(self.dept, self.child, self.head, "0.50")
        set_grants(self.child, self.head, "0.50")
        self.submit()
        page = self.client.get(change_url(self.dept))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="adjustments-0-amount"')
        self.assertNotContains(page, 'name="members-0-mode"')
        self.assertNotContains(page, "按单位树重新生成单位构成")
        self.assertContains(page, "第 1 版（已审核）")
        regenerate = reverse(
            "admin:disclosure_report_regenerate_composition", args=[self.dept.pk]
        )
        self.assertEqual(self.client.post(regenerate).status_code, 403)
