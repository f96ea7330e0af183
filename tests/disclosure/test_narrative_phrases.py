from decimal import Decimal as D

from django.test import SimpleTestCase

from disclosure.narrative import amount, clean_reason, numeral, ordinal, pct, share


class AmountTests(SimpleTestCase):
    def test_it_prints_amounts_as_the_tables_do(self):
        # One rule for tables and narrative: two decimals, half up, separators
        # (the seed's "15.4 万元" beside "353.24 万元" was the mix this ends).
        self.assertEqual(amount(D("15.40")), "15.40")
        self.assertEqual(amount(D("6.2")), "6.20")
        self.assertEqual(amount(D("0.00")), "0")
        self.assertEqual(amount(D("0.00"), zero="0.00"), "0.00")
        self.assertEqual(amount(D("148")), "148.00")
        self.assertEqual(amount(D("120.345")), "120.35")
        self.assertEqual(amount(D("6283.7")), "6,283.70")

    def test_it_refuses_floats(self):
        with self.assertRaises(TypeError):
            amount(15.4)


class ShareTests(SimpleTestCase):
    def test_it_rounds_once_from_unrounded_amounts(self):
        # The seed prints 94.7% (rounded twice: 94.649 → 94.65 → 94.7); once gives 94.6%.
        self.assertEqual(share(D("317.34"), D("335.28")), "94.6%")
        self.assertEqual(share(D("17.94"), D("335.28")), "5.4%")
        # The seed's 三公 completion 68.3% is likewise 68.2%.
        self.assertEqual(share(D("2.45"), D("3.59")), "68.2%")

    def test_it_rounds_half_up(self):
        self.assertEqual(share(D("1"), D("8")), "12.5%")
        self.assertEqual(share(D("0.0125"), D("1")), "1.3%")

    def test_a_zero_base_gets_no_percentage(self):
        self.assertEqual(share(D("5"), D("0")), "")

    def test_whole_percentages_print_without_decimals(self):
        self.assertEqual(share(D("15.40"), D("15.40")), "100%")
        self.assertEqual(pct(D("0.0")), "0%")


class WordingTests(SimpleTestCase):
    def test_ordinals_are_chinese(self):
        self.assertEqual(ordinal(1), "（一）")
        self.assertEqual(numeral(10), "十")
        self.assertEqual(numeral(12), "十二")
        self.assertEqual(numeral(21), "二十一")

    def test_a_reason_loses_its_final_stop_so_no_double_full_stop(self):
        self.assertEqual(
            clean_reason("包含了2021年末结转和结余17.96万元。。"),
            "包含了2021年末结转和结余17.96万元",
        )
        self.assertEqual(clean_reason(None), "")
