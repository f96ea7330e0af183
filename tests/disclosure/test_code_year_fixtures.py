"""The change lists shipped for 2024 and 2025 apply to the bundled lists."""

import io
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from disclosure import codelists
from disclosure.models import FunctionCode

FIXTURES = Path(codelists.__file__).resolve().parent / "fixtures" / "codes"


class BundledChangesTests(TestCase):
    def test_the_shipped_2024_and_2025_supplements_apply_to_the_bundled_lists(self):
        call_command("load_codes", stdout=io.StringIO())
        call_command("create_code_year", "2023", stdout=io.StringIO())
        for year in (2024, 2025):
            call_command(
                "create_code_year",
                str(year),
                "--changes",
                str(FIXTURES / f"changes_{year}.csv"),
                stdout=io.StringIO(),
            )
        added = FunctionCode.objects.filter(fiscal_year__year=2025)
        self.assertEqual(added.count(), 1535 + 3)
        self.assertEqual(added.get(code="22006").budget, FunctionCode.Budget.GOV_FUND)
        self.assertEqual(added.get(code="22911").parent.code, "229")
        self.assertEqual(
            added.get(code="23107").name, "中央金融机构注资特别国债还本支出"
        )
