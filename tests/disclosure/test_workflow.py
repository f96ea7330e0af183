"""Workflow: 草稿 → 已提交 → 已审核 → 已公开, 退回; roles, scope, audit rows, immutability."""

import datetime
import threading
from decimal import Decimal as D
from unittest import skipUnless

from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from disclosure.models import IncomeLine, Report, ReportLocked, ReviewLog
from disclosure.services import EditRefused, save_grid
from disclosure.workflow import (
    Attestation,
    TransitionRefused,
    report_approve,
    report_publish,
    report_return,
    report_submit,
)
from tests.demo_cache import load_demo_shared
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.scenarios import consistent_report, force_status
from units.models import Membership

TODAY = datetime.date(2023, 8, 20)
ATTESTATION = Attestation("王保密", TODAY, "李主任", TODAY)


def person(username, group, unit, role, email=True):
    user = UserFactory(
        username=username, email=f"{username}@example.org" if email else ""
    )
    user.groups.add(Group.objects.get(name=group))
    MembershipFactory(user=user, unit=unit, role=role)
    return user


class WorkflowTestCase(TestCase):
    def setUp(self):
        self.department = UnitFactory(code="D100", name="示例市城市管理局")
        self.report = consistent_report()
        self.report.unit.parent = self.department
        self.report.unit.save()
        self.preparer = person(
            "kuaiji", "填报人", self.report.unit, Membership.Role.PREPARER
        )
        self.reviewer = person(
            "shenhe", "审核人", self.department, Membership.Role.REVIEWER
        )
        other_department = UnitFactory(code="D200", name="示例市教育局")
        self.other_reviewer = person(
            "waibu", "审核人", other_department, Membership.Role.REVIEWER
        )

    def refresh(self):
        self.report.refresh_from_db()
        return self.report

    def to_submitted(self):
        report_submit(self.report, self.preparer)

    def to_approved(self):
        self.to_submitted()
        report_approve(self.report, self.reviewer, ATTESTATION)

    def to_published(self):
        self.to_approved()
        report_publish(self.report, self.reviewer)


class HappyPathTests(WorkflowTestCase):
    def test_a_report_goes_from_draft_to_published_with_one_log_row_per_move(self):
        self.to_published()
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.PUBLISHED)
        self.assertEqual(report.submitted_by, self.preparer)
        self.assertEqual(report.approved_by, self.reviewer)
        self.assertEqual(report.published_by, self.reviewer)
        self.assertEqual(report.secrecy_reviewer, "王保密")
        self.assertEqual(report.head_signer, "李主任")
        moves = list(
            ReviewLog.objects.filter(report=report)
            .order_by("id")
            .values_list("from_status", "to_status")
        )
        self.assertEqual(
            moves,
            [
                ("draft", "submitted"),
                ("submitted", "approved"),
                ("approved", "published"),
            ],
        )

    def test_return_needs_a_comment_and_goes_back_to_draft(self):
        self.to_submitted()
        with self.assertRaisesMessage(TransitionRefused, "必须填写退回意见"):
            report_return(self.report, self.reviewer, "  ")
        self.assertEqual(self.refresh().status, Report.Status.SUBMITTED)
        report_return(self.report, self.reviewer, "请补充公务接待费的预算说明。")
        self.assertEqual(self.refresh().status, Report.Status.DRAFT)
        log = ReviewLog.objects.get(to_status=Report.Status.DRAFT)
        self.assertEqual(log.comment, "请补充公务接待费的预算说明。")
        self.assertEqual(log.actor, self.reviewer)

    def test_approval_needs_both_attestations(self):
        self.to_submitted()
        with self.assertRaisesMessage(TransitionRefused, "请填写保密审查人"):
            report_approve(
                self.report, self.reviewer, Attestation("", TODAY, "李主任", TODAY)
            )
        with self.assertRaisesMessage(TransitionRefused, "请填写主要负责人审签日期"):
            report_approve(
                self.report, self.reviewer, Attestation("王", TODAY, "李", None)
            )
        self.assertEqual(self.refresh().status, Report.Status.SUBMITTED)
        self.assertFalse(
            ReviewLog.objects.filter(to_status=Report.Status.APPROVED).exists()
        )

    def test_the_people_concerned_are_told_after_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.to_submitted()
        self.assertEqual(mail.outbox[-1].to, ["shenhe@example.org"])
        self.assertIn("待审核", mail.outbox[-1].subject)
        with self.captureOnCommitCallbacks(execute=True):
            report_return(self.report, self.reviewer, "请修改。")
        self.assertEqual(mail.outbox[-1].to, ["kuaiji@example.org"])
        self.assertIn("请修改。", mail.outbox[-1].body)

    def test_nothing_is_sent_when_the_move_fails(self):
        with self.captureOnCommitCallbacks(execute=True):
            with self.assertRaises(TransitionRefused):
                report_publish(self.report, self.reviewer)
        self.assertEqual(mail.outbox, [])


