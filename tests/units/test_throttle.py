"""Repeated failed logins are throttled (5 per username and address in 15 minutes)."""

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from tests.factories import UserFactory
from units.throttle import MAX_PER_USERNAME


class LoginThrottleTests(TestCase):
    def setUp(self):
        cache.clear()
        self.user = UserFactory(username="kuaiji")
        self.url = reverse("admin:login")

    def login(self, password):
        return self.client.post(self.url, {"username": "kuaiji", "password": password})

    def test_after_five_failures_even_the_right_password_is_refused(self):
        for _ in range(MAX_PER_USERNAME):
            response = self.login("wrong")
            self.assertNotContains(response, "登录失败次数过多")
        response = self.login("pass-word-123")
        self.assertContains(response, "登录失败次数过多，请 15 分钟后再试。")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_fewer_failures_then_success_clears_the_counter(self):
        for _ in range(MAX_PER_USERNAME - 1):
            self.login("wrong")
        response = self.login("pass-word-123")
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        for _ in range(MAX_PER_USERNAME - 1):
            self.login("wrong")
        self.assertEqual(self.login("pass-word-123").status_code, 302)

    def test_another_username_is_not_locked(self):
        UserFactory(username="shenhe")
        for _ in range(MAX_PER_USERNAME):
            self.login("wrong")
        response = self.client.post(
            self.url, {"username": "shenhe", "password": "pass-word-123"}
        )
        self.assertEqual(response.status_code, 302)
