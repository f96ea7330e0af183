from decimal import Decimal as D

from django.test import SimpleTestCase

from reporting.hierarchy import conflicts, rollup


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


def summed_one_line_at_a_time(items, fields):
    """The plain reference: every line's figures into its own code and each ancestor."""
    sums, total = {}, dict.fromkeys(fields, D("0"))
    for code, values in items:
        for key in [code[:n] for n in (3, 5) if n < len(code)] + [code]:
            bucket = sums.setdefault(key, dict.fromkeys(fields, D("0")))
            for f in fields:
                bucket[f] += values.get(f) or D("0")
        for f in fields:
            total[f] += values.get(f) or D("0")
    return total, sums


class ColumnSumsTests(SimpleTestCase):
    def test_sums_keep_the_value_and_the_printed_form_of_adding_line_by_line(self):
        items = [
            ("2080505", {"a": D("10.00"), "b": D("0.00")}),
            ("2080505", {"a": D("-10.00"), "b": D("1.5")}),
            ("2080506", {"a": D("0.00"), "c": 3}),
            ("2080599", {"a": None, "b": D("-0.00")}),
            ("20806", {"a": D("2.10")}),
            ("2120199", {"c": D("7")}),
            ("2130101", {}),
        ]
        fields = ["a", "b", "c"]
        total, sums = summed_one_line_at_a_time(items, fields)
        rows = rollup(items, fields, {})
        self.assertEqual(
            [(r.code, {f: str(v) for f, v in r.values.items()}) for r in rows],
            [("", {f: str(v) for f, v in total.items()})]
            + [
                (code, {f: str(v) for f, v in sums[code].items()})
                for code in sorted(sums)
            ],
        )
        by_code = {r.code: r.values for r in rows}
        self.assertEqual(str(by_code["2080505"]["a"]), "0.00")
        self.assertEqual(str(by_code["2130101"]["a"]), "0")
        self.assertEqual(str(by_code["208"]["c"]), "3")
        self.assertEqual(str(by_code[""]["b"]), "1.5")
