"""One amount range on every path: parsers, model validation, the database, display."""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.test import TestCase

from disclosure.models import Balances
from reporting.formatting import format_amount
from reporting.money import MAX_AMOUNT, AmountError, parse_amount, round_half_up
from tests.factories import BalancesFactory, ExpenditureLineFactory

TOO_LARGE = D("99999999999999.99")
TWENTY_SEVEN_DIGITS = D("1" * 27)


class WorkbookCellRangeTests(TestCase):
    def test_a_workbook_cell_beyond_the_range_is_refused_in_chinese(self):
        with self.assertRaisesMessage(AmountError, "超出金额范围"):
            parse_amount("99999999999999.99", from_cell=True)

    def test_a_27_digit_workbook_cell_is_refused_not_a_crash(self):
        for value in ["1" * 27, float("1e27"), int("1" * 27), D("1E+400")]:
            with self.subTest(value=value), self.assertRaises(AmountError):
                parse_amount(value, from_cell=True)

    def test_the_largest_amount_is_read_exactly(self):
        self.assertEqual(parse_amount(9999999999999.99, from_cell=True), MAX_AMOUNT)


class ModelRangeTests(TestCase):
    def test_full_clean_names_the_range(self):
        line = ExpenditureLineFactory.build(basic=TOO_LARGE)
        with self.assertRaises(ValidationError) as caught:
            line.clean_fields(exclude=["report", "function_code"])
        self.assertIn("超出金额范围", str(caught.exception.message_dict["basic"]))

    def test_the_database_refuses_a_write_that_bypasses_validation(self):
        balances = BalancesFactory()
        for value in [TOO_LARGE, -TOO_LARGE]:
            with self.subTest(value=value):
                # SQLite refuses by the column's CHECK; PostgreSQL already by
                # the column's precision (numeric overflow).
                with self.assertRaises(DatabaseError), transaction.atomic():
                    Balances.objects.filter(pk=balances.pk).update(
                        surplus_distribution=value
                    )

    def test_the_largest_amounts_round_trip_through_the_database_exactly(self):
        balances = BalancesFactory(
            opening_total=MAX_AMOUNT, surplus_distribution=-MAX_AMOUNT
        )
        balances.refresh_from_db()
        self.assertEqual(
            (balances.opening_total, balances.surplus_distribution),
            (MAX_AMOUNT, -MAX_AMOUNT),
        )


class DisplayTests(TestCase):
    def test_a_figure_wider_than_the_decimal_context_still_formats(self):
        self.assertEqual(
            format_amount(D("1" * 27 + ".005")),
            "111,111,111,111,111,111,111,111,111.01",
        )
        self.assertEqual(round_half_up(TWENTY_SEVEN_DIGITS), TWENTY_SEVEN_DIGITS)