class IllegalMoveTests(WorkflowTestCase):
    def test_a_draft_cannot_be_approved_or_published(self):
        with self.assertRaisesMessage(TransitionRefused, "不能改为“已审核”"):
            report_approve(self.report, self.reviewer, ATTESTATION)
        with self.assertRaisesMessage(TransitionRefused, "不能改为“已公开”"):
            report_publish(self.report, self.reviewer)
        self.assertEqual(self.refresh().status, Report.Status.DRAFT)
        self.assertFalse(ReviewLog.objects.exists())

    def test_a_published_report_cannot_be_returned(self):
        self.to_published()
        with self.assertRaises(TransitionRefused):
            report_return(self.report, self.reviewer, "晚了")
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)


class RoleAndScopeTests(WorkflowTestCase):
    def test_an_accountant_cannot_approve_or_publish(self):
        self.to_submitted()
        with self.assertRaisesMessage(TransitionRefused, "没有审核决算报告的权限"):
            report_approve(self.report, self.preparer, ATTESTATION)
        self.assertEqual(self.refresh().status, Report.Status.SUBMITTED)

    def test_a_supervisor_of_another_department_cannot_act(self):
        self.to_submitted()
        with self.assertRaisesMessage(TransitionRefused, "不在您可以审核的单位范围内"):
            report_approve(self.report, self.other_reviewer, ATTESTATION)
        with self.assertRaises(TransitionRefused):
            report_return(self.report, self.other_reviewer, "越权退回")
        self.assertEqual(self.refresh().status, Report.Status.SUBMITTED)

    def test_a_supervisor_cannot_submit_for_the_unit(self):
        with self.assertRaisesMessage(TransitionRefused, "没有提交决算报告的权限"):
            report_submit(self.report, self.reviewer)

    def test_a_crafted_post_by_the_accountant_changes_nothing(self):
        self.to_submitted()
        self.client.force_login(self.preparer)
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        response = self.client.post(
            url,
            {
                "action": "approve",
                "secrecy_reviewer": "王",
                "secrecy_reviewed_on": "2023-08-20",
                "head_signer": "李",
                "head_signed_on": "2023-08-20",
            },
            follow=True,
        )
        self.assertContains(response, "没有审核决算报告的权限")
        response = self.client.post(
            url, {"action": "publish", "confirm_publish": "yes"}, follow=True
        )
        self.assertEqual(self.refresh().status, Report.Status.SUBMITTED)
        self.assertEqual(ReviewLog.objects.count(), 1)

    def test_the_supervisor_approves_and_publishes_from_the_admin(self):
        self.to_submitted()
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        page = self.client.get(url)
        self.assertContains(page, "审核通过")
        self.client.post(
            url,
            {
                "action": "approve",
                "secrecy_reviewer": "王保密",
                "secrecy_reviewed_on": "2023-08-20",
                "head_signer": "李主任",
                "head_signed_on": "2023-08-20",
            },
        )
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)
        self.client.post(url, {"action": "publish", "confirm_publish": "yes"})
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)

    def test_publishing_asks_for_confirmation_first(self):
        self.to_approved()
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        self.assertContains(self.client.get(url), 'name="confirm_publish"')
        response = self.client.post(url, {"action": "publish"}, follow=True)
        self.assertContains(response, "请先勾选“确认公开”")
        self.assertEqual(self.refresh().status, Report.Status.APPROVED)

    def test_a_returned_report_says_so_with_the_comment_where_the_preparer_lands(self):
        self.to_submitted()
        report_return(self.report, self.reviewer, "请补充公务接待费的预算说明。")
        self.client.force_login(self.preparer)
        listing = self.client.get(reverse("admin:disclosure_report_changelist"))
        self.assertContains(listing, "已退回（待修改）")
        page = self.client.get(
            reverse("admin:disclosure_report_change", args=[self.report.pk])
        )
        self.assertContains(page, "已退回，请修改后重新提交。")
        self.assertContains(page, "请补充公务接待费的预算说明。")
        # Submitted again, it is no longer 已退回.
        report_submit(self.refresh(), self.preparer)
        listing = self.client.get(reverse("admin:disclosure_report_changelist"))
        self.assertNotContains(listing, "已退回")

    def test_transitions_are_not_made_by_get(self):
        self.to_submitted()
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        self.client.get(url, {"action": "approve"})
        self.assertEqual(self.refresh().status, Report.Status.SUBMITTED)

    def test_anonymous_users_are_sent_to_login(self):
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        response = self.client.post(
            url, {"action": "publish", "confirm_publish": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])


