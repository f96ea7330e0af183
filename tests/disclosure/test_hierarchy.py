from decimal import Decimal as D

from django.test import SimpleTestCase

from disclosure.hierarchy import conflicts, rollup


class RollupTests(SimpleTestCase):
    def test_it_sums_items_into_sections_classes_and_total(self):
        rows = rollup(
            [
                ("2080505", {"a": D("10.00")}),
                ("2080506", {"a": D("5.40")}),
                ("2101102", {"a": D("6.22")}),
                ("21201", {"a": D("1.00")}),
            ],
            ["a"],
            {"208": "社会保障和就业支出"},
        )
        by_code = {r.code: r for r in rows}
        self.assertEqual(rows[0].level, 0)
        self.assertEqual(rows[0].values["a"], D("22.62"))
        self.assertEqual(by_code["208"].values["a"], D("15.40"))
        self.assertEqual(by_code["20805"].values["a"], D("15.40"))
        self.assertEqual(by_code["212"].values["a"], D("1.00"))
        self.assertTrue(by_code["21201"].entered)
        self.assertFalse(by_code["208"].entered)
        self.assertEqual(
            [r.code for r in rows],
            [
                "",
                "208",
                "20805",
                "2080505",
                "2080506",
                "210",
                "21011",
                "2101102",
                "212",
                "21201",
            ],
        )

    def test_it_finds_a_code_together_with_its_parent(self):
        self.assertEqual(
            conflicts(["2120199", "21201", "2080505"]), [("21201", "2120199")]
        )
        self.assertEqual(conflicts(["2120199", "2120101"]), [])
