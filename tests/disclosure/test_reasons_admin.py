"""The 原因说明 page: every slot of the narrative, in Chinese, saved through the fact writer."""

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse

from disclosure.models import REASON_MAX_LENGTH, Reason
from disclosure.reason_labels import slot_anchor
from disclosure.workflow import report_submit
from tests.disclosure.test_preview import preparer
from tests.disclosure.test_review_admin import check_url, preparer_of
from tests.factories import UnitFactory
from tests.scenarios import consistent_report

LABEL = "支出决算情况说明 年末结转和结余"
BUDGET_KEY = "three_public:vehicle_operation:budget"
QUERY_BUDGET = 25


def reasons_url(report):
    return reverse("admin:disclosure_report_reasons", args=[report.pk])


class ReasonsPageTests(TestCase):
    def setUp(self):
        self.report = consistent_report()
        Reason.objects.filter(report=self.report, key="closing_total").delete()
        self.user = preparer_of(self.report.unit)
        self.client.force_login(self.user)

    def form(self, response, **texts):
        data = {"version": response.context["version"]}
        for row in response.context["rows"]:
            data[row["anchor"]] = row["text"]
        data.update(texts)
        return data

    def test_a_missing_reason_is_listed_in_chinese_with_its_sentence(self):
        response = self.client.get(reasons_url(self.report))
        self.assertEqual(response.status_code, 200)
        row = next(r for r in response.context["rows"] if r["slot"].where == LABEL)
        self.assertTrue(row["slot"].required)
        self.assertFalse(row["slot"].filled)
        self.assertIn("年末结转和结余", row["slot"].sentence)
        self.assertContains(response, LABEL)
        self.assertContains(response, f'id="{slot_anchor("closing_total")}"')
        self.assertNotContains(response, ">closing_total<")

    def test_a_missing_reason_is_saved_from_the_page_and_unblocks_r1(self):
        page = self.client.get(reasons_url(self.report))
        anchor = slot_anchor("closing_total")
        response = self.client.post(
            reasons_url(self.report), self.form(page, **{anchor: "结余资金增加。"})
        )
        self.assertRedirects(response, reasons_url(self.report))
        reason = Reason.objects.get(report=self.report, key="closing_total")
        self.assertEqual(reason.text, "结余资金增加。")
        self.assertEqual(reason.history.first().history_user, self.user)
        check = self.client.get(check_url(self.report))
        self.assertNotIn("R-1", [f.rule_id for f in check.context["errors"]])

    def test_a_too_long_reason_is_refused_naming_its_slot_and_nothing_is_saved(self):
        page = self.client.get(reasons_url(self.report))
        response = self.client.post(
            reasons_url(self.report),
            self.form(
                page,
                **{
                    slot_anchor("closing_total"): "因" * (REASON_MAX_LENGTH + 1),
                    slot_anchor(BUDGET_KEY): "另一处改动。",
                },
            ),
        )
        self.assertEqual(response.status_code, 200)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any(LABEL in m for m in messages), messages)
        self.assertFalse(
            Reason.objects.filter(report=self.report, key="closing_total").exists()
        )
        self.assertNotEqual(
            Reason.objects.get(report=self.report, key=BUDGET_KEY).text,
            "另一处改动。",
        )

    def test_a_save_from_a_stale_page_is_refused(self):
        page = self.client.get(reasons_url(self.report))
        Reason.objects.filter(report=self.report, key=BUDGET_KEY).update(
            text="他人刚改过。"
        )
        response = self.client.post(
            reasons_url(self.report),
            self.form(page, **{slot_anchor("closing_total"): "结余资金增加。"}),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(
            Reason.objects.filter(report=self.report, key="closing_total").exists()
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("已被修改" in m for m in messages), messages)

    def test_r1_names_the_slot_in_chinese_and_links_to_its_row(self):
        response = self.client.get(check_url(self.report))
        row = next(
            r for r in response.context["errors"] if r["finding"].rule_id == "R-1"
        )
        self.assertEqual(row["finding"].message, f"缺少原因说明：{LABEL}")
        self.assertEqual(
            row["url"], reasons_url(self.report) + "#" + slot_anchor("closing_total")
        )
        self.assertContains(response, f'href="{reasons_url(self.report)}"')

    def test_the_change_page_links_to_it(self):
        change = reverse("admin:disclosure_report_change", args=[self.report.pk])
        self.assertContains(
            self.client.get(change), f'href="{reasons_url(self.report)}"'
        )

    def test_a_submitted_report_is_shown_read_only_and_refuses_a_save(self):
        Reason.objects.create(report=self.report, key="closing_total", text="结余。")
        report_submit(self.report, self.user)
        response = self.client.get(reasons_url(self.report))
        self.assertFalse(response.context["editable"])
        self.assertNotContains(response, "保存原因说明")
        refused = self.client.post(
            reasons_url(self.report), {slot_anchor("closing_total"): "x"}
        )
        self.assertEqual(refused.status_code, 403)

    def test_another_units_preparer_is_sent_back_as_for_an_unknown_report(self):
        self.client.force_login(preparer_of(UnitFactory(), username="outsider"))
        response = self.client.get(reasons_url(self.report))
        self.assertRedirects(response, reverse("admin:index"))

    def test_a_member_without_view_permission_is_refused(self):
        self.client.force_login(preparer(self.report.unit, can_view=False))
        self.assertEqual(self.client.get(reasons_url(self.report)).status_code, 403)

    def test_a_stale_stored_reason_is_listed_with_a_readable_label(self):
        Reason.objects.create(report=self.report, key="basic_class:399", text="旧的。")
        response = self.client.get(reasons_url(self.report))
        labels = [r["slot"].where for r in response.context["rows"]]
        self.assertIn("基本支出 其他支出", labels)


class ReasonsPageQueryTests(TestCase):
    def test_the_page_costs_a_fixed_number_of_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        report = consistent_report()
        self.client.force_login(preparer_of(report.unit))
        self.client.get(reasons_url(report))  # warm the session and content types
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(reasons_url(report)).status_code, 200)
        # Session, user, permissions, the scoped report, the rules' facts, the
        # 类 names and the version of the stored reasons: 22 when written.
        self.assertLessEqual(len(queries), QUERY_BUDGET)


