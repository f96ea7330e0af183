"""待办事项 on the admin home: returned and due drafts for the 填报人, reports to review
and to publish and units near their deadline for the 审核人, everything for a
superuser; linked to the right page, in a fixed number of queries."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from disclosure.models import Report, ReviewLog
from disclosure.todo import LIMIT, todo_for
from tests.disclosure.test_reminders import approved_for
from tests.disclosure.test_workflow import person
from tests.factories import FiscalYearFactory, ReportFactory, UnitFactory, UserFactory
from tests.scenarios import force_status
from units.models import Membership

PREPARER, REVIEWER = Membership.Role.PREPARER, Membership.Role.REVIEWER
Status = Report.Status


def titles(todo, key) -> list[str]:
    section = next((s for s in todo.sections if s.key == key), None)
    return [str(item.report) for item in section.items] if section else []


class TodoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        y2022, y2023 = FiscalYearFactory(year=2022), FiscalYearFactory(year=2023)
        cls.department = UnitFactory(code="D100", name="示例市城市管理局")
        cls.own = UnitFactory(code="U101", name="本单位", parent=cls.department)
        sibling = UnitFactory(code="U102", name="兄弟单位", parent=cls.department)
        third = UnitFactory(code="U103", name="第三单位", parent=cls.department)
        fourth = UnitFactory(code="U104", name="第四单位", parent=cls.department)
        other = UnitFactory(code="X200", name="示例市教育局")
        cls.elsewhere = UnitFactory(code="X201", name="外部门单位", parent=other)

        cls.preparer = person("kuaiji", "填报人", cls.own, PREPARER)
        cls.reviewer = person("shenhe", "审核人", cls.department, REVIEWER)
        cls.reviewer.first_name, cls.reviewer.last_name = "审核", "张"
        cls.reviewer.save()
        cls.outsider = person("waibu", "审核人", other, REVIEWER)
        cls.superuser = UserFactory(username="admin", is_superuser=True)
        cls.nobody = UserFactory(username="guest")

        # 本单位 2022: submitted, then returned with a comment (as report_return writes).
        cls.returned = ReportFactory(unit=cls.own, fiscal_year=y2022)
        ReviewLog.objects.create(
            report=cls.returned,
            from_status=Status.DRAFT,
            to_status=Status.SUBMITTED,
            actor=cls.preparer,
        )
        ReviewLog.objects.create(
            report=cls.returned,
            from_status=Status.SUBMITTED,
            to_status=Status.DRAFT,
            actor=cls.reviewer,
            comment="请补充公务接待费的说明。",
        )
        # 本单位 2023: a draft two days from its deadline.
        cls.due = ReportFactory(
            unit=cls.own, fiscal_year=y2023, approval_date=approved_for(cls.today, 2)
        )
        # 兄弟单位 submitted, 第三单位 approved, 第四单位 overdue, 外部门 submitted.
        cls.submitted = force_status(
            ReportFactory(
                unit=sibling,
                fiscal_year=y2022,
                approval_date=approved_for(cls.today, 12),
            ),
            Status.SUBMITTED,
            submitted_at=timezone.now(),
            submitted_by=cls.preparer,
        )
        cls.approved = force_status(
            ReportFactory(unit=third, fiscal_year=y2022),
            Status.APPROVED,
            approved_at=timezone.now(),
        )
        cls.overdue = ReportFactory(
            unit=fourth, fiscal_year=y2022, approval_date=approved_for(cls.today, -3)
        )
        cls.published = force_status(
            ReportFactory(
                unit=fourth,
                fiscal_year=y2023,
                approval_date=approved_for(cls.today, -30),
            ),
            Status.PUBLISHED,
            freeze=False,
        )
        cls.outside = force_status(
            ReportFactory(
                unit=cls.elsewhere,
                fiscal_year=y2022,
                approval_date=approved_for(cls.today, 1),
            ),
            Status.SUBMITTED,
            submitted_at=timezone.now(),
        )


class PersonaTests(TodoTestCase):
    def test_a_preparer_sees_the_returned_draft_with_its_comment_and_the_due_draft(
        self,
    ):
        todo = todo_for(self.preparer)
        self.assertEqual([s.key for s in todo.sections], ["returned", "due"])
        [returned] = todo.sections[0].items
        self.assertEqual(returned.report, self.returned)
        self.assertEqual(returned.returned.comment, "请补充公务接待费的说明。")
        self.assertEqual(returned.returned_by, "审核 张")
        [due] = todo.sections[1].items
        self.assertEqual((due.report, due.days_left), (self.due, 2))
        self.assertEqual(due.days_label, "剩余 2 天")

    def test_a_reviewer_sees_what_to_review_to_publish_and_the_units_near_their_deadline(
        self,
    ):
        todo = todo_for(self.reviewer)
        self.assertEqual(
            [s.key for s in todo.sections], ["review", "publish", "deadline"]
        )
        self.assertEqual(titles(todo, "review"), ["兄弟单位 2022 年度决算"])
        self.assertEqual(titles(todo, "publish"), ["第三单位 2022 年度决算"])
        # Most overdue first; the published year and the far deadline are not listed.
        self.assertEqual(
            titles(todo, "deadline"),
            ["第四单位 2022 年度决算", "本单位 2023 年度决算"],
        )
        [late, _due] = todo.sections[2].items
        self.assertEqual((late.days_label, late.overdue), ("已逾期 3 天", True))

    def test_a_superuser_sees_every_department(self):
        todo = todo_for(self.superuser)
        self.assertEqual(
            titles(todo, "review"),
            ["兄弟单位 2022 年度决算", "外部门单位 2022 年度决算"],
        )
        self.assertIn("外部门单位 2022 年度决算", titles(todo, "deadline"))
        self.assertEqual(titles(todo, "returned"), [])

    def test_a_reviewer_of_another_department_sees_only_theirs(self):
        todo = todo_for(self.outsider)
        self.assertEqual(titles(todo, "review"), ["外部门单位 2022 年度决算"])
        self.assertEqual(titles(todo, "publish"), [])
        self.assertEqual(titles(todo, "deadline"), ["外部门单位 2022 年度决算"])

    def test_a_user_without_a_role_has_nothing_to_do(self):
        self.assertTrue(todo_for(self.nobody).empty)

    def test_a_correction_draft_is_not_due_and_a_later_move_is_not_a_return(self):
        force_status(self.due, Status.PUBLISHED, freeze=False)
        ReportFactory(
            unit=self.own,
            fiscal_year=self.due.fiscal_year,
            approval_date=self.due.approval_date,
            revision=2,
            corrects=self.due,
            correction_note="更正公开05表。",
        )
        ReviewLog.objects.create(
            report=self.returned,
            from_status=Status.DRAFT,
            to_status=Status.SUBMITTED,
            actor=self.preparer,
        )
        force_status(self.returned, Status.SUBMITTED)
        self.assertTrue(todo_for(self.preparer).empty)


class PanelTests(TodoTestCase):
    index = reverse("admin:index")

    def test_the_preparer_home_links_the_returned_draft_to_its_change_page(self):
        self.client.force_login(self.preparer)
        response = self.client.get(self.index)
        self.assertContains(response, "待办事项")
        self.assertContains(response, "退回修改（1）")
        self.assertContains(response, "请补充公务接待费的说明。")
        self.assertContains(
            response,
            f'href="{reverse("admin:disclosure_report_change", args=[self.returned.pk])}"',
        )
        self.assertContains(
            response,
            f'href="{reverse("admin:disclosure_report_check", args=[self.due.pk])}"',
        )
        self.assertContains(response, "剩余 2 天")

    def test_the_reviewer_home_links_each_report_to_its_check_page(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(self.index)
        for report in (self.submitted, self.approved, self.overdue):
            self.assertContains(
                response,
                f'href="{reverse("admin:disclosure_report_check", args=[report.pk])}"',
            )
        self.assertContains(response, "待审核（1）")
        self.assertContains(response, "待公开（1）")
        self.assertContains(response, "已逾期 3 天")
        self.assertNotContains(response, "外部门单位")

    def test_an_empty_todo_says_so(self):
        self.client.force_login(self.nobody)
        response = self.client.get(self.index)
        self.assertContains(response, "暂无待办事项")

    def test_an_app_index_page_has_no_todo(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("admin:app_list", args=["disclosure"]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "待办事项")

    def test_a_long_section_shows_its_first_rows_and_links_to_the_rest(self):
        for i in range(LIMIT + 2):
            unit = UnitFactory(code=f"U2{i:02d}", parent=self.department)
            force_status(
                ReportFactory(unit=unit, fiscal_year=self.submitted.fiscal_year),
                Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
        self.client.force_login(self.reviewer)
        response = self.client.get(self.index)
        self.assertContains(response, f"待审核（{LIMIT + 3}）")
        self.assertContains(response, "另有 3 项")
        self.assertContains(response, "?status__exact=submitted")


class QueryBudgetTests(TodoTestCase):
    def count(self, user) -> int:
        # Permissions are read once per request and cached on the user.
        user.has_perm("disclosure.view_report")
        with CaptureQueriesContext(connection) as queries:
            todo_for(user)
        return len(queries)

    def add_reports(self, n: int) -> None:
        """n more units in the department, each with a report in every state."""
        y2022 = self.submitted.fiscal_year
        for i in range(n):
            unit = UnitFactory(code=f"U3{i:02d}", parent=self.department)
            ReportFactory(
                unit=unit,
                fiscal_year=y2022,
                approval_date=approved_for(self.today, -i),
            )
            for status, year in ((Status.SUBMITTED, 2023), (Status.APPROVED, 2024)):
                force_status(
                    ReportFactory(unit=unit, fiscal_year=FiscalYearFactory(year=year)),
                    status,
                )
            person(f"tb-U3{i:02d}", "填报人", unit, PREPARER)
            self.preparer.memberships.create(unit=unit, role=PREPARER)

    def test_the_queries_do_not_grow_with_the_number_of_reports(self):
        users = (self.preparer, self.reviewer, self.superuser)
        before = [self.count(u) for u in users]
        self.add_reports(15)
        for user in users:
            user.refresh_from_db()
        self.assertEqual([self.count(u) for u in users], before)
        # The 审核人's scope (two), three sections, and the 部门决算 to correct.
        self.assertLessEqual(max(before), 6)

    def test_the_admin_home_stays_within_its_budget(self):
        self.add_reports(15)
        for user in (self.preparer, self.reviewer, self.superuser):
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("admin:index"))
            self.assertEqual(response.status_code, 200)
            self.assertLessEqual(len(queries), 11, user)
