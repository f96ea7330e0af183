"""No lost updates: a grid save or an import confirmation made from an out-of-date page is refused."""

import threading
from datetime import timedelta
from decimal import Decimal as D
from unittest import skipUnless

from django.db import connection
from django.test import Client, TransactionTestCase
from django.utils import timezone

from disclosure.forms import GRID_GROUPS
from disclosure.models import ExpenditureLine, Report
from disclosure.services import save_grid
from disclosure.versions import StaleVersion, Version, grid_scope, read_token
from tests.disclosure.test_grids import (
    GridTestCase,
    grid_post,
    grid_url,
    page_version,
    preparer_of,
)
from tests.factories import ExpenditureLineFactory
from tests.scenarios import force_status


class TwoUsersOnOneGridTests(GridTestCase):
    """Two people open the same grid; the first saves, then the second."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zhang = preparer_of(cls.report.unit, "张三")
        cls.li = preparer_of(cls.report.unit, "李四")

    def setUp(self):
        self.line = ExpenditureLineFactory(
            report=self.report,
            function_code=self.other_urban,
            basic=D("10.00"),
            project=D("0"),
        )
        self.url = grid_url(self.report)
        self.first, self.second = Client(), Client()
        self.first.force_login(self.zhang)
        self.second.force_login(self.li)
        self.first_version = page_version(self.first, self.url)
        self.second_version = page_version(self.second, self.url)

    def save(self, client, version, rows):
        return client.post(self.url, grid_post(rows, version=version))

    def test_a_row_added_by_the_first_is_not_deleted_by_the_second(self):
        first = self.save(
            self.first,
            self.first_version,
            [{"code": "2120199", "basic": "10"}, {"code": "2120101", "basic": "5"}],
        )
        second = self.save(
            self.second,
            self.second_version,
            [{"code": "2120199", "basic": "10"}, {"code": "2080505", "basic": "3"}],
        )

        self.assertRedirects(first, self.url)
        self.assertEqual(second.status_code, 200)
        self.assertContains(second, "的数据已被修改")
        self.assertContains(second, "张三 于")
        self.assertContains(second, "新增了 2120101 行政运行（基本支出 5.00）")
        self.assertContains(second, "本次提交的内容均未保存")
        codes = set(
            ExpenditureLine.objects.filter(report=self.report).values_list(
                "function_code__code", flat=True
            )
        )
        self.assertEqual(codes, {"2120199", "2120101"})

    def test_a_figure_changed_by_the_first_is_not_reverted_by_the_second(self):
        self.save(self.first, self.first_version, [{"code": "2120199", "basic": "12"}])
        second = self.save(
            self.second,
            self.second_version,
            [{"code": "2120199", "basic": "10"}, {"code": "2080505", "basic": "3"}],
        )

        self.assertContains(
            second, "修改了 2120199 其他城乡社区管理事务支出 的 基本支出：10.00 → 12.00"
        )
        self.line.refresh_from_db()
        self.assertEqual(self.line.basic, D("12.00"))
        self.assertFalse(
            ExpenditureLine.objects.filter(function_code=self.pension).exists()
        )

    def test_the_refused_page_keeps_the_input_and_a_second_save_goes_through(self):
        self.save(self.first, self.first_version, [{"code": "2120199", "basic": "12"}])
        rows = [{"code": "2120199", "basic": "10"}, {"code": "2080505", "basic": "3"}]
        refused = self.save(self.second, self.second_version, rows)

        shown = [(r["code"], r["cells"][0]["value"]) for r in refused.context["rows"]]
        self.assertEqual(shown[:2], [("2120199", "10"), ("2080505", "3")])
        # Having read what changed, the second user saves their rows on purpose.
        again = self.save(self.second, refused.context["version"], rows)

        self.assertRedirects(again, self.url)
        self.line.refresh_from_db()
        self.assertEqual(self.line.basic, D("10.00"))

    def test_saves_made_one_after_the_other_from_fresh_pages_both_go_through(self):
        first = self.save(
            self.first, self.first_version, [{"code": "2120199", "basic": "12"}]
        )
        second = self.save(
            self.second,
            page_version(self.second, self.url),
            [{"code": "2120199", "basic": "12"}, {"code": "2080505", "basic": "3"}],
        )

        self.assertRedirects(first, self.url)
        self.assertRedirects(second, self.url)
        self.assertEqual(ExpenditureLine.objects.filter(report=self.report).count(), 2)

    def test_a_change_to_another_grid_does_not_make_this_one_stale(self):
        self.first.post(
            grid_url(self.report, "income"),
            grid_post(
                [{"code": "2120199", "general_budget": "1"}],
                fields=("general_budget",),
                version=page_version(self.first, grid_url(self.report, "income")),
            ),
        )
        second = self.save(
            self.second, self.second_version, [{"code": "2120199", "basic": "11"}]
        )

        self.assertRedirects(second, self.url)

    def test_a_change_undone_before_the_save_does_not_refuse_it(self):
        self.line.basic = D("12.00")
        self.line.save()
        self.line.basic = D("10.00")
        self.line.save()

        second = self.save(
            self.second, self.second_version, [{"code": "2120199", "basic": "11"}]
        )

        self.assertRedirects(second, self.url)


class MissingVersionTests(GridTestCase):
    def setUp(self):
        super().setUp()
        self.line = ExpenditureLineFactory(
            report=self.report, function_code=self.other_urban, basic=D("10.00")
        )

    def assertRefused(self, version):
        rows = [{"code": "2120199", "basic": "99"}]
        response = self.client.post(
            grid_url(self.report), grid_post(rows, version=version)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "本页缺少有效的版本标识")
        self.assertContains(response, "本次提交的内容均未保存")
        self.line.refresh_from_db()
        self.assertEqual(self.line.basic, D("10.00"))
        # The page shown again carries a valid version to save with.
        self.assertIsNotNone(
            read_token(
                response.context["version"],
                grid_scope(self.report, GRID_GROUPS["expenditure"]),
            )
        )

    def test_a_save_without_a_version_is_refused(self):
        self.assertRefused("")

    def test_a_forged_version_is_refused(self):
        self.assertRefused("eyJzIjoiZ3JpZDoxOmV4cGVuZGl0dXJlIn0:forged")

    def test_the_version_of_another_grid_is_refused(self):
        self.assertRefused(page_version(self.client, grid_url(self.report, "income")))

    def test_a_submitted_report_still_answers_with_its_status(self):
        force_status(self.report, Report.Status.SUBMITTED)

        response = self.client.post(
            grid_url(self.report), grid_post([{"code": "2120199", "basic": "9"}])
        )

        self.assertContains(response, "只有草稿状态的报告可以修改")


class SaveGridVersionTests(GridTestCase):
    def test_the_service_refuses_a_stale_version_and_saves_nothing(self):
        stale = Version(
            grid_scope(self.report, GRID_GROUPS["expenditure"]),
            "0" * 64,
            timezone.now() - timedelta(minutes=5),
        )
        ExpenditureLineFactory(
            report=self.report, function_code=self.other_urban, basic=D("1.00")
        )

        with self.assertRaises(StaleVersion) as caught:
            save_grid(
                self.report,
                "expenditure",
                [{"code": "2080505", "basic": "3"}],
                self.admin,
                version=stale,
            )

        self.assertIn("新增了 2120199", str(caught.exception))
        self.assertEqual(ExpenditureLine.objects.count(), 1)


@skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class SimultaneousGridSaveTests(TransactionTestCase):
    """Two people press 保存 on the same grid at the same moment."""

    def test_one_save_wins_and_the_other_is_refused_with_nothing_lost(self):
        from disclosure import versions
        from tests.factories import (
            ReportFactory,
            UnitFactory,
            UserFactory,
            function_code,
        )

        function_code("21201", "城乡社区管理事务")
        function_code("2120199", "其他城乡社区管理事务支出")
        function_code("2120101", "行政运行")
        report = ReportFactory(unit=UnitFactory(name="数字城市管理服务中心"))
        # Transactional tests flush the role groups the migrations made; the
        # test is about the row lock, so both people are superusers.
        first, second = (
            UserFactory(username=name, is_superuser=True) for name in ("zhang", "li")
        )
        group = GRID_GROUPS["expenditure"]
        # Both opened the page before either saved: the same version.
        version = versions.grid_version(report, group, list(group.lines(report)))
        rows = {
            first: [{"code": "2120199", "basic": "10"}],
            second: [{"code": "2120101", "basic": "20"}],
        }
        barrier = threading.Barrier(2)
        outcomes = {}

        def press_save(user):
            try:
                barrier.wait()
                save_grid(report, "expenditure", rows[user], user, version=version)
                outcomes[user.username] = "saved"
            except StaleVersion as exc:
                outcomes[user.username] = str(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=press_save, args=(u,)) for u in rows]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        saved = [name for name, outcome in outcomes.items() if outcome == "saved"]
        self.assertEqual(len(saved), 1, outcomes)
        refused = next(o for o in outcomes.values() if o != "saved")
        self.assertIn("新增了", refused)
        winner = first if saved == ["zhang"] else second
        codes = set(
            ExpenditureLine.objects.filter(report=report).values_list(
                "function_code__code", flat=True
            )
        )
        self.assertEqual(codes, {rows[winner][0]["code"]})