class ReasonsBesideFiguresTests(TestCase):
    """A grid shows, under each 类 row, the reason the narrative asks for on it, with its box."""

    def setUp(self):
        self.report = consistent_report()
        self.client.force_login(preparer_of(self.report.unit))
        page = self.client.get(reasons_url(self.report))
        self.slot = next(
            r["slot"]
            for r in page.context["rows"]
            if r["slot"].key.startswith("fiscal_class:")
        )
        self.code = self.slot.key.partition(":")[2]
        self.grid = reverse(
            "admin:disclosure_report_grid", args=[self.report.pk, "fiscal-general"]
        )

    def test_the_grid_shows_the_sentence_and_box_under_the_class_row(self):
        response = self.client.get(self.grid)
        self.assertContains(response, f'data-reason-code="{self.code}"')
        self.assertContains(response, self.slot.sentence)
        self.assertContains(
            response, f'name="{slot_anchor(self.slot.key)}" form="grid-reasons"'
        )
        self.assertNotContains(response, f">{self.slot.key}<")

    def test_a_reason_written_in_the_grid_is_saved_and_the_grid_comes_back(self):
        response = self.client.get(self.grid)
        version = response.context["reasons_version"]
        saved = self.client.post(
            reasons_url(self.report),
            {
                "version": version,
                "next": self.grid,
                slot_anchor(self.slot.key): "项目结转，年中追加。",
            },
        )
        self.assertRedirects(saved, self.grid)
        self.assertEqual(
            Reason.objects.get(report=self.report, key=self.slot.key).text,
            "项目结转，年中追加。",
        )

    def test_a_next_address_outside_the_report_is_ignored(self):
        response = self.client.get(self.grid)
        saved = self.client.post(
            reasons_url(self.report),
            {
                "version": response.context["reasons_version"],
                "next": "https://example.com/",
                slot_anchor(self.slot.key): "原因。",
            },
        )
        self.assertRedirects(saved, reasons_url(self.report))
