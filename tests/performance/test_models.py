"""Projects and indicators: computed figures, stored suggestions, database rules, entry checks."""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from disclosure.models import Report, ReportLocked
from performance.models import Indicator, Project
from performance.scoring import Direction, Grade
from tests.factories import IndicatorFactory, ProjectFactory
from tests.scenarios import force_status


class ProjectFundsTests(TestCase):
    def test_the_annual_total_is_the_sum_of_the_three_sources(self):
        project = ProjectFactory(
            annual_fiscal=D("100.00"),
            annual_carryover=D("20.50"),
            annual_other=D("1.25"),
        )
        self.assertEqual(project.annual_total, D("121.75"))

    def test_a_total_is_blank_when_no_source_is_entered(self):
        project = ProjectFactory(initial_fiscal=None)
        self.assertIsNone(project.initial_total)

    def test_the_execution_rate_has_two_decimals_rounded_once(self):
        project = ProjectFactory(annual_fiscal=D("148.00"), executed_fiscal=D("147.98"))
        self.assertEqual(project.execution_rate, D("99.99"))

    def test_the_execution_score_follows_the_formula_on_save(self):
        project = ProjectFactory(annual_fiscal=D("150.00"), executed_fiscal=D("120.00"))
        self.assertEqual(project.execution_suggested_score, D("8.00"))
        self.assertEqual(project.execution_score, D("8.00"))

    def test_a_score_without_a_reason_is_replaced_by_the_formula(self):
        project = ProjectFactory(execution_score=D("7.00"))
        self.assertEqual(project.execution_score, D("10.00"))

    def test_a_reasoned_override_is_kept_beside_the_suggestion(self):
        project = ProjectFactory(
            execution_score=D("9.00"), execution_override_reason="资金拨付滞后"
        )
        project.refresh_from_db()
        self.assertEqual(project.execution_score, D("9.00"))
        self.assertEqual(project.execution_suggested_score, D("10.00"))


class ProjectConstraintTests(TestCase):
    def assertRefused(self, **values):
        with self.assertRaises(IntegrityError), transaction.atomic():
            ProjectFactory(**values)

    def test_negative_funds_are_refused(self):
        self.assertRefused(executed_other=D("-1.00"))

    def test_two_projects_of_a_report_cannot_share_a_name_or_position(self):
        project = ProjectFactory()
        self.assertRefused(report=project.report, name=project.name)
        self.assertRefused(report=project.report, position=project.position)

    def test_an_execution_score_above_its_weight_is_refused(self):
        self.assertRefused(
            execution_score=D("11.00"), execution_override_reason="多给一分"
        )

    def test_an_unreasoned_override_is_refused_by_the_database(self):
        project = ProjectFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Project.objects.filter(pk=project.pk).update(execution_score=D("9.00"))


class ProjectCleanTests(TestCase):
    def test_an_executed_amount_needs_its_budget(self):
        project = ProjectFactory.build(annual_carryover=None, executed_carryover=D("5"))
        with self.assertRaises(ValidationError) as caught:
            project.clean()
        self.assertIn(
            "上年结转资金填写了全年执行数 5.00，请同时填写全年预算数。",
            caught.exception.message_dict["annual_carryover"],
        )

    def test_an_override_without_reason_is_explained(self):
        project = ProjectFactory.build(execution_score=D("9"))
        with self.assertRaises(ValidationError) as caught:
            project.clean()
        message = caught.exception.message_dict["execution_override_reason"][0]
        self.assertIn("预算执行的得分 9 与建议得分 10", message)
        self.assertIn("请填写调整理由", message)


