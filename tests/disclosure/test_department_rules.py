"""部门决算 rules: C-1 units approved, C-2 eliminations matched, C-3 transfers left."""

from decimal import Decimal as D

from django.urls import reverse

from disclosure.models import (
    ConsolidationAdjustment,
    ConsolidationMember,
    ExpenditureLine,
    IncomeLine,
    Report,
    generated_data_reset,
)
from disclosure.rules import REGISTRY, Outcome, Severity, check_report
from tests.disclosure.test_rules import RuleTestCase
from tests.factories import function_code
from tests.scenarios import consistent_report, department, force_status

CITY = "2120199"


def set_line(model, report, **values):
    """Change a figure of an approved unit report, as its data stood when approved."""
    with generated_data_reset():
        model.objects.filter(report=report, function_code__code=CITY).update(**values)


def eliminate(dept, income, expense, amount, pair="grant"):
    """One elimination (抵消) from `income`'s report against `expense`'s, at 2120199."""
    code = function_code(CITY, year=dept.year)
    return ConsolidationAdjustment.objects.create(
        report=dept,
        pair=pair,
        income_unit=income.unit,
        income_code=code,
        expense_unit=expense.unit,
        expense_code=code,
        amount=D(amount),
    )


class ApplicabilityTests(RuleTestCase):
    def test_the_department_rules_do_not_apply_to_a_unit_report(self):
        result = check_report(consistent_report())
        for rule_id in ("C-1", "C-2", "C-3"):
            with self.subTest(rule_id):
                (finding,) = result.by_rule(rule_id)
                self.assertEqual(finding.outcome, Outcome.NOT_APPLICABLE)
                self.assertEqual(finding.message, "本规则只适用于部门决算")

    def test_they_apply_to_a_department_report_whatever_its_templates_level(self):
        dept, _ = department(units=1)
        # A region whose only layout is a 单位 one (广西) prints its 部门决算 in it.
        Report.objects.filter(pk=dept.pk).update(template_variant="gx2023_unit")
        dept.refresh_from_db()
        self.assertEqual(dept.template.level, "unit")
        result = check_report(dept)
        for rule_id in ("C-1", "C-2", "C-3"):
            with self.subTest(rule_id):
                self.assertPasses(result, rule_id)

    def test_the_catalogue_says_so_for_a_unit_template(self):
        response = self.client.get(reverse("disclosure:rules"))
        by_id = {row["rule"].id: row["cells"] for row in response.context["rows"]}
        codes = [t.code for t in response.context["templates"]]
        unit, dept = codes.index("jx2022_unit"), codes.index("mof2023_dept")
        self.assertFalse(by_id["C-2"][unit]["applies"])
        self.assertEqual(by_id["C-2"][unit]["reason"], "本规则只适用于部门决算")
        self.assertTrue(by_id["C-2"][dept]["applies"])
        self.assertContains(response, "不适用：本规则只适用于部门决算")

    def test_the_consolidation_identity_is_a_guarantee_not_a_rule(self):
        from disclosure.rules import GUARANTEES

        self.assertNotIn("C-4", REGISTRY)
        (guarantee,) = [g for g in GUARANTEES if g.id == "C-4"]
        self.assertIn("减去抵消分录", guarantee.how)


class UnitsApprovedTests(RuleTestCase):
    def test_c1_names_a_unit_whose_report_is_not_approved(self):
        dept, reports = department(units=2)
        child = list(reports.values())[2]
        force_status(child, "submitted")
        self.assertFires(
            check_report(dept),
            "C-1",
            contains=f"“{child.unit.name}”的 {dept.year} 年度单位决算尚未审核通过，不能汇总。",
        )

    def test_c1_names_the_department_itself_when_its_own_report_is_missing(self):
        dept, reports = department(units=1)
        head = next(iter(reports.values()))
        force_status(head, "draft")
        self.assertFires(
            check_report(dept), "C-1", contains=f"“{dept.unit.name}”的 {dept.year}"
        )

    def test_c1_needs_exactly_one_self(self):
        dept, _ = department(units=1)
        dept.members.get(mode=ConsolidationMember.Mode.SELF).delete()
        self.assertFires(check_report(dept), "C-1", contains="现有 0 个")

    def test_c1_does_not_mind_a_merged_unit_without_a_report(self):
        dept, _ = department(units=1, merged=1)
        self.assertPasses(check_report(dept), "C-1")


