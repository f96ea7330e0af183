"""Admin entry of projects and indicators: grouped grid, parse feedback, refusals, scoping."""

from decimal import Decimal as D

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from disclosure.models import Report
from performance.models import Indicator
from tests.admin_forms import form_data
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    ProjectFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)
from tests.scenarios import force_status
from units.models import Membership


def change_url(project):
    return reverse("admin:performance_project_change", args=[project.pk])


def role_user(username: str, group: str, unit, role=Membership.Role.PREPARER):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    MembershipFactory(user=user, unit=unit, role=role)
    return user


class AdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = UnitFactory(code="D01", name="景德镇市城市管理局")
        cls.unit = UnitFactory(
            code="A01", name="数字城市管理服务中心", parent=cls.department
        )
        cls.other = UnitFactory(code="B01", name="市政设施维护中心")
        cls.report = ReportFactory(unit=cls.unit)
        cls.project = ProjectFactory(report=cls.report, name="数字化城管运行维护费")
        IndicatorFactory(
            project=cls.project,
            position=1,
            name="加强平台队伍建设",
            level1="benefit",
            level2="sustainable",
            target_text="培训次数≥2次",
            actual_text="2次",
            weight=D("40"),
        )
        IndicatorFactory(
            project=cls.project,
            position=2,
            name="受理各类案卷数",
            target_text="12000",
            actual_text="13580",
            weight=D("50"),
        )
        cls.other_project = ProjectFactory(
            report=ReportFactory(unit=cls.other), name="道路养护"
        )
        cls.preparer = role_user("kuaiji", "填报人", cls.unit)

    def setUp(self):
        self.client.force_login(self.preparer)

    def edit(self, **changes):
        response = self.client.get(change_url(self.project))
        data = form_data(response)
        data.update(changes)
        return self.client.post(change_url(self.project), data)


class GridTests(AdminTestCase):
    def test_indicators_are_grouped_by_level_in_framework_order(self):
        response = self.client.get(change_url(self.project))
        html = response.content.decode()
        output = html.index("产出指标 · 数量指标")
        benefit = html.index("效益指标 · 可持续影响指标")
        self.assertLess(output, benefit)
        self.assertLess(html.index("受理各类案卷数"), html.index("加强平台队伍建设"))

    def test_what_was_typed_is_shown_with_what_it_was_read_as(self):
        response = self.client.get(change_url(self.project))
        self.assertContains(response, "识别为 培训次数 ≥ 2 次")
        self.assertContains(response, "识别为 2 次")
        self.assertContains(response, "50（min(13580 / 12000, 1) × 50）")

    def test_the_page_shows_the_total_and_the_weights_that_are_missing(self):
        response = self.client.get(change_url(self.project))
        self.assertContains(response, "总分 100 分（分值合计 100），评价等级：优。")
        Indicator.objects.filter(project=self.project, position=1).update(
            weight=D("30"), score=D("30"), suggested_score=D("30")
        )
        response = self.client.get(change_url(self.project))
        self.assertContains(response, "分值合计为 90，应为 100。")


