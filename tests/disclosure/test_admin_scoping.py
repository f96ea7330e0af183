"""Per-unit scoping of the report admin: each role sees its own units and nothing else."""

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from tests.factories import MembershipFactory, ReportFactory, UnitFactory, UserFactory
from units.models import Membership

REPORT_PERMISSIONS = ["view_report", "change_report", "add_report", "view_unit"]


def staff_user(username: str):
    user = UserFactory(username=username)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=REPORT_PERMISSIONS)
    )
    return user


class ReportAdminScopingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = UnitFactory(code="D01", name="景德镇市城市管理局")
        cls.unit_a = UnitFactory(
            code="A01", name="市政设施管理处", parent=cls.department
        )
        cls.unit_b = UnitFactory(
            code="B01", name="环境卫生管理处", parent=cls.department
        )
        cls.outside = UnitFactory(code="X01", name="景德镇市教育局")
        cls.report_department = ReportFactory(unit=cls.department)
        cls.report_a = ReportFactory(unit=cls.unit_a)
        cls.report_b = ReportFactory(unit=cls.unit_b)
        cls.report_outside = ReportFactory(unit=cls.outside)

        cls.preparer = staff_user("kuaiji")
        MembershipFactory(user=cls.preparer, unit=cls.unit_a)
        cls.reviewer = staff_user("shenhe")
        MembershipFactory(
            user=cls.reviewer, unit=cls.department, role=Membership.Role.REVIEWER
        )
        cls.superuser = UserFactory(username="admin", is_superuser=True)

    def listed_reports(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("admin:disclosure_report_changelist"))
        self.assertEqual(response.status_code, 200)
        return set(response.context["cl"].result_list)

    def change_page(self, user, report):
        self.client.force_login(user)
        return self.client.get(
            reverse("admin:disclosure_report_change", args=[report.pk])
        )

    def test_a_preparer_lists_only_the_reports_of_their_own_unit(self):
        self.assertEqual(self.listed_reports(self.preparer), {self.report_a})

    def test_a_preparer_opens_their_own_report(self):
        response = self.change_page(self.preparer, self.report_a)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "市政设施管理处")

    def test_a_preparer_asking_for_another_units_report_is_told_it_does_not_exist(self):
        response = self.change_page(self.preparer, self.report_b)

        self.assertRedirects(response, reverse("admin:index"))
        self.assertNotContains(
            self.client.get(reverse("admin:index")), "环境卫生管理处"
        )

    def test_a_preparer_cannot_post_changes_to_another_units_report(self):
        self.client.force_login(self.preparer)

        response = self.client.post(
            reverse("admin:disclosure_report_change", args=[self.report_b.pk]),
            {"unit": self.unit_a.pk, "fiscal_year": self.report_b.fiscal_year.pk},
        )

        self.assertRedirects(response, reverse("admin:index"))
        self.report_b.refresh_from_db()
        self.assertEqual(self.report_b.unit, self.unit_b)

    def test_a_preparer_can_only_pick_their_own_unit_for_a_new_report(self):
        self.client.force_login(self.preparer)

        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "disclosure",
                "model_name": "report",
                "field_name": "unit",
                "term": "",
            },
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [item["text"] for item in response.json()["results"]], ["市政设施管理处"]
        )

    def test_a_reviewer_sees_every_unit_under_their_department_and_nothing_outside(
        self,
    ):
        self.assertEqual(
            self.listed_reports(self.reviewer),
            {self.report_department, self.report_a, self.report_b},
        )
        self.assertEqual(
            self.change_page(self.reviewer, self.report_b).status_code, 200
        )
        self.assertRedirects(
            self.change_page(self.reviewer, self.report_outside), reverse("admin:index")
        )

    def test_a_reviewer_of_a_unit_does_not_see_its_parent_or_siblings(self):
        reviewer = staff_user("unit-reviewer")
        MembershipFactory(
            user=reviewer, unit=self.unit_b, role=Membership.Role.REVIEWER
        )

        self.assertEqual(self.listed_reports(reviewer), {self.report_b})

    def test_a_staff_user_without_any_membership_sees_no_report(self):
        self.assertEqual(self.listed_reports(staff_user("outsider")), set())

    def test_a_superuser_sees_every_report(self):
        self.assertEqual(
            self.listed_reports(self.superuser),
            {
                self.report_department,
                self.report_a,
                self.report_b,
                self.report_outside,
            },
        )

    def test_a_member_of_the_system_administrator_group_sees_every_report(self):
        from django.contrib.auth.models import Group

        administrator = staff_user("guanliyuan")
        administrator.groups.add(Group.objects.get(name="系统管理员"))
        self.assertEqual(
            self.listed_reports(administrator),
            {self.report_department, self.report_a, self.report_b, self.report_outside},
        )
