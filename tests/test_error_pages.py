"""The 404 and 500 pages are Chinese pages in the public site's layout."""

from django.test import TestCase, override_settings
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("故意出错")


urlpatterns = [path("broken", broken_view), *site_urlpatterns]


@override_settings(ROOT_URLCONF="tests.test_error_pages")
class ErrorPageTests(TestCase):
    def test_a_missing_page_answers_404_in_chinese_in_the_site_layout(self):
        response = self.client.get("/no-such-page/")

        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, "页面不存在", status_code=404)
        self.assertContains(response, "决算公开平台", status_code=404)
        self.assertContains(response, 'lang="zh-CN"', status_code=404)

    def test_an_error_in_a_view_answers_500_in_chinese_without_the_traceback(self):
        self.client.raise_request_exception = False

        with self.assertLogs("django.request", "ERROR"):
            response = self.client.get("/broken")

        self.assertEqual(response.status_code, 500)
        self.assertTemplateUsed(response, "500.html")
        content = response.content.decode()
        self.assertIn("服务器内部错误", content)
        self.assertIn("决算公开平台", content)
        self.assertIn('href="/"', content)
        self.assertNotIn("故意出错", content)
        self.assertNotIn("Traceback", content)
