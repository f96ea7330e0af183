"""Nothing a report prints changes once it has left draft, whatever the entry point.

Each attack below was possible before: the report's own change form, the unit
profile of that year, 审核 explanations, bulk writes from the shell. Each is
tried against a submitted, an approved and a published report, and must leave
the database as it was.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from disclosure.models import (
    Reason,
    Report,
    ReportLocked,
    ReviewLog,
    RuleExplanation,
)
from disclosure.workflow import (
    TransitionRefused,
    report_approve,
    report_correct,
    report_publish,
    report_return,
    report_submit,
)
from tests.admin_forms import form_data
from tests.disclosure.test_workflow import ATTESTATION, WorkflowTestCase
from tests.factories import UnitProfileFactory
from units.models import InternalBody, ProfileLocked, UnitProfile

LOCKED_STATES = ("submitted", "approved", "published")


class LockedReportTestCase(WorkflowTestCase):
    def setUp(self):
        super().setUp()
        self.profile = UnitProfileFactory(
            unit=self.report.unit,
            year=2022,
            staff_total=3,
            staff_in_service=3,
            duties="负责城市管理。",
        )
        self.body = InternalBody.objects.create(profile=self.profile, name="办公室")
        self.report.data_note = "示例数据"
        self.report.approval_date = datetime.date(2023, 8, 1)
        self.report.save()
        RuleExplanation.objects.create(report=self.report, rule_id="X-19", text="说明")

    def move_to(self, state):
        {
            "submitted": self.to_submitted,
            "approved": self.to_approved,
            "published": self.to_published,
        }[state]()
        return self.refresh()


class ReportFieldsTests(LockedReportTestCase):
    def test_the_change_form_cannot_change_a_report_past_draft(self):
        admin = get_user_model().objects.create_superuser("root", "", "pw")
        self.client.force_login(admin)
        url = reverse("admin:disclosure_report_change", args=[self.report.pk])
        draft_form = form_data(self.client.get(url))
        self.move_to("published")
        before = Report.objects.values().get(pk=self.report.pk)

        page = self.client.get(url)
        self.assertNotContains(page, 'name="_save"')
        self.assertNotContains(page, 'name="_addanother"')
        post = {
            **draft_form,
            "amount_unit": Report.AmountUnit.YUAN,
            "data_note": "改过的数据说明",
            "approval_date": "2023-09-30",
        }
        response = self.client.post(url, post)

        self.assertEqual(response.status_code, 403)
        self.assertEqual(Report.objects.values().get(pk=self.report.pk), before)

    def test_every_printed_field_is_refused_by_save_update_and_bulk_update(self):
        for state in LOCKED_STATES:
            with self.subTest(state=state):
                report = self.fresh_report_in(state)
                for name, value in (
                    ("amount_unit", Report.AmountUnit.YUAN),
                    ("data_note", "改过"),
                    ("approval_date", datetime.date(2020, 1, 1)),
                ):
                    setattr(report, name, value)
                    with self.assertRaisesMessage(ReportLocked, "不能修改"):
                        report.save()
                    with self.assertRaises(ReportLocked):
                        report.save(update_fields=[name])
                    with self.assertRaises(ReportLocked):
                        Report.objects.filter(pk=report.pk).update(**{name: value})
                    with self.assertRaises(ReportLocked):
                        Report.objects.bulk_update([report], [name])
                    report.refresh_from_db()
                self.assertEqual(report.data_note, "示例数据")
                self.assertEqual(report.amount_unit, Report.AmountUnit.WAN_YUAN)

    def test_the_status_moves_only_through_the_workflow(self):
        self.move_to("published")
        self.report.status = Report.Status.DRAFT
        with self.assertRaisesMessage(ReportLocked, "状态只能通过"):
            self.report.save()
        with self.assertRaises(ReportLocked):
            Report.objects.filter(pk=self.report.pk).update(status="draft")
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)

    def test_a_report_past_draft_cannot_be_deleted(self):
        self.move_to("submitted")
        with self.assertRaisesMessage(ReportLocked, "不能删除"):
            self.report.delete()
        with self.assertRaises(ReportLocked):
            Report.objects.filter(pk=self.report.pk).delete()
        self.assertTrue(Report.objects.filter(pk=self.report.pk).exists())

    def test_a_draft_stays_editable(self):
        self.report.data_note = "草稿可以改"
        self.report.save()
        self.assertEqual(self.refresh().data_note, "草稿可以改")

    def fresh_report_in(self, state):
        from tests.scenarios import consistent_report

        report = consistent_report()
        report.unit.parent = self.department
        report.unit.save()
        report.data_note = "示例数据"
        report.save()
        from tests.disclosure.test_workflow import person
        from units.models import Membership

        preparer = person(
            f"p{report.pk}", "填报人", report.unit, Membership.Role.PREPARER
        )
        report_submit(report, preparer)
        if state in ("approved", "published"):
            report_approve(report, self.reviewer, ATTESTATION)
        if state == "published":
            report_publish(report, self.reviewer)
        report.refresh_from_db()
        return report


class ProfileTests(LockedReportTestCase):
    def test_the_profile_of_the_year_is_fixed_past_draft(self):
        self.move_to("submitted")
        self.profile.staff_in_service = 30000
        self.profile.staff_total = 30000
        with self.assertRaisesMessage(ProfileLocked, "2022 年度单位概况已由"):
            self.profile.save()
        profiles = UnitProfile.objects.filter(pk=self.profile.pk)
        with self.assertRaises(ProfileLocked):
            profiles.update(duties="改过")
        with self.assertRaises(ProfileLocked):
            profiles.delete()
        with self.assertRaises(ProfileLocked):
            InternalBody.objects.create(profile=self.profile, name="新机构")
        with self.assertRaises(ProfileLocked):
            self.body.delete()
        with self.assertRaises(ProfileLocked):
            InternalBody.objects.filter(pk=self.body.pk).update(name="改名")
        stored = UnitProfile.objects.get(pk=self.profile.pk)
        self.assertEqual(stored.staff_in_service, 3)
        self.assertEqual(stored.duties, "负责城市管理。")
        self.assertEqual(list(stored.bodies.values_list("name", flat=True)), ["办公室"])

    def test_other_years_profiles_stay_editable(self):
        self.move_to("published")
        other = UnitProfileFactory(unit=self.report.unit, year=2023)
        other.duties = "下一年度"
        other.save()
        InternalBody.objects.create(profile=other, name="新机构")

    def test_the_profile_admin_is_read_only_and_a_post_changes_nothing(self):
        admin = get_user_model().objects.create_superuser("root", "", "pw")
        self.client.force_login(admin)
        url = reverse("admin:units_unitprofile_change", args=[self.profile.pk])
        draft_form = form_data(self.client.get(url))
        self.move_to("approved")
        self.assertNotContains(self.client.get(url), 'name="_save"')
        response = self.client.post(
            url, {**draft_form, "staff_in_service": "30000", "staff_total": "30000"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(UnitProfile.objects.get(pk=self.profile.pk).staff_total, 3)

    def test_adding_a_profile_for_a_locked_year_is_a_form_error(self):
        admin = get_user_model().objects.create_superuser("root", "", "pw")
        self.client.force_login(admin)
        self.profile.bodies.all().delete()
        self.profile.delete()
        self.move_to("submitted")
        response = self.client.post(
            reverse("admin:units_unitprofile_add"),
            {
                "unit": self.report.unit.pk,
                "year": "2022",
                "duties": "",
                "staff_total": "1",
                "staff_in_service": "1",
                "staff_retired_li": "0",
                "staff_retired_tui": "0",
                "staff_other": "0",
                "pensioners_paid_by_fund": "0",
                "bodies-TOTAL_FORMS": "0",
                "bodies-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "2022 年度单位概况已由")
        self.assertFalse(UnitProfile.objects.filter(year=2022).exists())

    def test_a_correction_draft_frees_the_profile_and_the_publication_keeps_its_own(
        self,
    ):
        self.move_to("published")
        report_correct(self.report, self.preparer, "更正人数。")
        self.profile.staff_in_service = 4
        self.profile.staff_total = 4
        self.profile.save()
        self.assertEqual(UnitProfile.objects.get(pk=self.profile.pk).staff_total, 4)


class ExplanationAndReasonTests(LockedReportTestCase):
    def test_explanations_and_reasons_are_fixed_past_draft(self):
        self.move_to("approved")
        explanation = RuleExplanation.objects.get(report=self.report)
        explanation.text = "改过"
        with self.assertRaises(ReportLocked):
            explanation.save()
        with self.assertRaises(ReportLocked):
            RuleExplanation.objects.filter(report=self.report).update(text="改过")
        with self.assertRaises(ReportLocked):
            RuleExplanation.objects.filter(report=self.report).delete()
        with self.assertRaises(ReportLocked):
            RuleExplanation.objects.create(report=self.report, rule_id="X-20", text="")
        with self.assertRaises(ReportLocked):
            Reason.objects.filter(report=self.report).update(text="改过")
        self.assertEqual(
            list(RuleExplanation.objects.values_list("text", flat=True)), ["说明"]
        )


class ReturnFromApprovedTests(LockedReportTestCase):
    def test_a_supervisor_sends_an_approved_report_back_with_a_comment(self):
        self.move_to("approved")
        with self.assertRaisesMessage(TransitionRefused, "必须填写退回意见"):
            report_return(self.report, self.reviewer, "")
        report_return(self.report, self.reviewer, "公开前发现 05 表需要调整。")
        report = self.refresh()
        self.assertEqual(report.status, Report.Status.DRAFT)
        self.assertIsNone(report.approved_at)
        self.assertIsNone(report.approved_by)
        self.assertEqual(report.secrecy_reviewer, "")
        self.assertEqual(report.head_signer, "")
        log = ReviewLog.objects.filter(report=report).order_by("-id").first()
        self.assertEqual((log.from_status, log.to_status), ("approved", "draft"))
        self.assertEqual(log.comment, "公开前发现 05 表需要调整。")
        # Editable again, and it goes round the workflow once more.
        report.data_note = "调整后"
        report.save()
        report_submit(report, self.preparer)

    def test_only_a_supervisor_in_scope_may_return_and_never_once_published(self):
        self.move_to("approved")
        with self.assertRaises(TransitionRefused):
            report_return(self.report, self.preparer, "不行")
        with self.assertRaises(TransitionRefused):
            report_return(self.report, self.other_reviewer, "不行")
        report_publish(self.report, self.reviewer)
        with self.assertRaisesMessage(TransitionRefused, "不能改为“草稿”"):
            report_return(self.report, self.reviewer, "太晚了")
        self.assertEqual(self.refresh().status, Report.Status.PUBLISHED)

    def test_the_review_page_offers_the_return_and_it_works(self):
        self.move_to("approved")
        self.client.force_login(self.reviewer)
        url = reverse("admin:disclosure_report_check", args=[self.report.pk])
        self.assertContains(self.client.get(url), 'value="return"')
        response = self.client.post(
            url, {"action": "return", "comment": "请重新核对"}, follow=True
        )
        self.assertContains(response, "已退回填报人")
        self.assertEqual(self.refresh().status, Report.Status.DRAFT)
