from decimal import Decimal as D

from django.test import SimpleTestCase

from reporting.spreadsheets import escape_formula, unescape_formula


class EscapeFormulaTests(SimpleTestCase):
    def test_text_a_spreadsheet_would_run_gets_a_leading_quote(self):
        for text in [
            '=HYPERLINK("http://x")',
            "-1+1",
            "+1+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ]:
            with self.subTest(text=text):
                self.assertEqual(escape_formula(text), "'" + text)

    def test_numbers_and_plain_number_text_stay_as_they_are(self):
        for value in [D("-5.00"), -3, "-12.50", "-1,234.5", "+7", "单位", "", None]:
            with self.subTest(value=value):
                self.assertEqual(escape_formula(value), value)

    def test_unescape_gives_back_what_escape_was_given(self):
        for text in ['=HYPERLINK("http://x")', "-1+1", "-12.50", "'quoted", "x"]:
            with self.subTest(text=text):
                self.assertEqual(unescape_formula(escape_formula(text)), text)
