"""Scoring formulas, execution rate and grades, on exact Decimals."""

from decimal import Decimal as D

from django.test import SimpleTestCase

from performance.parsing import parse
from performance.scoring import (
    Direction,
    Grade,
    execution_rate,
    grade,
    infer_direction,
    suggest,
    suggest_execution,
    total_score,
)


def score(direction, target, actual, weight="5"):
    return suggest(direction, parse(target), parse(actual), D(weight)).score


class PositiveFormulaTests(SimpleTestCase):
    def test_an_actual_above_target_gets_the_full_weight(self):
        self.assertEqual(score(Direction.POSITIVE, "12000", "13580"), D("5.00"))

    def test_an_actual_below_target_gets_its_share(self):
        # min(9 / 12, 1) × 5 = 3.75
        self.assertEqual(score(Direction.POSITIVE, "12件", "9件"), D("3.75"))

    def test_the_share_is_rounded_once_half_up(self):
        # 2 / 3 × 10 = 6.666… → 6.67
        self.assertEqual(score(Direction.POSITIVE, "3", "2", "10"), D("6.67"))

    def test_percentages_compare_as_numbers(self):
        self.assertEqual(score(Direction.POSITIVE, "95%", "90.25%"), D("4.75"))

    def test_a_zero_target_is_met_by_any_actual(self):
        self.assertEqual(score(Direction.POSITIVE, "0", "0"), D("5.00"))


class ReverseFormulaTests(SimpleTestCase):
    def test_spending_under_the_cost_target_gets_the_full_weight(self):
        self.assertEqual(score(Direction.REVERSE, "148万", "147.68万"), D("5.00"))

    def test_spending_over_the_cost_target_loses_points(self):
        # min(100 / 125, 1) × 5 = 4
        self.assertEqual(score(Direction.REVERSE, "≤100万元", "125万元"), D("4.00"))

    def test_units_are_converted_before_comparing(self):
        self.assertEqual(score(Direction.REVERSE, "1万元", "12500元"), D("4.00"))

    def test_a_zero_actual_meets_a_reverse_target(self):
        self.assertEqual(score(Direction.REVERSE, "≤3次", "0次"), D("5.00"))


class BareActualValueTests(SimpleTestCase):
    """A bare actual value is scored in its target's unit (the direction as inferred)."""

    def suggestion(self, target, actual, weight="10"):
        direction = infer_direction(parse(target))
        return suggest(direction, parse(target), parse(actual), D(weight))

    def test_a_bare_100_meets_at_least_100_percent(self):
        self.assertEqual(self.suggestion("≥100%", "100").score, D("10.00"))

    def test_a_bare_90_meets_at_most_90_ten_thousand_yuan(self):
        self.assertEqual(self.suggestion("≤90万元", "90").score, D("10.00"))

    def test_a_bare_95_does_not_meet_at_most_90_ten_thousand_yuan(self):
        # min(90 / 95, 1) × 10 = 9.47
        self.assertEqual(self.suggestion("≤90万元", "95").score, D("9.47"))

    def test_a_bare_98_does_not_meet_at_least_100_percent(self):
        # min(98 / 100, 1) × 10 = 9.8
        self.assertEqual(self.suggestion("≥100%", "98").score, D("9.80"))

    def test_a_bare_number_against_a_qualitative_target_gets_no_formula(self):
        suggestion = self.suggestion("达成", "100")
        self.assertIsNone(suggestion.score)


class QualitativeFormulaTests(SimpleTestCase):
    def test_an_achieved_goal_gets_the_full_weight(self):
        self.assertEqual(score(Direction.QUALITATIVE, "推动", "达成"), D("5.00"))
        self.assertEqual(score(Direction.QUALITATIVE, "促进", "促进"), D("5.00"))

    def test_a_goal_not_reached_gets_nothing(self):
        self.assertEqual(score(Direction.QUALITATIVE, "完成", "未完成"), D("0.00"))

    def test_partial_wording_gets_no_suggestion(self):
        suggestion = suggest(
            Direction.QUALITATIVE, parse("完成"), parse("部分完成"), D("5")
        )
        self.assertIsNone(suggestion.score)
        self.assertIn("不能判断是否达成", suggestion.basis)


class NoFormulaTests(SimpleTestCase):
    def test_a_qualitative_target_cannot_be_scored_as_a_number(self):
        suggestion = suggest(Direction.POSITIVE, parse("推动"), parse("达成"), D("5"))
        self.assertIsNone(suggestion.score)
        self.assertIn("不是数值", suggestion.basis)

    def test_different_units_cannot_be_compared(self):
        suggestion = suggest(Direction.POSITIVE, parse("95%"), parse("13件"), D("5"))
        self.assertIsNone(suggestion.score)
        self.assertIn("单位", suggestion.basis)


class DirectionTests(SimpleTestCase):
    def test_words_are_qualitative(self):
        self.assertEqual(infer_direction(parse("推动")), Direction.QUALITATIVE)

    def test_at_most_is_reverse(self):
        self.assertEqual(infer_direction(parse("≤5天")), Direction.REVERSE)

    def test_a_cost_is_reverse_even_without_operator(self):
        self.assertEqual(infer_direction(parse("148万"), cost=True), Direction.REVERSE)

    def test_anything_else_is_positive(self):
        self.assertEqual(infer_direction(parse("95%")), Direction.POSITIVE)


class ExecutionTests(SimpleTestCase):
    def test_the_rate_is_rounded_not_truncated(self):
        # 147.98 / 148 = 99.9865 % → 99.99 (the seed prints a truncated 99.98).
        self.assertEqual(execution_rate(D("147.98"), D("148")), D("99.99"))

    def test_no_rate_without_a_budget(self):
        self.assertIsNone(execution_rate(D("1"), D("0")))
        self.assertIsNone(execution_rate(None, D("148")))

    def test_the_execution_score_is_weight_times_the_capped_rate(self):
        self.assertEqual(
            suggest_execution(D("147.98"), D("148"), D("10")).score, D("10.00")
        )
        self.assertEqual(
            suggest_execution(D("120"), D("150"), D("10")).score, D("8.00")
        )
        self.assertEqual(
            suggest_execution(D("160"), D("150"), D("10")).score, D("10.00")
        )

    def test_the_total_waits_for_every_score(self):
        self.assertEqual(total_score(D("10"), [D("45"), D("23"), D("20")]), D("98"))
        self.assertIsNone(total_score(D("10"), [D("45"), None]))
        self.assertIsNone(total_score(None, [D("45")]))


class GradeTests(SimpleTestCase):
    def test_grade_boundaries(self):
        cases = {
            "59.99": Grade.FAIL,
            "60": Grade.PASS,
            "60.00": Grade.PASS,
            "79.99": Grade.PASS,
            "80": Grade.GOOD,
            "89.99": Grade.GOOD,
            "90": Grade.EXCELLENT,
            "98": Grade.EXCELLENT,
            "100": Grade.EXCELLENT,
            "0": Grade.FAIL,
        }
        for total, expected in cases.items():
            with self.subTest(total=total):
                self.assertEqual(grade(D(total)), expected)

    def test_grade_labels_are_the_seeds_words(self):
        self.assertEqual([g.label for g in Grade], ["优", "良", "合格", "不合格"])

    def test_a_float_total_is_refused(self):
        with self.assertRaises(TypeError):
            grade(90.0)
