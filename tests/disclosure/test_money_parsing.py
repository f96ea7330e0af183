"""money.parse_amount and parse_count: the one reading of typed amounts and counts, case by case."""

from decimal import Decimal as D

from django.test import SimpleTestCase

from reporting.money import (
    MAX_AMOUNT,
    MAX_COUNT,
    AmountError,
    parse_amount,
    parse_count,
)

# (input, what parse_amount gives) — the decisions documented on the parser.
ACCEPTED = [
    (None, None),
    ("", None),
    ("   ", None),
    ("\u3000", None),
    ("12", D("12.00")),
    ("12.", D("12.00")),
    (".5", D("0.50")),
    ("1234.5", D("1234.50")),
    ("4,895.00", D("4895.00")),
    ("1,234,567.89", D("1234567.89")),
    ("+12", D("12.00")),
    (" 12.300 ", D("12.30")),
    ("１２．５", D("12.50")),
    ("４，８９５．００", D("4895.00")),
    ("\u00a012\u00a0", D("12.00")),
    ("-", D("0.00")),
    ("—", D("0.00")),
    ("——", D("0.00")),
    ("－", D("0.00")),
    ("-0", D("0.00")),
    ("0.000", D("0.00")),
    ("9999999999999.99", MAX_AMOUNT),
    (12, D("12.00")),
    (D("12.5"), D("12.50")),
    (D("1E+3"), D("1000.00")),
]

# (input, a fragment of the refusal)
REFUSED = [
    ("abc", "不是有效的金额"),
    ("十二", "不是有效的金额"),
    ("1,23.4", "不是有效的金额"),
    ("1 000", "不是有效的金额"),
    ("12..3", "不是有效的金额"),
    (".", "不是有效的金额"),
    ("12元", "不是有效的金额"),
    ("12万", "不是有效的金额"),
    ("¥12", "不是有效的金额"),
    ("12%", "不是有效的金额"),
    ("12。5", "不是有效的金额"),
    ("NaN", "不是有效的金额"),
    ("Infinity", "不是有效的金额"),
    ("inf", "不是有效的金额"),
    ("1e3", "科学计数法"),
    ("1.23E+11", "科学计数法"),
    ("12.345", "最多保留两位小数"),
    ("0.001", "最多保留两位小数"),
    ("-12.50", "不能为负数"),
    ("−12.50", "不能为负数"),
    ("(12.00)", "不能为负数"),
    ("（12.00）", "不能为负数"),
    ("(-12)", "不是有效的金额"),
    ("10000000000000", "超出金额范围"),
    ("-99999999999999.99", "不能为负数"),
    ("1" * 27, "超出金额范围"),
    (D("NaN"), "不是有效的金额"),
    (D("Infinity"), "不是有效的金额"),
    (True, "不是有效的金额"),
]

SIGNED = [
    ("-12.50", D("-12.50")),
    ("−12.50", D("-12.50")),
    ("(12.00)", D("-12.00")),
    ("（１２．００）", D("-12.00")),
    ("(4,895.00)", D("-4895.00")),
    ("-9999999999999.99", -MAX_AMOUNT),
]


class ParseAmountTests(SimpleTestCase):
    def test_it_accepts_every_documented_form(self):
        for raw, expected in ACCEPTED:
            with self.subTest(raw=raw):
                self.assertEqual(parse_amount(raw), expected)

    def test_a_zero_is_stored_without_sign(self):
        self.assertEqual(str(parse_amount("-0.00")), "0.00")

    def test_it_refuses_everything_else_with_a_chinese_message(self):
        for raw, fragment in REFUSED:
            with self.subTest(raw=raw):
                with self.assertRaisesMessage(AmountError, fragment):
                    parse_amount(raw)

    def test_negatives_are_read_only_for_signed_fields(self):
        for raw, expected in SIGNED:
            with self.subTest(raw=raw):
                self.assertEqual(parse_amount(raw, signed=True), expected)

    def test_the_range_holds_for_signed_fields_too(self):
        with self.assertRaisesMessage(AmountError, "超出金额范围"):
            parse_amount("-10000000000000", signed=True)

    def test_the_message_quotes_the_input_and_keeps_the_reason_apart(self):
        with self.assertRaises(AmountError) as caught:
            parse_amount(" 12.345 ")
        self.assertEqual(str(caught.exception), "“12.345”最多保留两位小数。")
        self.assertEqual(caught.exception.problem, "最多保留两位小数。")

    def test_a_float_is_a_programming_error_outside_a_spreadsheet_cell(self):
        with self.assertRaises(TypeError):
            parse_amount(1.5)

    def test_a_cell_float_is_read_exactly_as_the_spreadsheet_shows_it(self):
        self.assertEqual(parse_amount(288.02, from_cell=True), D("288.02"))
        self.assertEqual(parse_amount(3.0, from_cell=True), D("3.00"))
        self.assertEqual(
            parse_amount(9999999999999.99, from_cell=True), D("9999999999999.99")
        )

    def test_a_cell_float_with_binary_noise_is_refused_not_rounded(self):
        with self.assertRaisesMessage(AmountError, "最多保留两位小数"):
            parse_amount(0.1 + 0.2, from_cell=True)

    def test_a_cell_that_is_not_a_finite_number_is_refused(self):
        for value in [float("nan"), float("inf"), float("1e27")]:
            with self.subTest(value=value), self.assertRaises(AmountError):
                parse_amount(value, from_cell=True)

    def test_a_date_cell_is_refused(self):
        import datetime

        with self.assertRaisesMessage(AmountError, "不是有效的金额"):
            parse_amount(datetime.date(2022, 1, 1), from_cell=True)


class ParseCountTests(SimpleTestCase):
    def test_it_reads_counts_as_amounts_are_read(self):
        for raw, expected in [
            (None, None),
            ("  ", None),
            ("12", 12),
            ("1,200", 1200),
            ("１２", 12),
            ("3.0", 3),
            ("3.", 3),
            ("—", 0),
            (7, 7),
            (str(MAX_COUNT), MAX_COUNT),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(parse_count(raw), expected)

    def test_a_cell_float_that_is_whole_is_a_count(self):
        self.assertEqual(parse_count(3.0, from_cell=True), 3)

    def test_it_refuses_fractions_negatives_text_and_huge_counts(self):
        for raw, fragment in [
            ("3.5", "应为整数"),
            ("-2", "不能为负数"),
            ("(2)", "不能为负数"),
            ("两辆", "不是有效的数量"),
            ("1e3", "科学计数法"),
            (str(MAX_COUNT + 1), "超出数量范围"),
        ]:
            with self.subTest(raw=raw):
                with self.assertRaisesMessage(AmountError, fragment):
                    parse_count(raw)
