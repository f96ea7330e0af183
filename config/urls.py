from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from disclosure.views.health import healthz

admin.site.site_header = "预决算公开平台 · 管理"
admin.site.site_title = "预决算公开平台"
admin.site.index_title = "填报与审核"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("disclosure.urls")),
]


def bench_ping(request):
    """The benchmarks' ceiling: Django and its middleware, no database, no template."""
    return HttpResponse("pong", content_type="text/plain")


# Only bench/public_site.py turns this on; the URL does not exist otherwise.
if settings.BENCH_PING:
    urlpatterns.insert(0, path("bench/ping", bench_ping))
