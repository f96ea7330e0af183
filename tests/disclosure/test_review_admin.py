"""The 审核 page in the admin, the submission gate, and the public rule catalogue."""

from decimal import Decimal as D

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from disclosure.models import Reason, Report, RuleExplanation
from disclosure.rules import GUARANTEES, REGISTRY
from disclosure.workflow import TransitionRefused, report_submit, submission_gate
from tests.disclosure.test_grids import grid_post, page_version
from tests.factories import (
    BasicExpenditureLineFactory,
    MembershipFactory,
    UserFactory,
    economic_code,
)
from tests.scenarios import consistent_report

PERMISSIONS = ["view_report", "change_report", "submit_report"]


def preparer_of(unit, username="kuaiji"):
    user = UserFactory(username=username)
    user.user_permissions.add(*Permission.objects.filter(codename__in=PERMISSIONS))
    MembershipFactory(user=user, unit=unit)
    return user


def check_url(report):
    return reverse("admin:disclosure_report_check", args=[report.pk])


def break_x14(report):
    BasicExpenditureLineFactory(
        report=report, economic_code=economic_code("30211"), amount=D("0.08")
    )


def raise_x19_warning(report):
    report.prior_figures.filter(key="closing_total").update(amount=D("4.00"))


class SubmissionGateTests(TestCase):
    def setUp(self):
        self.report = consistent_report()
        self.user = preparer_of(self.report.unit)

    def test_a_consistent_report_can_be_submitted(self):
        report_submit(self.report, self.user)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)

    def test_it_refuses_submit_with_errors_and_changes_nothing(self):
        break_x14(self.report)
        with self.assertRaisesMessage(TransitionRefused, "X-14"):
            report_submit(self.report, self.user)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.DRAFT)

    def test_a_warning_needs_a_written_explanation(self):
        raise_x19_warning(self.report)
        with self.assertRaisesMessage(TransitionRefused, "警告尚未填写说明"):
            report_submit(self.report, self.user)
        RuleExplanation.objects.create(
            report=self.report, rule_id="X-19", text="年初数经会计差错更正调整。"
        )
        self.assertTrue(submission_gate(self.report).open)
        report_submit(self.report, self.user)

    def test_a_missing_required_reason_blocks_submission(self):
        Reason.objects.filter(report=self.report, key="closing_total").delete()
        with self.assertRaisesMessage(TransitionRefused, "缺少原因说明"):
            report_submit(self.report, self.user)

    def test_only_a_draft_can_be_submitted(self):
        report_submit(self.report, self.user)
        with self.assertRaisesMessage(
            TransitionRefused, "报告当前状态为“已提交”，不能改为“已提交”"
        ):
            report_submit(self.report, self.user)

    def test_a_user_outside_the_unit_cannot_submit(self):
        outsider = preparer_of(consistent_report().unit, username="outsider")
        with self.assertRaises(TransitionRefused):
            report_submit(self.report, outsider)


class ReviewPageTests(TestCase):
    def setUp(self):
        self.report = consistent_report()
        self.user = preparer_of(self.report.unit)
        self.client.force_login(self.user)

    def test_it_lists_findings_by_severity_with_a_link_to_fix_them(self):
        break_x14(self.report)
        raise_x19_warning(self.report)
        response = self.client.get(check_url(self.report))
        self.assertContains(response, "错误（须改正后才能提交）")
        self.assertContains(response, "X-14")
        self.assertContains(
            response,
            reverse("admin:disclosure_report_grid", args=[self.report.pk, "basic"]),
        )
        self.assertContains(response, "警告（须填写说明）")
        self.assertContains(response, 'name="explain-X-19"')
        self.assertContains(response, "尚不能提交")

    def test_an_explanation_is_saved_and_the_report_submitted(self):
        raise_x19_warning(self.report)
        response = self.client.post(
            check_url(self.report), {"explain-X-19": "年初数经调整。", "submit": "1"}
        )
        self.assertEqual(response.status_code, 302)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.SUBMITTED)
        self.assertEqual(
            RuleExplanation.objects.get(report=self.report).text, "年初数经调整。"
        )

    def test_submitting_with_an_error_shows_why_and_keeps_the_draft(self):
        break_x14(self.report)
        response = self.client.post(
            check_url(self.report), {"submit": "1"}, follow=True
        )
        self.assertContains(response, "审核未通过，不能提交")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.DRAFT)

    def test_another_units_report_is_not_found(self):
        other = consistent_report()
        response = self.client.get(check_url(other))
        self.assertRedirects(response, reverse("admin:index"))
        response = self.client.post(check_url(other), {"submit": "1"})
        other.refresh_from_db()
        self.assertEqual(other.status, Report.Status.DRAFT)

    def test_every_grid_save_reruns_the_check(self):
        url = reverse("admin:disclosure_report_grid", args=[self.report.pk, "basic"])
        rows = [
            {"code": line.economic_code.code, "amount": str(line.amount)}
            for line in self.report.basic_lines.select_related("economic_code")
        ]
        economic_code("30211")
        rows.append({"code": "30211", "amount": "0.08"})
        version = page_version(self.client, url)
        response = self.client.post(
            url, grid_post(rows, fields=("amount",), version=version), follow=True
        )
        texts = [str(m) for m in response.context["messages"]]
        self.assertTrue(any("已保存" in t for t in texts), texts)
        self.assertTrue(any("审核已重新运行：错误 1 项" in t for t in texts), texts)


class RuleCatalogueTests(TestCase):
    def test_the_public_catalogue_lists_every_rule(self):
        response = self.client.get(reverse("disclosure:rules"))
        self.assertEqual(response.status_code, 200)
        for rule_id, rule in REGISTRY.items():
            self.assertContains(response, f'id="rule-{rule_id}"')
            self.assertContains(response, rule.title)
        self.assertContains(response, "错误")
        self.assertContains(response, "警告")

    def test_it_also_lists_what_holds_by_construction(self):
        response = self.client.get(reverse("disclosure:rules"))
        self.assertContains(response, "由平台保证、无需单独检查的关系")
        for guarantee in GUARANTEES:
            self.assertContains(response, f'id="rule-{guarantee.id}"')
            self.assertContains(response, guarantee.how)
