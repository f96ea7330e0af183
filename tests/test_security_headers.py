"""Every response carries a strict Content-Security-Policy: nothing inline, nothing external."""

from django.test import TestCase

from tests.factories import UserFactory


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


class ContentSecurityPolicyTests(TestCase):
    def assertStrict(self, response):
        policy = directives(response)
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["style-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertEqual(policy["base-uri"], ["'self'"])
        self.assertEqual(policy["form-action"], ["'self'"])
        header = response["Content-Security-Policy"]
        self.assertNotIn("unsafe-inline", header)
        self.assertNotIn("unsafe-eval", header)
        self.assertNotIn("http", header)

    def test_the_public_home_page_is_served_with_the_policy(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertStrict(response)

    def test_the_admin_login_page_is_served_with_the_policy(self):
        self.assertStrict(self.client.get("/admin/login/"))

    def test_admin_pages_are_served_with_the_policy(self):
        self.client.force_login(UserFactory(is_superuser=True))
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertStrict(response)

    def test_the_not_found_page_is_served_with_the_policy(self):
        self.assertStrict(self.client.get("/no-such-page/"))
