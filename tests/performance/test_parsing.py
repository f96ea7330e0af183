"""Indicator values as typed: numbers with operators and units, qualitative words, junk."""

from decimal import Decimal as D

from django.test import SimpleTestCase

from performance.parsing import (
    GE,
    LE,
    Kind,
    comparable,
    in_common_unit,
    in_unit_of,
    parse,
)


class NumberParsingTests(SimpleTestCase):
    def assertNumber(self, text, operator, number, unit, subject=""):
        parsed = parse(text)
        self.assertEqual(parsed.kind, Kind.NUMBER, parsed)
        self.assertEqual(
            (parsed.operator, parsed.number, parsed.unit, parsed.subject),
            (operator, D(number), unit, subject),
        )
        self.assertEqual(parsed.text, text)

    def test_at_least_two_times(self):
        self.assertNumber("≥2次", GE, "2", "次")

    def test_a_subject_before_the_operator_is_kept(self):
        self.assertNumber("培训次数≥2次", GE, "2", "次", subject="培训次数")

    def test_equal_to_a_percentage(self):
        self.assertNumber("=100%", "=", "100", "%")

    def test_a_bare_percentage_has_no_operator(self):
        self.assertNumber("95%", "", "95", "%")

    def test_decimals_are_exact(self):
        self.assertNumber("99.35%", "", "99.35", "%")

    def test_ten_thousand_yuan_written_short(self):
        self.assertNumber("148万", "", "148", "万")

    def test_ten_thousand_yuan_with_a_space(self):
        self.assertNumber("148 万元", "", "148", "万元")

    def test_a_plain_count(self):
        self.assertNumber("13580", "", "13580", "")

    def test_a_count_of_cases(self):
        self.assertNumber("12000件", "", "12000", "件")

    def test_at_most_in_words_and_symbols(self):
        self.assertNumber("≤148万元", LE, "148", "万元")
        self.assertNumber("不超过148万元", LE, "148", "万元")
        self.assertNumber("<=5天", LE, "5", "天")

    def test_at_least_in_words(self):
        self.assertNumber("不低于95%", GE, "95", "%")

    def test_a_suffix_sets_the_operator(self):
        self.assertNumber("95%以上", GE, "95", "%")
        self.assertNumber("5天以内", LE, "5", "天")

    def test_full_width_characters_are_read_as_plain_ones(self):
        self.assertNumber("＞＝９５％", GE, "95", "%")

    def test_thousands_separators_are_accepted(self):
        self.assertNumber("13,580件", "", "13580", "件")

    def test_the_description_shows_what_was_understood(self):
        self.assertEqual(parse("≥2次").describe(), "识别为 ≥ 2 次")
        self.assertEqual(parse("培训次数≥2次").describe(), "识别为 培训次数 ≥ 2 次")
        self.assertEqual(parse("=100%").describe(), "识别为 = 100%")
        self.assertEqual(parse("148 万元").describe(), "识别为 148 万元")


class QualitativeParsingTests(SimpleTestCase):
    def test_goal_words_are_qualitative_and_achieved(self):
        for word in ("推动", "促进", "达成", "完成", "提高", "有效提升", "明显改善"):
            with self.subTest(word=word):
                parsed = parse(word)
                self.assertEqual(parsed.kind, Kind.QUALITATIVE)
                self.assertIs(parsed.achieved, True)

    def test_negative_wording_is_not_achieved(self):
        for word in ("未完成", "未达成", "没有实现", "无"):
            with self.subTest(word=word):
                self.assertIs(parse(word).achieved, False)

    def test_partial_wording_is_left_to_the_accountant(self):
        for word in ("部分完成", "基本达成", "一般"):
            with self.subTest(word=word):
                parsed = parse(word)
                self.assertEqual(parsed.kind, Kind.QUALITATIVE)
                self.assertIsNone(parsed.achieved)

    def test_the_description_says_whether_it_counts_as_achieved(self):
        self.assertEqual(parse("达成").describe(), "识别为定性表述“达成”，视为已达成")
        self.assertEqual(
            parse("未完成").describe(), "识别为定性表述“未完成”，视为未达成"
        )


