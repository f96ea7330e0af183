"""Every change to a fact is recorded with who and when; the admin shows it and diffs two moments."""

from decimal import Decimal as D

from django.urls import reverse

from disclosure.history import diff_between, recent_changes
from disclosure.models import IncomeLine, ReviewLog
from disclosure.services import save_grid
from disclosure.workflow import report_return
from tests.disclosure.test_workflow import WorkflowTestCase


class HistoryTests(WorkflowTestCase):
    def edit_income(self, other):
        rows = [
            {
                "code": line.function_code.code,
                **{f: str(getattr(line, f)) for f in IncomeLine.AMOUNT_FIELDS},
            }
            for line in self.report.income_lines.select_related("function_code")
        ]
        for row in rows:
            if row["code"] == "2120199":
                row["other"] = other
        save_grid(self.report, "income", rows, self.preparer)

    def test_a_grid_change_is_recorded_with_who_and_what(self):
        self.edit_income("7.00")
        entry = recent_changes(self.report)[0]
        self.assertEqual(entry.kind, "修改")
        self.assertEqual(entry.key, "2120199")
        self.assertEqual(
            [(f.field, f.old, f.new) for f in entry.fields],
            [("其他收入", D("6.00"), D("7.00"))],
        )

    def test_the_diff_between_submission_and_now_lists_what_changed_after_return(self):
        self.to_submitted()
        submitted_at = ReviewLog.objects.get().at
        report_return(self.report, self.reviewer, "其他收入有误。")
        self.edit_income("7.00")
        diff = diff_between(self.report, submitted_at, None)
        self.assertEqual(
            [(c.key, c.field, c.old, c.new) for c in diff],
            [("2120199", "其他收入", D("6.00"), D("7.00"))],
        )

    def test_the_admin_page_shows_changes_and_the_diff(self):
        self.to_submitted()
        log = ReviewLog.objects.get()
        report_return(self.report, self.reviewer, "其他收入有误。")
        self.edit_income("7.00")
        self.client.force_login(self.preparer)
        url = reverse("admin:disclosure_report_changes", args=[self.report.pk])
        response = self.client.get(url, {"a": log.pk, "b": "now"})
        self.assertContains(response, "1 处不同")
        self.assertContains(response, "其他收入")
        response = self.client.get(url, {"a": "junk"})
        self.assertEqual(response.status_code, 200)

    def test_another_units_history_is_not_found(self):
        self.client.force_login(self.other_reviewer)
        url = reverse("admin:disclosure_report_changes", args=[self.report.pk])
        self.assertRedirects(self.client.get(url), reverse("admin:index"))

    def test_the_review_log_is_read_only(self):
        self.to_submitted()
        self.client.force_login(self.reviewer)
        log = ReviewLog.objects.get()
        change = reverse("admin:disclosure_reviewlog_change", args=[log.pk])
        self.assertEqual(self.client.get(change).status_code, 200)
        self.client.post(change, {"comment": "篡改"})
        log.refresh_from_db()
        self.assertEqual(log.comment, "")
        self.assertEqual(
            self.client.get(reverse("admin:disclosure_reviewlog_add")).status_code, 403
        )


class ReasonHistoryTests(WorkflowTestCase):
    def test_a_reason_is_named_by_its_chinese_label_not_its_key(self):
        from disclosure.entry import fact_writes
        from disclosure.models import Reason

        with fact_writes(self.report, self.preparer) as writer:
            writer.save(
                Reason(report=self.report, key="basic_class:301", text="人员增加")
            )
        entry = recent_changes(self.report)[0]
        self.assertEqual(entry.key, "基本支出 工资福利支出")
        self.client.force_login(self.preparer)
        url = reverse("admin:disclosure_report_changes", args=[self.report.pk])
        response = self.client.get(url)
        self.assertContains(response, "基本支出 工资福利支出")
        self.assertNotContains(response, "basic_class:301")

    def test_a_last_year_figure_is_named_in_chinese_not_by_its_key(self):
        from disclosure.entry import fact_writes
        from disclosure.models import PriorYearFigure

        figure = PriorYearFigure.objects.filter(report=self.report).first()
        if figure is None:
            figure = PriorYearFigure(report=self.report, key="closing_total")
        figure.amount = D("3.21")
        with fact_writes(self.report, self.preparer) as writer:
            writer.save(figure)
        entry = recent_changes(self.report)[0]
        label = dict(PriorYearFigure.Key.choices)[figure.key]
        self.assertEqual(entry.key, f"上年{label}")
        self.assertNotIn("_", entry.key)