class EntryTests(AdminTestCase):
    def test_a_new_indicator_is_saved_with_its_parsed_values(self):
        response = self.edit(
            **{
                "indicators-2-level1": "output",
                "indicators-2-level2": "quality",
                "indicators-2-position": "3",
                "indicators-2-name": "案卷处理结案率",
                "indicators-2-target_text": "≥95%",
                "indicators-2-actual_text": "99.35%",
                "indicators-2-weight": "5",
            }
        )
        self.assertEqual(response.status_code, 302)
        indicator = Indicator.objects.get(project=self.project, position=3)
        self.assertEqual(
            (indicator.target_operator, indicator.target_value, indicator.target_unit),
            ("≥", D("95.0000"), "%"),
        )
        self.assertEqual(indicator.score, D("5.00"))

    def test_junk_is_refused_with_a_chinese_message_and_nothing_is_saved(self):
        response = self.edit(**{"indicators-0-target_text": "abc"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "指标“受理各类案卷数”的年度指标值无法识别：“abc”既不是数值也不是定性表述",
        )
        # The typed text stays in its input, with the reading beside it.
        self.assertContains(response, 'value="abc"')
        self.assertContains(response, "parse-feedback--error")
        self.assertEqual(
            Indicator.objects.get(project=self.project, position=2).target_text, "12000"
        )

    def test_a_changed_score_without_a_reason_is_refused(self):
        response = self.edit(**{"indicators-0-score": "45"})
        self.assertContains(response, "请填写调整理由")
        self.assertEqual(
            Indicator.objects.get(project=self.project, position=2).score, D("50.00")
        )

    def test_a_reasoned_override_below_the_weight_also_needs_a_deviation_reason(self):
        response = self.edit(
            **{
                "indicators-0-score": "45",
                "indicators-0-override_reason": "部分案卷超期",
            }
        )
        self.assertContains(response, "请填写偏差原因分析及改进措施")
        response = self.edit(
            **{
                "indicators-0-score": "45",
                "indicators-0-override_reason": "部分案卷超期",
                "indicators-0-deviation_reason": "加强督办",
            }
        )
        self.assertEqual(response.status_code, 302)
        indicator = Indicator.objects.get(project=self.project, position=2)
        self.assertEqual(
            (indicator.suggested_score, indicator.score), (D("50"), D("45"))
        )

    def test_a_second_level_of_another_first_level_is_refused(self):
        response = self.edit(**{"indicators-0-level2": "satisfaction"})
        self.assertContains(
            response, "二级指标“服务对象满意度指标”不属于一级指标“产出指标”。"
        )

    def test_an_executed_amount_without_budget_is_refused(self):
        response = self.edit(executed_other="3")
        self.assertContains(
            response, "其他资金填写了全年执行数 3.00，请同时填写全年预算数。"
        )

    def test_a_published_report_is_read_only(self):
        force_status(self.report.pk, Report.Status.PUBLISHED)
        response = self.client.get(change_url(self.project))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="indicators-0-target_text"')
        response = self.client.post(change_url(self.project), {"name": "改名"})
        self.assertEqual(response.status_code, 403)
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "数字化城管运行维护费")

    def test_new_projects_go_only_to_draft_reports_of_the_users_units(self):
        published = ReportFactory(
            unit=self.unit,
            fiscal_year__year=2021,
        )
        force_status(published.pk, Report.Status.PUBLISHED)
        response = self.client.get(reverse("admin:performance_project_add"))
        choices = list(response.context["adminform"].form.fields["report"].queryset)
        self.assertEqual(choices, [self.report])


class ScopingTests(AdminTestCase):
    def test_a_preparer_lists_only_their_units_projects(self):
        response = self.client.get(reverse("admin:performance_project_changelist"))
        self.assertEqual(list(response.context["cl"].result_list), [self.project])

    def test_another_units_project_is_not_found(self):
        response = self.client.get(change_url(self.other_project))
        self.assertRedirects(response, reverse("admin:index"))

    def test_a_reviewer_of_the_department_views_but_cannot_change(self):
        reviewer = role_user(
            "shenhe", "审核人", self.department, role=Membership.Role.REVIEWER
        )
        self.client.force_login(reviewer)
        listed = self.client.get(reverse("admin:performance_project_changelist"))
        self.assertEqual(list(listed.context["cl"].result_list), [self.project])
        response = self.client.get(change_url(self.project))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="indicators-0-target_text"')
        self.assertEqual(
            self.client.post(change_url(self.project), {"name": "x"}).status_code, 403
        )

    def test_an_outsider_sees_no_project(self):
        outsider = role_user("waibu", "填报人", self.other)
        self.client.force_login(outsider)
        response = self.client.get(reverse("admin:performance_project_changelist"))
        self.assertEqual(list(response.context["cl"].result_list), [self.other_project])
        self.assertRedirects(
            self.client.get(change_url(self.project)), reverse("admin:index")
        )

    def test_the_role_groups_carry_the_self_evaluation_permissions(self):
        codenames = set(
            Group.objects.get(name="填报人")
            .permissions.filter(content_type__app_label="performance")
            .values_list("codename", flat=True)
        )
        self.assertEqual(
            codenames,
            {
                f"{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("project", "indicator")
            },
        )
        reviewer = Group.objects.get(name="审核人").permissions.filter(
            content_type__app_label="performance"
        )
        self.assertEqual(
            set(reviewer.values_list("codename", flat=True)),
            {"view_project", "view_indicator"},
        )
