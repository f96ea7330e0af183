from django.contrib import admin
from django.urls import include, path

from disclosure.views.health import healthz
from units.throttle import ThrottledAdminAuthenticationForm

admin.site.site_header = "决算公开平台 · 管理"
admin.site.site_title = "决算公开平台"
admin.site.index_title = "填报与审核"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("disclosure.urls")),
]
