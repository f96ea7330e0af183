"""entry.FactWriter and fact_writes: the one write path of facts."""

from decimal import Decimal as D
from unittest import mock

from django.db import connection
from django.test import TestCase

from disclosure.entry import EditRefused, FactWriter, fact_writes
from disclosure.models import Balances, ExpenditureLine, PriorYearFigure, Report
from tests.disclosure.test_grids import preparer_of
from tests.factories import (
    BalancesFactory,
    ExpenditureLineFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    function_code,
)
from tests.scenarios import force_status


class FactWritesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="admin", is_superuser=True)
        cls.report = ReportFactory()
        cls.code = function_code("2120199", "其他城乡社区管理事务支出")


class LockAndStatusTests(FactWritesTestCase):
    def test_it_refuses_a_report_that_is_no_longer_a_draft(self):
        force_status(self.report, Report.Status.SUBMITTED)

        with self.assertRaisesMessage(EditRefused, "只有草稿状态的报告可以修改"):
            with fact_writes(self.report, self.admin) as writer:
                writer.sync_one(Balances, {"opening_total": D("1.00")})
        self.assertFalse(Balances.objects.exists())

    def test_it_reads_the_status_under_the_lock_not_from_the_callers_copy(self):
        stale = Report.objects.get(pk=self.report.pk)
        force_status(self.report, Report.Status.SUBMITTED)

        with self.assertRaises(EditRefused), fact_writes(stale, self.admin):
            pass

    def test_it_checks_permission_and_scope_unless_the_caller_has(self):
        outsider = preparer_of(UnitFactory(), "waiwei")

        with self.assertRaisesMessage(EditRefused, "不在您可以填报的单位范围内"):
            with fact_writes(self.report, outsider):
                pass
        with fact_writes(self.report, outsider, permission=False) as writer:
            self.assertEqual(writer.report.pk, self.report.pk)

    def test_begin_outside_a_transaction_is_a_programming_error(self):
        # TestCase runs each test in a transaction; pretend it does not.
        with mock.patch.object(connection, "in_atomic_block", False):
            with self.assertRaises(RuntimeError):
                FactWriter.begin(self.report, self.admin)

    def test_a_permission_check_needs_a_user(self):
        with self.assertRaises(ValueError), fact_writes(self.report):
            pass

    def test_a_row_of_another_report_is_refused(self):
        other = BalancesFactory(report=ReportFactory())

        with (
            self.assertRaises(ValueError),
            fact_writes(self.report, self.admin) as writer,
        ):
            writer.update(other, {"opening_total": D("2.00")})


