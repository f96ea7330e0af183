from decimal import Decimal as D

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from disclosure.models import (
    Balances,
    Procurement,
    Reason,
    Report,
    ThreePublicExpenses,
)
from tests.admin_forms import form_data
from tests.factories import MembershipFactory, ReportFactory, UnitFactory, UserFactory
from tests.scenarios import force_status

INLINE_MODELS = [
    "balances",
    "threepublicexpenses",
    "assetholding",
    "procurement",
    "operatingexpense",
    "prioryearfigure",
]


def change_url(report):
    return reverse("admin:disclosure_report_change", args=[report.pk])


def prefix_of(response, model) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise AssertionError(f"no inline for {model.__name__}")


class ReportAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="admin", is_superuser=True)
        cls.report = ReportFactory()

    def setUp(self):
        self.client.force_login(self.admin)

    def post_change(self, changes=None):
        page = self.client.get(change_url(self.report))
        data = form_data(page)
        for (model, field), value in (changes or {}).items():
            data[f"{prefix_of(page, model)}-0-{field}"] = value
        return self.client.post(change_url(self.report), data)

    def field_errors(self, response, model, field):
        for inline in response.context["inline_admin_formsets"]:
            if inline.formset.model is model:
                return inline.formset.forms[0].errors.get(field, [])
        raise AssertionError(f"no inline for {model.__name__}")


class ChangePageTests(ReportAdminTestCase):
    def test_the_change_page_links_to_every_grid(self):
        response = self.client.get(change_url(self.report))

        for group in [
            "income",
            "expenditure",
            "fiscal-general",
            "fiscal-gov-fund",
            "fiscal-state-capital",
            "basic",
        ]:
            self.assertContains(
                response,
                reverse("admin:disclosure_report_grid", args=[self.report.pk, group]),
            )
        self.assertContains(response, "明细数据录入")

    def test_the_change_page_shows_every_fact_group_inline(self):
        response = self.client.get(change_url(self.report))

        models = {
            inline.formset.model._meta.model_name
            for inline in response.context["inline_admin_formsets"]
        }
        self.assertEqual(models, set(INLINE_MODELS))

    def test_an_untouched_singleton_is_not_stored_as_zeros(self):
        response = self.post_change()

        self.assertEqual(response.status_code, 302)
        self.assertFalse(Balances.objects.exists())

    def test_nothing_this_year_records_zeros_as_an_answer(self):
        from disclosure.document import build_document
        from disclosure.models import AssetHolding, OperatingExpense

        zero_groups = (
            Balances,
            ThreePublicExpenses,
            AssetHolding,
            Procurement,
            OperatingExpense,
        )
        response = self.post_change(
            {(model, "nothing_this_year"): "on" for model in zero_groups}
        )

        self.assertEqual(response.status_code, 302)
        for model in zero_groups:
            with self.subTest(group=model.__name__):
                self.assertEqual(model.objects.filter(report=self.report).count(), 1)
        self.assertEqual(Procurement.objects.get().goods, 0)
        text = build_document(self.report).narrative.text()
        self.assertNotIn("尚未填报", text)
        self.assertIn("未发生政府采购支出", text)

    def test_the_box_stays_offered_on_every_one_per_report_form(self):
        response = self.client.get(change_url(self.report))
        for inline in response.context["inline_admin_formsets"]:
            if inline.formset.max_num == 1:
                with self.subTest(group=inline.formset.model.__name__):
                    self.assertIn("nothing_this_year", inline.formset.forms[0].fields)
        self.assertContains(response, "本年无此项（各项均为零）")

    def test_a_singleton_is_saved(self):
        response = self.post_change({(Balances, "opening_total"): "17.96"})

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Balances.objects.get().opening_total, D("17.96"))