class ImmutabilityTests(WorkflowTestCase):
    def test_a_published_reports_facts_cannot_change_by_any_path(self):
        self.to_published()
        line = IncomeLine.objects.filter(report=self.report).first()
        original = line.other
        line.other = D("1.00")
        with self.assertRaises(ReportLocked):
            line.save()
        with self.assertRaises(ReportLocked):
            line.delete()
        with self.assertRaises(ReportLocked):
            IncomeLine.objects.filter(report=self.report).update(other=D("2.00"))
        with self.assertRaises(ReportLocked):
            IncomeLine.objects.filter(report=self.report).delete()
        with self.assertRaises(ReportLocked):
            IncomeLine.objects.bulk_create(
                [IncomeLine(report=self.report, function_code=line.function_code)]
            )
        with self.assertRaises(EditRefused):
            save_grid(self.report, "income", [], self.preparer)
        self.assertEqual(IncomeLine.objects.get(pk=line.pk).other, original)
        self.assertEqual(IncomeLine.objects.filter(report=self.report).count(), 2)

    def test_a_submitted_report_is_read_only_to_the_accountant(self):
        self.to_submitted()
        with self.assertRaises(EditRefused):
            save_grid(self.report, "income", [], self.preparer)
        with self.assertRaises(ReportLocked):
            IncomeLine.objects.filter(report=self.report).update(other=D("2.00"))


@skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentApprovalTests(TransactionTestCase):
    def test_two_supervisors_approving_at_once_give_one_approval_and_one_log_row(self):
        department = UnitFactory(code="D300", name="示例市卫生健康委员会")
        report = consistent_report()
        report.unit.parent = department
        report.unit.save()
        # Transactional tests flush the tables, and with them the role groups and
        # permissions the migrations created; this test is about the row lock, so
        # the actors are superusers.
        preparer, first, second = (
            UserFactory(username=name, is_superuser=True)
            for name in ("kuaiji2", "shenhe_a", "shenhe_b")
        )
        report_submit(report, preparer)

        barrier = threading.Barrier(2)
        outcomes = []

        def approve(user):
            try:
                barrier.wait()
                report_approve(report, user, ATTESTATION)
                outcomes.append("ok")
            except TransitionRefused as exc:
                outcomes.append(str(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=approve, args=(u,)) for u in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        self.assertEqual(outcomes.count("ok"), 1, outcomes)
        self.assertEqual(
            ReviewLog.objects.filter(
                report=report, to_status=Report.Status.APPROVED
            ).count(),
            1,
        )


class SupervisorReviewPageTests(TestCase):
    def test_the_review_page_compares_with_last_year_and_shows_explanations(self):
        from disclosure.models import RuleExplanation

        load_demo_shared()
        report = Report.objects.get(unit__code="360200105", fiscal_year__year=2022)
        force_status(report.pk, Report.Status.DRAFT)
        RuleExplanation.objects.create(
            report=report, rule_id="X-19", text="年初数经调整。"
        )
        force_status(report.pk, Report.Status.SUBMITTED)
        reviewer = person(
            "shenhe9", "审核人", report.unit.parent, Membership.Role.REVIEWER
        )
        self.client.force_login(reviewer)
        response = self.client.get(
            reverse("admin:disclosure_report_check", args=[report.pk])
        )
        self.assertContains(response, "与上年比较")
        self.assertContains(response, "本年收入合计")
        self.assertContains(response, "148.94")
        self.assertContains(response, "年初数经调整。")
        self.assertContains(response, "退回修改")