class IndicatorDerivationTests(TestCase):
    def test_saving_stores_the_parsed_target_and_actual(self):
        indicator = IndicatorFactory(target_text="培训次数≥2次", actual_text="3次")
        indicator.refresh_from_db()
        self.assertEqual(
            (indicator.target_operator, indicator.target_value, indicator.target_unit),
            ("≥", D("2.0000"), "次"),
        )
        self.assertEqual(
            (indicator.actual_operator, indicator.actual_value, indicator.actual_unit),
            ("", D("3.0000"), "次"),
        )

    def test_qualitative_values_store_no_number(self):
        indicator = IndicatorFactory(
            level1="benefit", level2="social", target_text="推动", actual_text="达成"
        )
        self.assertIsNone(indicator.target_value)
        self.assertEqual(indicator.direction, Direction.QUALITATIVE)

    def test_the_direction_is_judged_from_the_target_when_left_blank(self):
        cost = IndicatorFactory(
            level2="cost", target_text="148万", actual_text="147.68万"
        )
        self.assertEqual(cost.direction, Direction.REVERSE)
        self.assertEqual(IndicatorFactory().direction, Direction.POSITIVE)

    def test_the_suggested_score_is_stored_and_used(self):
        indicator = IndicatorFactory(
            target_text="12件", actual_text="9件", weight=D("5")
        )
        self.assertEqual(indicator.suggested_score, D("3.75"))
        self.assertEqual(indicator.score, D("3.75"))

    def test_a_changed_actual_rescores_an_indicator_that_was_not_overridden(self):
        indicator = IndicatorFactory(
            target_text="12件", actual_text="12件", weight=D("5")
        )
        indicator.actual_text = "6件"
        indicator.save()
        self.assertEqual(indicator.score, D("2.50"))

    def test_a_reasoned_override_keeps_both_scores(self):
        indicator = IndicatorFactory(
            level1="benefit",
            level2="social",
            target_text="推动",
            actual_text="达成",
            weight=D("5"),
            score=D("4"),
            override_reason="成效有待提升",
        )
        indicator.refresh_from_db()
        self.assertEqual((indicator.suggested_score, indicator.score), (D("5"), D("4")))

    def test_without_a_formula_the_typed_score_stands(self):
        indicator = IndicatorFactory(
            level1="benefit",
            level2="social",
            target_text="完成",
            actual_text="部分完成",
            weight=D("5"),
            score=D("3"),
        )
        self.assertIsNone(indicator.suggested_score)
        self.assertEqual(indicator.score, D("3"))


class IndicatorConstraintTests(TestCase):
    def assertRefused(self, **values):
        with self.assertRaises(IntegrityError), transaction.atomic():
            IndicatorFactory(**values)

    def test_a_score_above_the_weight_is_refused(self):
        self.assertRefused(
            weight=D("5"), score=D("6"), override_reason="超出分值", actual_text="3次"
        )

    def test_a_zero_or_negative_weight_is_refused(self):
        self.assertRefused(weight=D("0"))

    def test_positions_are_unique_within_a_project(self):
        first = IndicatorFactory()
        self.assertRefused(project=first.project, position=first.position)

    def test_a_second_level_must_belong_to_its_first_level(self):
        self.assertRefused(level1="satisfaction", level2="quantity")

    def test_an_unreasoned_override_is_refused_by_the_database(self):
        indicator = IndicatorFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Indicator.objects.filter(pk=indicator.pk).update(score=D("1"))


class IndicatorCleanTests(TestCase):
    def errors(self, **values) -> dict:
        indicator = IndicatorFactory.build(
            project=ProjectFactory(), name="受理各类案卷数", **values
        )
        with self.assertRaises(ValidationError) as caught:
            indicator.clean()
        return caught.exception.message_dict

    def test_junk_is_refused_naming_the_indicator_and_the_column(self):
        errors = self.errors(target_text="abc")
        self.assertEqual(
            errors["target_text"],
            [
                "指标“受理各类案卷数”的年度指标值无法识别：“abc”既不是数值也不是定性表述，"
                "请填写数值（如 ≥2次、95%、148万元）或定性表述（如 推动、达成）"
            ],
        )

    def test_an_empty_actual_is_refused(self):
        self.assertIn("请填写", self.errors(actual_text="—")["actual_text"][0])

    def test_a_qualitative_target_cannot_be_scored_as_positive(self):
        errors = self.errors(
            target_text="推动", actual_text="达成", direction=Direction.POSITIVE
        )
        self.assertIn("请选择“定性”", errors["direction"][0])

    def test_units_that_cannot_be_compared_are_refused(self):
        errors = self.errors(target_text="95%", actual_text="13件")
        self.assertIn("单位“件”与年度指标值单位“%”不一致", errors["actual_text"][0])

    def test_a_bare_actual_value_is_compared_in_the_targets_unit(self):
        for target, actual, met in [
            ("≥100%", "100", True),
            ("≤90万元", "90", True),
            ("≤90万元", "95", False),
            ("≥100%", "98", False),
        ]:
            with self.subTest(target=target, actual=actual):
                indicator = IndicatorFactory.build(
                    project=ProjectFactory(),
                    target_text=target,
                    actual_text=actual,
                    weight=D("10"),
                    deviation_reason="" if met else "未完全达到目标。",
                )
                indicator.clean()
                indicator.save()
                self.assertEqual(indicator.score == indicator.weight, met)
                self.assertEqual(indicator.below_weight, not met)

    def test_an_override_needs_a_reason(self):
        errors = self.errors(score=D("8"))
        self.assertIn("得分 8 与建议得分 10", errors["override_reason"][0])

    def test_a_score_below_the_weight_needs_a_deviation_reason(self):
        errors = self.errors(target_text="12件", actual_text="9件", weight=D("5"))
        self.assertEqual(
            errors["deviation_reason"],
            [
                "指标“受理各类案卷数”的得分 3.75 低于分值 5，请填写偏差原因分析及改进措施。"
            ],
        )

    def test_without_a_formula_a_score_must_be_typed(self):
        errors = self.errors(
            level1="benefit",
            level2="social",
            target_text="完成",
            actual_text="部分完成",
        )
        self.assertIn("请填写得分", errors["score"][0])

    def test_a_complete_row_passes(self):
        indicator = IndicatorFactory.build(project=ProjectFactory(), name="编辑简报数")
        indicator.clean()
        self.assertEqual(indicator.direction, Direction.POSITIVE)


