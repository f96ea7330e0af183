"""Finding the figures an evaluation report quotes, and which indicator they are quoted as."""

from decimal import Decimal as D
from types import SimpleNamespace

from django.test import SimpleTestCase

from performance.quotes import match_name, quotes


def named(*names):
    return [SimpleNamespace(name=n) for n in names]


class QuoteTests(SimpleTestCase):
    def test_each_figure_comes_with_the_words_before_it(self):
        found = quotes("截止 2022 年 12 月，共受理各类案件 16357 件；编辑简报 4期。")
        self.assertEqual(
            [(q.phrase, q.number, q.unit) for q in found],
            [
                ("截止", D("2022"), "年"),
                ("截止2022年", D("12"), "月"),
                ("共受理各类案件", D("16357"), "件"),
                ("编辑简报", D("4"), "期"),
            ],
        )

    def test_linking_words_and_colons_are_dropped(self):
        found = quotes(
            "综合评价为 100 分,评价结果为优；预算执行率：99.99%；公示率均为 100%"
        )
        self.assertEqual(
            [q.phrase for q in found], ["综合评价", "预算执行率", "公示率"]
        )
        self.assertEqual(found[1].decimals, 2)

    def test_what_follows_a_figure_is_kept_to_spot_grading_bands(self):
        (quote,) = quotes("优，得分 90 分及以上")
        self.assertEqual(quote.after, "及以上")

    def test_full_width_signs_are_normalised(self):
        (quote,) = quotes("满意度９７．７８％")
        self.assertEqual((quote.number, quote.unit), (D("97.78"), "%"))


class MatchNameTests(SimpleTestCase):
    def test_the_name_inside_the_phrase_is_an_exact_match(self):
        candidates = named("受理各类案卷数", "编辑简报数")
        indicator, exact = match_name("受理各类案卷数量", candidates)
        self.assertEqual((indicator.name, exact), ("受理各类案卷数", True))

    def test_a_trailing_count_word_may_be_left_out(self):
        indicator, exact = match_name("编辑简报", named("编辑简报数"))
        self.assertEqual((indicator.name, exact), ("编辑简报数", True))

    def test_the_longest_name_wins(self):
        candidates = named("扩展智慧应用系统", "扩展智慧应用系统质量达标率")
        indicator, _ = match_name("扩展智慧应用系统质量达标率", candidates)
        self.assertEqual(indicator.name, "扩展智慧应用系统质量达标率")

    def test_a_close_name_is_a_fuzzy_match(self):
        indicator, exact = match_name("受理各类案件", named("受理各类案卷数"))
        self.assertEqual((indicator.name, exact), ("受理各类案卷数", False))

    def test_a_shared_generic_ending_is_no_match(self):
        self.assertIsNone(match_name("业务培训质量达标率", named("简报质量达标率")))
        self.assertIsNone(match_name("案卷处理及时率", named("业务培训及时率")))

    def test_an_empty_phrase_is_no_match(self):
        self.assertIsNone(match_name("", named("编辑简报数")))
