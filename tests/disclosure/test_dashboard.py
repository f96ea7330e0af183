"""The supervisors' deadline dashboard: 批复 + 20 days, days left or overdue, coverage, Excel."""

import datetime
from io import BytesIO

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from disclosure.deadlines import DeadlineRow, deadline_dashboard, deadline_for
from disclosure.models import Report
from tests.disclosure.test_workflow import person
from tests.factories import ReportFactory, UnitFactory
from tests.scenarios import force_status
from units.models import Membership, Unit

TODAY = datetime.date(2023, 9, 1)


class DeadlineRuleTests(TestCase):
    def test_the_deadline_is_twenty_days_after_approval(self):
        self.assertEqual(
            deadline_for(datetime.date(2023, 8, 15)), datetime.date(2023, 9, 4)
        )
        self.assertIsNone(deadline_for(None))

    def test_days_left_and_overdue(self):
        unit = UnitFactory()
        due_soon = ReportFactory(unit=unit, approval_date=datetime.date(2023, 8, 15))
        row = DeadlineRow(unit, due_soon, TODAY)
        self.assertEqual(
            (row.days_left, row.state, row.overdue), (3, "剩余 3 天", False)
        )
        late = DeadlineRow(unit, due_soon, datetime.date(2023, 9, 10))
        self.assertEqual(
            (late.days_left, late.state, late.overdue), (-6, "已逾期 6 天", True)
        )
        self.assertEqual(DeadlineRow(unit, None, TODAY).state, "未批复")


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = UnitFactory(code="D100", name="示例市城市管理局")
        cls.units = [
            UnitFactory(code=f"U10{i}", name=f"下属单位{i}", parent=cls.department)
            for i in range(3)
        ]
        cls.outside = UnitFactory(code="X100", name="示例市教育局")
        year_reports = [
            ReportFactory(unit=cls.units[0], approval_date=datetime.date(2023, 8, 1)),
            ReportFactory(unit=cls.units[1], approval_date=datetime.date(2023, 8, 30)),
        ]
        force_status(
            year_reports[0],
            Report.Status.PUBLISHED,
            freeze=False,
            published_at=timezone.now(),
        )
        cls.reviewer = person(
            "shenhe", "审核人", cls.department, Membership.Role.REVIEWER
        )

    def test_coverage_counts_units_of_the_scope(self):
        board = deadline_dashboard(Unit.objects.exclude(code="X100"), 2022, TODAY)
        self.assertEqual(len(board.rows), 4)
        self.assertEqual(board.published_count, 1)
        self.assertEqual(str(board.coverage), "25.0")
        self.assertEqual([r.status_label for r in board.rows][-1], "未创建")

    def test_the_page_shows_only_the_supervisors_units(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(
            reverse("admin:disclosure_report_dashboard"), {"year": 2022}
        )
        self.assertContains(response, "下属单位1")
        self.assertNotContains(response, "示例市教育局")
        self.assertContains(response, "公开率 25.0%")

    def test_filters_and_a_bad_year_do_not_break_the_page(self):
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_dashboard")
        response = self.client.get(url, {"year": "abc", "state": "published"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "下属单位0")
        self.assertNotContains(response, "下属单位2")

    def test_it_exports_to_excel(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(
            reverse("admin:disclosure_report_dashboard"),
            {"year": 2022, "format": "xlsx"},
        )
        self.assertIn("filename*=UTF-8''", response["Content-Disposition"])
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        self.assertEqual([r[0] for r in rows], ["D100", "U100", "U101", "U102"])
        self.assertEqual(rows[1][3], "已公开")
        self.assertEqual(rows[1][4].date(), datetime.date(2023, 8, 1))
        header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
        self.assertEqual(header[6:8], ("公开日期", "是否按时公开"))
        # Published today, long after its deadline (批复 + 20 days).
        self.assertEqual(rows[1][6].date(), timezone.localdate())
        self.assertEqual(rows[1][7], "否")