class ProjectScoreTests(TestCase):
    def test_total_weights_scores_and_grade(self):
        project = ProjectFactory()
        IndicatorFactory(project=project, weight=D("50"))
        IndicatorFactory(
            project=project,
            level1="benefit",
            level2="social",
            target_text="促进",
            actual_text="达成",
            weight=D("30"),
            score=D("25"),
            override_reason="成效有限",
            deviation_reason="宣传不足",
        )
        IndicatorFactory(
            project=project,
            level1="satisfaction",
            level2="satisfaction",
            target_text="90%",
            actual_text="81%",
            weight=D("10"),
        )
        self.assertEqual(project.weight_total, D("100"))
        # 10 + 50 + 25 + min(81 / 90, 1) × 10 = 94
        self.assertEqual(project.total_score, D("94.00"))
        self.assertEqual(project.grade, Grade.EXCELLENT)
        self.assertEqual(
            project.category_scores(),
            {
                "output": (D("50"), D("50.00")),
                "benefit": (D("30"), D("25.00")),
                "satisfaction": (D("10"), D("9.00")),
            },
        )

    def test_indicators_are_ordered_by_level_then_position(self):
        project = ProjectFactory()
        satisfaction = IndicatorFactory(
            project=project,
            position=1,
            level1="satisfaction",
            level2="satisfaction",
            target_text="90%",
            actual_text="95%",
        )
        quality = IndicatorFactory(project=project, position=2, level2="quality")
        quantity = IndicatorFactory(project=project, position=3)
        self.assertEqual(
            project.ordered_indicators(), [quantity, quality, satisfaction]
        )


class LockTests(TestCase):
    """Projects and indicators are facts: they change only while the report is a draft."""

    def setUp(self):
        self.indicator = IndicatorFactory()
        self.project = self.indicator.project
        force_status(self.project.report_id, Report.Status.SUBMITTED)

    def test_a_submitted_reports_project_cannot_be_saved_or_deleted(self):
        with self.assertRaisesMessage(ReportLocked, "状态为“已提交”，其数据不能修改"):
            self.project.save()
        with self.assertRaises(ReportLocked):
            self.project.delete()
        with self.assertRaises(ReportLocked):
            Project.objects.filter(pk=self.project.pk).update(name="改名")

    def test_a_submitted_reports_indicator_cannot_be_saved_updated_or_deleted(self):
        with self.assertRaises(ReportLocked):
            self.indicator.save()
        with self.assertRaises(ReportLocked):
            Indicator.objects.filter(pk=self.indicator.pk).update(name="改名")
        with self.assertRaises(ReportLocked):
            Indicator.objects.filter(pk=self.indicator.pk).delete()
        with self.assertRaises(ReportLocked):
            IndicatorFactory(project=self.project)

    def test_every_change_is_kept_in_the_history(self):
        force_status(self.project.report_id, Report.Status.DRAFT)
        self.indicator.actual_text = "1次"
        self.indicator.deviation_reason = "培训延期"
        self.indicator.save()
        self.assertEqual(
            [h.actual_text for h in self.indicator.history.order_by("history_date")],
            ["2次", "1次"],
        )
        self.assertEqual(self.project.history.count(), 1)