class SingletonValidationTests(ReportAdminTestCase):
    def assertRefused(self, model, field, value, message):
        response = self.post_change({(model, field): value})

        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.field_errors(response, model, field), [message])
        self.assertContains(response, message)
        self.assertFalse(model.objects.exists())

    def test_a_negative_amount_is_refused_naming_the_field(self):
        self.assertRefused(
            Balances,
            "non_fiscal_surplus_used",
            "-1",
            "“使用非财政拨款结余”不能为负数。",
        )

    def test_a_negative_carry_over_balance_is_accepted_for_the_rules_to_flag(self):
        response = self.post_change({(Balances, "closing_total"): "-1.50"})

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Balances.objects.get().closing_total, D("-1.50"))

    def test_three_decimals_are_refused_naming_the_field(self):
        self.assertRefused(
            Balances,
            "closing_total",
            "1.2345678",
            "“年末结转和结余”最多保留六位小数（以万元填写时，六位小数即精确到分）。",
        )

    def test_text_is_refused_naming_the_field(self):
        self.assertRefused(
            Balances,
            "closing_total",
            "abc",
            "“年末结转和结余”不是有效的金额，请填写数字，例如 1234.56。",
        )

    def test_a_negative_count_is_refused_naming_the_field(self):
        from disclosure.models import AssetHolding

        self.assertRefused(
            AssetHolding, "vehicles_other", "-2", "“其他用车”不能为负数。"
        )

    def test_an_sme_amount_above_its_category_is_refused(self):
        response = self.post_change(
            {(Procurement, "goods"): "5", (Procurement, "sme_goods"): "6"}
        )

        self.assertEqual(
            self.field_errors(response, Procurement, "sme_goods"),
            [
                "“货物采购授予中小企业合同金额”（6.00）不能大于“政府采购货物支出”（5.00）。"
            ],
        )
        self.assertFalse(Procurement.objects.exists())

    def test_more_foreign_receptions_than_receptions_are_refused(self):
        response = self.post_change(
            {
                (ThreePublicExpenses, "reception_batches"): "1",
                (ThreePublicExpenses, "foreign_reception_batches"): "2",
            }
        )

        self.assertEqual(
            self.field_errors(
                response, ThreePublicExpenses, "foreign_reception_batches"
            ),
            ["“其中外事接待批次”（2）不能大于“国内公务接待批次”（1）。"],
        )
        self.assertFalse(ThreePublicExpenses.objects.exists())

    def test_an_invalid_inline_keeps_the_report_itself_unchanged(self):
        page = self.client.get(change_url(self.report))
        data = form_data(page)
        data["amount_unit"] = Report.AmountUnit.YUAN
        data[f"{prefix_of(page, Balances)}-0-opening_total"] = "1.234"

        self.client.post(change_url(self.report), data)

        self.report.refresh_from_db()
        self.assertEqual(self.report.amount_unit, Report.AmountUnit.WAN_YUAN)

    def test_reasons_are_not_typed_by_key_here_but_on_their_own_page(self):
        page = self.client.get(change_url(self.report))

        self.assertNotIn(
            Reason,
            [i.formset.model for i in page.context["inline_admin_formsets"]],
        )
        reasons = reverse("admin:disclosure_report_reasons", args=[self.report.pk])
        self.assertContains(page, f'href="{reasons}"')


class NonDraftTests(ReportAdminTestCase):
    def test_inlines_are_read_only_once_submitted(self):
        Balances.objects.create(report=self.report, opening_total=D("17.96"))
        force_status(self.report.pk, Report.Status.SUBMITTED)

        response = self.client.get(change_url(self.report))

        self.assertContains(response, "17.96")
        self.assertNotContains(response, 'name="balances-0-opening_total"')
        for inline in response.context["inline_admin_formsets"]:
            self.assertFalse(inline.has_change_permission, inline.formset.model)
            self.assertFalse(inline.has_add_permission, inline.formset.model)


class PreparerScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit_a = UnitFactory(name="甲单位")
        cls.report_a = ReportFactory(unit=cls.unit_a)
        cls.report_b = ReportFactory(unit=UnitFactory(name="乙单位"))
        cls.preparer = UserFactory(username="preparer")
        MembershipFactory(user=cls.preparer, unit=cls.unit_a)
        codenames = ["view_report", "change_report"] + [
            f"{action}_{model}"
            for model in INLINE_MODELS
            for action in ("view", "add", "change", "delete")
        ]
        cls.preparer.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="disclosure", codename__in=codenames
            )
        )

    def setUp(self):
        self.client.force_login(self.preparer)

    def test_a_preparer_sees_only_their_units_reports(self):
        response = self.client.get(reverse("admin:disclosure_report_changelist"))

        self.assertEqual(list(response.context["cl"].result_list), [self.report_a])

    def test_a_preparer_cannot_open_another_units_report(self):
        response = self.client.get(change_url(self.report_b))

        self.assertRedirects(response, reverse("admin:index"))

    def test_a_preparer_enters_singletons_of_their_own_report(self):
        page = self.client.get(change_url(self.report_a))
        data = form_data(page)
        data[f"{prefix_of(page, Balances)}-0-opening_total"] = "17.96"

        response = self.client.post(change_url(self.report_a), data)

        self.assertEqual(response.status_code, 302)
        self.assertEqual(Balances.objects.get().report, self.report_a)
