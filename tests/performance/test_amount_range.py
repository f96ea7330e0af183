"""Performance amounts share the one amount range of the disclosure tables."""

from performance.models import Project
from tests.performance.test_admin import AdminTestCase


class ProjectAmountRangeTests(AdminTestCase):
    def test_an_amount_beyond_the_range_is_refused_naming_the_field(self):
        before = self.project.annual_fiscal
        for text in ["99999999999999.99", "1" * 27]:
            with self.subTest(text=text):
                response = self.edit(annual_fiscal=text, executed_fiscal="1")

                self.assertEqual(response.status_code, 200)
                self.assertContains(
                    response,
                    "“当年财政拨款 全年预算数”超出金额范围，"
                    "金额的绝对值不能超过 9,999,999,999,999.99。",
                )
                self.assertEqual(
                    Project.objects.get(pk=self.project.pk).annual_fiscal, before
                )
