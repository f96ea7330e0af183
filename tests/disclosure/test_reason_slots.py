"""Every reason slot of the narrative, filled or not, and each key's Chinese label."""

from decimal import Decimal as D

from django.test import SimpleTestCase, TestCase

from disclosure.models import PriorYearFigure, Reason
from disclosure.reason_labels import reason_label
from tests.disclosure.test_narrative import narrative_of
from tests.scenarios import consistent_report


class NarrativeSlotTests(TestCase):
    def setUp(self):
        self.report = consistent_report()
        PriorYearFigure.objects.create(
            report=self.report,
            key=PriorYearFigure.Key.INCOME_TOTAL,
            amount=D("100.00"),
        )

    def slots(self):
        return {slot.key: slot for slot in narrative_of(self.report).slots}

    def test_every_slot_is_listed_with_its_label_sentence_and_section(self):
        narrative = narrative_of(self.report)
        slots = {slot.key: slot for slot in narrative.slots}
        income = slots["income_total"]
        self.assertEqual(income.where, "收入决算情况说明 本年收入合计")
        self.assertTrue(income.required)
        self.assertFalse(income.filled)
        self.assertEqual(
            income.sentence, "本年收入合计111.00万元，较2021年增加11.00万元，增长11%"
        )
        self.assertIn(income.section, [s.heading for s in narrative.sections])
        # A filled slot and an optional one are listed as well as the missing ones.
        self.assertTrue(slots["closing_total"].filled)
        self.assertFalse(slots["three_public:abroad:activity"].required)
        self.assertEqual(
            [(s.key, s.where) for s in narrative.slots if s.required and not s.filled],
            narrative.missing_reasons,
        )

    def test_a_filled_slot_is_marked_filled(self):
        Reason.objects.create(report=self.report, key="income_total", text="新增拨款")
        self.assertTrue(self.slots()["income_total"].filled)

    def test_the_budget_difference_slot_of_a_three_public_item_is_listed(self):
        slot = self.slots()["three_public:vehicle_operation:budget"]
        self.assertEqual(slot.where, "“三公”经费 公务用车运行维护费 决算数与预算数差异")
        self.assertTrue(slot.required and slot.filled)
        self.assertTrue(slot.sentence.endswith("决算数较全年预算数减少"))

    def test_each_slots_label_is_the_one_the_key_gives_alone(self):
        for slot in narrative_of(self.report).slots:
            if not slot.key.startswith(("fiscal_class", "general_class")):
                with self.subTest(key=slot.key):
                    self.assertEqual(reason_label(slot.key), slot.where)


class ReasonLabelTests(SimpleTestCase):
    def test_a_key_reads_as_chinese_from_its_parts(self):
        self.assertEqual(
            reason_label("fiscal_class:212", names={"212": "城乡社区支出"}),
            "财政拨款支出决算情况说明 城乡社区支出",
        )
        self.assertEqual(
            reason_label("fiscal_class:299"), "财政拨款支出决算情况说明 科目299"
        )
        self.assertEqual(
            reason_label("three_public:vehicle_operation:yoy"),
            "“三公”经费 公务用车运行维护费 较上年变化",
        )
        self.assertEqual(reason_label("basic_class:301"), "基本支出 工资福利支出")
        self.assertEqual(reason_label("opening_total"), "其他说明（opening_total）")