class JunkParsingTests(SimpleTestCase):
    def assertUnrecognised(self, text, contains):
        parsed = parse(text)
        self.assertEqual(parsed.kind, Kind.UNRECOGNISED)
        self.assertFalse(parsed.recognised)
        self.assertIn(contains, parsed.describe())
        self.assertTrue(parsed.describe().startswith("无法识别："))

    def test_latin_letters_are_not_a_value(self):
        self.assertUnrecognised("abc", "既不是数值也不是定性表述")

    def test_a_doubled_operator_is_refused(self):
        self.assertUnrecognised("≥≥2", "请填写数值")

    def test_a_malformed_number_is_refused(self):
        self.assertUnrecognised("12..5", "请填写数值")

    def test_a_lone_sign_is_refused(self):
        self.assertUnrecognised("%", "请填写数值")

    def test_a_range_is_explained(self):
        self.assertUnrecognised("90%-95%", "是一个区间")

    def test_chinese_numerals_are_explained(self):
        self.assertUnrecognised("两次", "请用阿拉伯数字")

    def test_opposite_operators_are_refused(self):
        self.assertUnrecognised("≥90%以下", "两个方向相反")

    def test_junk_never_raises(self):
        for text in (None, "", "   ", "≥", "--", "1e5", "∞", "0x10", "5abc", "🙂"):
            with self.subTest(text=text):
                self.assertIsNotNone(parse(text).kind)

    def test_empty_and_dashes_are_empty(self):
        for text in ("", "—", "-", "/"):
            with self.subTest(text=text):
                self.assertEqual(parse(text).kind, Kind.EMPTY)


class UnitTests(SimpleTestCase):
    def test_short_and_long_ten_thousand_yuan_compare(self):
        self.assertTrue(comparable(parse("148万"), parse("147.68万元")))

    def test_yuan_and_ten_thousand_yuan_convert(self):
        self.assertEqual(
            in_common_unit(parse("1.5万元"), parse("15000元")),
            (D("15000"), D("15000")),
        )

    def test_a_count_without_unit_compares_with_a_counted_unit(self):
        self.assertTrue(comparable(parse("12000"), parse("13580件")))

    def test_a_percentage_never_compares_with_a_count(self):
        self.assertFalse(comparable(parse("95%"), parse("95件")))
        self.assertFalse(comparable(parse("95件"), parse("95%")))


class BareNumberTests(SimpleTestCase):
    """An actual value typed without the unit its target carries is read in that unit."""

    def test_a_bare_number_is_read_in_the_targets_unit(self):
        self.assertEqual(in_unit_of(parse("100"), parse("≥100%")).unit, "%")
        self.assertEqual(in_unit_of(parse("90"), parse("≤90万元")).unit, "万元")

    def test_a_bare_number_compares_with_a_percentage_target(self):
        self.assertTrue(comparable(parse("≥100%"), parse("100")))
        self.assertEqual(in_common_unit(parse("≥100%"), parse("98")), (100, 98))

    def test_a_bare_number_compares_with_a_money_target_in_its_unit(self):
        self.assertTrue(comparable(parse("≤90万元"), parse("90")))
        # 95 is 95 万元: in the same unit, nothing is converted.
        self.assertEqual(in_common_unit(parse("≤90万元"), parse("95")), (90, 95))

    def test_a_number_with_another_unit_is_not_read_in_the_targets(self):
        self.assertFalse(comparable(parse("≥100%"), parse("100件")))
        self.assertEqual(in_unit_of(parse("100件"), parse("≥100%")).unit, "件")

    def test_a_bare_number_against_a_qualitative_target_is_not_compared(self):
        self.assertFalse(comparable(parse("达成"), parse("100")))
        self.assertEqual(in_unit_of(parse("100"), parse("达成")).unit, "")
