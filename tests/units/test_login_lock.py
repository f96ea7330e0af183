"""Failed logins lock the username authentication looks up (django-axes, 5 in 15 minutes)."""

import secrets

from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from tests.factories import UserFactory
from units.login_lock import client_ip, username_from_request

PASSWORD = "pass-word-123"
LOCKED = "登录失败次数过多"


class LoginLockTests(TestCase):
    def setUp(self):
        self.victim = UserFactory(username="victim")
        self.url = reverse("admin:login")

    def login(self, username, password, address="198.51.100.7"):
        return self.client.post(
            self.url,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def assertLoggedIn(self, response, user):
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))
        self.client.logout()

    def assertRefused(self, response):
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, LOCKED, status_code=429)

    def fail(self, username="victim", times=settings.AXES_FAILURE_LIMIT, **kwargs):
        for _ in range(times):
            response = self.login(username, "wrong", **kwargs)
            self.assertNotIn("_auth_user_id", self.client.session)
        return response

    def test_the_policy_is_five_failures_and_fifteen_minutes(self):
        self.assertEqual(settings.AXES_FAILURE_LIMIT, 5)
        self.assertEqual(settings.AXES_COOLOFF_TIME.total_seconds(), 15 * 60)

    def test_four_failures_leave_the_account_open(self):
        response = self.fail(times=4)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, LOCKED)
        self.assertLoggedIn(self.login("victim", PASSWORD), self.victim)

    def test_five_failures_lock_the_username_even_with_the_right_password(self):
        self.fail()
        self.assertRefused(self.login("victim", PASSWORD))

    def test_the_lock_holds_from_another_address(self):
        self.fail(address="198.51.100.7")
        self.assertRefused(self.login("victim", PASSWORD, address="203.0.113.9"))

    def test_full_width_and_padded_spellings_of_a_locked_name_are_refused(self):
        self.fail()
        for spelling in ("ｖｉｃｔｉｍ", "victim ", " victim", "ｖｉｃｔｉｍ\u3000"):
            with self.subTest(spelling=spelling):
                self.assertRefused(self.login(spelling, PASSWORD))

    def test_failures_under_variant_spellings_count_towards_one_lock(self):
        for spelling in ("victim", "ｖｉｃｔｉｍ", "victim ", " victim", "ｖictim"):
            self.login(spelling, "wrong")
        self.assertRefused(self.login("victim", PASSWORD))
        self.assertEqual(
            list(AccessAttempt.objects.values_list("username", flat=True)), ["victim"]
        )

    def test_a_variant_spelling_logs_in_as_the_user_when_not_locked(self):
        # The spelling the form accepts is the one the lock counts (this test
        # pins that the two agree).
        self.assertLoggedIn(self.login("ｖｉｃｔｉｍ", PASSWORD), self.victim)

    def test_many_failures_with_random_names_lock_no_other_user(self):
        other = UserFactory(username="shenhe")
        for _ in range(25):
            self.login(f"nobody-{secrets.token_hex(4)}", "wrong")
        self.assertLoggedIn(self.login("shenhe", PASSWORD), other)
        self.assertLoggedIn(self.login("victim", PASSWORD), self.victim)

    def test_another_username_is_not_locked_by_failures_on_a_locked_one(self):
        other = UserFactory(username="shenhe")
        self.fail()
        self.assertLoggedIn(self.login("shenhe", PASSWORD), other)

    def test_a_successful_login_resets_the_count(self):
        self.fail(times=4)
        self.assertLoggedIn(self.login("victim", PASSWORD), self.victim)
        self.fail(times=4)
        self.assertLoggedIn(self.login("victim", PASSWORD), self.victim)

    def test_the_lockout_page_is_in_chinese_and_says_how_long(self):
        self.fail()
        response = self.login("victim", PASSWORD)
        self.assertContains(response, "15 分钟后再试", status_code=429)
        self.assertContains(response, "返回登录页", status_code=429)


class LoginLockKeyTests(TestCase):
    factory = RequestFactory()

    def test_the_username_is_stripped_and_nfkc_normalised(self):
        request = self.factory.post("/", {"username": " ｖｉｃｔｉｍ "})
        self.assertEqual(username_from_request(request), "victim")
        self.assertEqual(
            username_from_request(request, {"username": "ＫＵＡＩＪＩ"}), "KUAIJI"
        )

    def test_without_a_proxy_the_address_is_the_peer(self):
        request = self.factory.post(
            "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4"
        )
        with override_settings(BEHIND_PROXY=False):
            self.assertEqual(client_ip(request), "10.0.0.2")

    def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(self):
        request = self.factory.post(
            "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
        )
        with override_settings(BEHIND_PROXY=True):
            self.assertEqual(client_ip(request), "203.0.113.9")