class WriteTests(FactWritesTestCase):
    def test_it_returns_what_changed_and_touches_the_report(self):
        before = Report.objects.get(pk=self.report.pk).updated_at
        kept = ExpenditureLineFactory(
            report=self.report, function_code=self.code, basic=D("1.00")
        )
        gone = PriorYearFigure.objects.create(
            report=self.report, key=PriorYearFigure.Key.choices[0][0], amount=1
        )

        with fact_writes(self.report, self.admin) as writer:
            writer.update(kept, {"basic": D("2.00"), "project": kept.project})
            writer.sync_one(Balances, {"opening_total": D("3.00")})
            writer.delete(gone)

        self.assertEqual(
            (writer.changes.created, writer.changes.updated, writer.changes.deleted),
            (1, 1, 1),
        )
        self.assertEqual(ExpenditureLine.objects.get().basic, D("2.00"))
        self.assertGreater(Report.objects.get(pk=self.report.pk).updated_at, before)

    def test_an_unchanged_write_changes_nothing_and_leaves_the_report_alone(self):
        line = ExpenditureLineFactory(
            report=self.report, function_code=self.code, basic=D("1.00")
        )
        before = Report.objects.get(pk=self.report.pk).updated_at

        with fact_writes(self.report, self.admin) as writer:
            self.assertFalse(writer.update(line, {"basic": D("1.00")}))

        self.assertFalse(writer.changes.changed)
        self.assertEqual(Report.objects.get(pk=self.report.pk).updated_at, before)

    def test_sync_keeps_rows_whose_key_stays_and_deletes_the_others(self):
        kept = ExpenditureLineFactory(report=self.report, function_code=self.code)
        other = ExpenditureLineFactory(
            report=self.report, function_code=function_code("2080505", "养老")
        )

        with fact_writes(self.report, self.admin) as writer:
            writer.sync(
                {kept.function_code_id: kept, other.function_code_id: other},
                {kept.function_code_id: {"basic": D("5.00")}},
                lambda code_id, values: ExpenditureLine(
                    report=self.report, function_code_id=code_id, **values
                ),
            )

        self.assertEqual(
            list(ExpenditureLine.objects.values_list("pk", "basic")),
            [(kept.pk, D("5.00"))],
        )
        self.assertEqual(writer.changes.deleted, 1)

    def test_every_write_is_recorded_in_history_with_its_user(self):
        with fact_writes(self.report, self.admin) as writer:
            writer.sync_one(Balances, {"opening_total": D("3.00")})
        with fact_writes(self.report, self.admin) as writer:
            writer.sync_one(Balances, None)

        records = Balances.history.order_by("history_date")
        self.assertEqual(
            [(r.history_type, r.history_user) for r in records],
            [("+", self.admin), ("-", self.admin)],
        )

    def test_bulk_created_rows_get_a_history_record_each(self):
        with fact_writes(self.report, self.admin) as writer:
            writer.bulk_create(
                ExpenditureLine,
                [ExpenditureLine(report=self.report, function_code=self.code)],
                "测试",
            )

        record = ExpenditureLine.history.get()
        self.assertEqual(
            (record.history_change_reason, record.history_user), ("测试", self.admin)
        )
        self.assertEqual(writer.changes.created, 1)

    def test_nothing_is_written_when_the_entry_fails_half_way(self):
        with self.assertRaisesMessage(RuntimeError, "中途失败"):
            with fact_writes(self.report, self.admin) as writer:
                writer.sync_one(Balances, {"opening_total": D("3.00")})
                raise RuntimeError("中途失败")

        self.assertFalse(Balances.objects.exists())


class EntryPathTests(FactWritesTestCase):
    """Each entry path writes through the one service (the model locks stay as the last line)."""

    def test_the_grid_save_writes_through_the_service(self):
        from disclosure import services

        with mock.patch.object(
            services, "fact_writes", wraps=services.fact_writes
        ) as spy:
            services.save_grid(
                self.report,
                "expenditure",
                [{"code": "2120199", "basic": "12."}],
                self.admin,
            )
        spy.assert_called_once()

    def test_the_report_admin_inlines_write_through_the_service(self):
        from disclosure.admin import reports
        from tests.disclosure.test_report_admin import (
            change_url,
            form_data,
            prefix_of,
        )

        self.client.force_login(self.admin)
        page = self.client.get(change_url(self.report))
        data = form_data(page)
        data[f"{prefix_of(page, Balances)}-0-opening_total"] = "1.50"
        with mock.patch.object(
            reports, "fact_writes", wraps=reports.fact_writes
        ) as spy:
            response = self.client.post(change_url(self.report), data)

        self.assertEqual(response.status_code, 302)
        self.assertTrue(spy.called)
        record = Balances.history.get()
        self.assertEqual(record.history_user, self.admin)

    def test_corrections_copy_facts_through_the_service(self):
        from disclosure import revisions

        BalancesFactory(report=self.report, opening_total=D("4.00"))
        target = ReportFactory()
        with mock.patch.object(
            revisions, "fact_writes", wraps=revisions.fact_writes
        ) as spy:
            revisions.copy_facts(self.report, target, self.admin)

        spy.assert_called_once()
        self.assertEqual(Balances.objects.get(report=target).opening_total, D("4.00"))

    def test_corrections_refuse_to_copy_into_a_report_past_draft(self):
        from disclosure.revisions import copy_facts

        target = ReportFactory()
        force_status(target, Report.Status.SUBMITTED, freeze=False)

        with self.assertRaises(EditRefused):
            copy_facts(self.report, target, self.admin)
