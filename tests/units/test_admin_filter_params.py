"""No filter in an admin address answers 500: every list page and every export page.

The admins are read from the site's registry, so a newly registered admin is
checked the moment it exists.
"""

import pytest
from django.contrib import admin
from django.test import TestCase
from django.urls import NoReverseMatch, reverse

from tests.factories import ReportFactory, UserFactory

BOGUS_PARAMS = [
    "report__unit__id__exact=5",
    "id__exact=abc",
    "nonexistent=1",
    "pk__in=1,x",
    "o=abc",
    "p=abc",
    "report__unit__id__exact=5&format=0",
]

# The export page asks this deprecated hook when items are posted.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The 'get_valid_export_item_pks:DeprecationWarning"
)


def admin_urls():
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        for view in ("changelist", "export"):
            try:
                yield reverse(f"admin:{info}_{view}")
            except NoReverseMatch:
                continue


class BogusFilterParamTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(username="admin", is_superuser=True)
        ReportFactory()

    def setUp(self):
        self.client.force_login(self.admin)
        # A 500 must show up as a status, not as an exception out of the test client.
        self.client.raise_request_exception = False

    def test_no_list_or_export_page_answers_500_to_a_bogus_filter(self):
        urls = list(admin_urls())
        self.assertIn(reverse("admin:units_unit_export"), urls)
        for url in urls:
            for params in BOGUS_PARAMS:
                with self.subTest(url=url, params=params):
                    response = self.client.get(f"{url}?{params}")
                    self.assertIn(response.status_code, (200, 302, 400))

    def test_an_export_with_a_filter_naming_no_field_goes_back_to_the_list_in_chinese(
        self,
    ):
        response = self.client.get(
            reverse("admin:units_unit_export") + "?report__unit__id__exact=5",
            follow=True,
        )

        self.assertRedirects(response, reverse("admin:units_unit_changelist"))
        self.assertContains(response, "导出链接中的筛选条件无效")

    def test_a_posted_export_with_a_bad_filter_is_refused_too(self):
        response = self.client.post(
            reverse("admin:disclosure_incomeline_export") + "?id__exact=abc",
            {"format": "0", "resource": "0"},
        )

        self.assertRedirects(
            response,
            reverse("admin:disclosure_incomeline_changelist"),
            fetch_redirect_response=False,
        )