class EliminationTests(RuleTestCase):
    def setUp(self):
        self.dept, reports = department(units=1)
        self.head, self.child = reports.values()
        set_line(IncomeLine, self.child, superior_grant=D("10.00"))
        set_line(ExpenditureLine, self.head, to_affiliates=D("30.00"))

    def test_c2_passes_an_elimination_both_sides_can_bear(self):
        eliminate(self.dept, self.child, self.head, "10.00")
        self.assertPasses(check_report(self.dept), "C-2")

    def test_c2_names_unit_code_figure_and_amounts_when_the_income_falls_short(self):
        eliminate(self.dept, self.child, self.head, "20.00")
        self.assertFires(
            check_report(self.dept),
            "C-2",
            contains=f"抵消第1行：{self.child.unit.name} 2120199 上级补助收入 "
            "10.00万元，不足抵消 20.00万元。",
        )

    def test_c2_compares_the_total_eliminated_at_one_place(self):
        eliminate(self.dept, self.child, self.head, "6.00")
        eliminate(self.dept, self.child, self.head, "6.00")
        self.assertFires(
            check_report(self.dept),
            "C-2",
            contains="抵消第1、2行：",
        )
        result = check_report(self.dept)
        (failure,) = [f for f in result.by_rule("C-2") if f.failed]
        self.assertIn("10.00万元，不足抵消 12.00万元", failure.message)

    def test_c2_checks_the_spending_side_too(self):
        # 附属单位上缴收入 / 上缴上级支出: the head spent nothing upwards.
        set_line(IncomeLine, self.child, affiliate=D("5.00"))
        eliminate(self.dept, self.child, self.head, "5.00", pair="remit")
        self.assertFires(
            check_report(self.dept),
            "C-2",
            contains=f"{self.head.unit.name} 2120199 上缴上级支出 0.00万元，不足抵消 5.00万元",
        )

    def test_c2_refuses_a_unit_that_is_not_consolidated(self):
        member = self.dept.members.get(unit=self.child.unit)
        member.mode = ConsolidationMember.Mode.MERGED
        member.save()
        eliminate(self.dept, self.child, self.head, "10.00")
        self.assertFires(
            check_report(self.dept),
            "C-2",
            contains=f"收入方单位“{self.child.unit.name}”不是本部门决算汇总的单位",
        )


class UneliminatedTransferTests(RuleTestCase):
    def setUp(self):
        self.dept, reports = department(units=1)
        self.head, self.child = reports.values()
        set_line(IncomeLine, self.child, superior_grant=D("20.00"))
        set_line(ExpenditureLine, self.head, to_affiliates=D("20.00"))

    def test_c3_warns_naming_both_units_and_what_is_left(self):
        result = check_report(self.dept)
        self.assertFires(
            result,
            "C-3",
            Severity.WARNING,
            contains=f"{self.child.unit.name} 上级补助收入尚余 20.00万元",
        )
        self.assertFires(
            result,
            "C-3",
            Severity.WARNING,
            contains=f"{self.head.unit.name} 对附属单位补助支出尚余 20.00万元",
        )

    def test_c3_is_quiet_once_the_transfer_is_eliminated(self):
        eliminate(self.dept, self.child, self.head, "20.00")
        result = check_report(self.dept)
        self.assertPasses(result, "C-3")
        self.assertPasses(result, "C-2")

    def test_c3_names_what_a_partial_elimination_leaves(self):
        eliminate(self.dept, self.child, self.head, "15.00")
        self.assertFires(
            check_report(self.dept),
            "C-3",
            Severity.WARNING,
            contains="上级补助收入尚余 5.00万元",
        )
