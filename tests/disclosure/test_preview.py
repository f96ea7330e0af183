from decimal import Decimal as D

from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from disclosure.models import FunctionCode, Fund
from tests.factories import (
    ExpenditureLineFactory,
    FiscalExpenditureLineFactory,
    IncomeLineFactory,
    MembershipFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    function_code,
)
from units.models import Membership

TITLES = (
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
    "财政拨款“三公”经费支出决算表",
    "国有资产占用情况表",
)

# The page costs a fixed number of queries (session, user, permissions, the
# scoped report, load_report_data's fixed set), however many lines the report has.
QUERY_BUDGET = 20


def preview_url(report) -> str:
    return reverse("admin:disclosure_report_preview", args=[report.pk])


def with_lines(report, n: int):
    """`n` lines on distinct 项 codes in each of the income, spending and fund tables."""
    codes = [
        f"2{c:02d}{k:02d}{i:02d}"
        for c in range(1, 40)
        for k in (1, 2)
        for i in (1, 2, 3)
    ][:n]
    for code in codes:
        fc = function_code(code)
        IncomeLineFactory(report=report, function_code=fc, general_budget=D("1.00"))
        ExpenditureLineFactory(report=report, function_code=fc, basic=D("1.00"))
        FiscalExpenditureLineFactory(
            report=report, function_code=fc, fund=Fund.GENERAL, basic=D("1.00")
        )
    return report


def preparer(unit, *, can_view=True):
    user = UserFactory()
    MembershipFactory(user=user, unit=unit, role=Membership.Role.PREPARER)
    if can_view:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="disclosure", codename="view_report"
            )
        )
    return user


class ReportPreviewTests(TestCase):
    def setUp(self):
        self.unit = UnitFactory(name="景德镇市数字城市管理服务中心")
        self.report = ReportFactory(unit=self.unit)
        self.superuser = UserFactory(username="admin", is_superuser=True)

    def test_a_superuser_sees_all_ten_tables_in_order_with_a_table_of_contents(self):
        with_lines(self.report, 3)
        self.client.force_login(self.superuser)
        response = self.client.get(preview_url(self.report))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        positions = [
            html.index(f'id="t{n:02d}-title">{t}<') for n, t in enumerate(TITLES, 1)
        ]
        self.assertEqual(positions, sorted(positions))
        for n in range(1, 11):
            self.assertIn(f'<a href="#t{n:02d}">公开{n:02d}表', html)
        self.assertIn("disclosure/tables.css", html)
        self.assertContains(
            response, "编制单位：景德镇市数字城市管理服务中心", count=10
        )

    def test_the_number_of_queries_does_not_grow_with_the_number_of_lines(self):
        small = with_lines(self.report, 3)
        large = with_lines(ReportFactory(unit=UnitFactory()), 200)
        self.assertEqual(FunctionCode.objects.filter(level=3).count(), 200)
        self.client.force_login(self.superuser)
        self.client.get(preview_url(small))  # warm the session and content types
        with CaptureQueriesContext(connection) as small_queries:
            self.assertEqual(self.client.get(preview_url(small)).status_code, 200)
        self.assertLessEqual(len(small_queries), QUERY_BUDGET)
        with self.assertNumQueries(len(small_queries)):
            response = self.client.get(preview_url(large))
        self.assertContains(response, "2340102")

    def test_a_preparer_of_the_unit_with_view_permission_sees_the_preview(self):
        self.client.force_login(preparer(self.unit))
        response = self.client.get(preview_url(self.report))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "国有资产占用情况表")

    def test_a_preparer_of_another_unit_is_sent_back_as_for_an_unknown_report(self):
        self.client.force_login(preparer(UnitFactory()))
        response = self.client.get(preview_url(self.report))
        self.assertRedirects(response, reverse("admin:index"))
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any(str(self.report.pk) in m for m in messages), messages)

    def test_an_unknown_report_id_is_sent_back_to_the_admin_index(self):
        self.client.force_login(self.superuser)
        response = self.client.get(
            reverse("admin:disclosure_report_preview", args=["999999"])
        )
        self.assertRedirects(response, reverse("admin:index"))

    def test_a_member_without_view_permission_is_refused(self):
        self.client.force_login(preparer(self.unit, can_view=False))
        response = self.client.get(preview_url(self.report))
        self.assertEqual(response.status_code, 403)

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        response = self.client.get(preview_url(self.report))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])


class DocumentPreviewTests(TestCase):
    """The whole report from the draft, exactly as its page will be published."""

    def setUp(self):
        self.unit = UnitFactory(name="景德镇市数字城市管理服务中心")
        self.report = with_lines(ReportFactory(unit=self.unit), 3)
        self.superuser = UserFactory(username="admin", is_superuser=True)

    def test_the_draft_reads_as_its_published_page_will(self):
        from disclosure.document import build_document
        from disclosure.snapshots import render_page_body

        self.client.force_login(self.superuser)
        url = reverse("admin:disclosure_report_document", args=[self.report.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("草稿预览，尚未公开", html)
        self.assertIn(render_page_body(build_document(self.report)), html)
        doc = build_document(self.report)
        for part in doc.outline:
            self.assertIn(part.heading, html)
        for section in doc.narrative.sections:
            self.assertIn(section.heading, html)
            for paragraph in section.paragraphs:
                self.assertIn(escape(paragraph), html)

    def test_the_check_page_and_the_change_page_link_to_it(self):
        self.client.force_login(self.superuser)
        url = reverse("admin:disclosure_report_document", args=[self.report.pk])
        for page in ("admin:disclosure_report_change", "admin:disclosure_report_check"):
            with self.subTest(page=page):
                response = self.client.get(reverse(page, args=[self.report.pk]))
                self.assertContains(response, f'href="{url}"')

    def test_another_units_preparer_is_sent_back_as_for_an_unknown_report(self):
        self.client.force_login(preparer(UnitFactory()))
        url = reverse("admin:disclosure_report_document", args=[self.report.pk])
        self.assertRedirects(self.client.get(url), reverse("admin:index"))
