"""Public pages (no login): home, search, units, reports, comparisons."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from disclosure.models import Report


@require_GET
def home(request):
    reports = Report.objects.published().select_related("unit", "fiscal_year")
    return render(request, "disclosure/home.html", {"reports": reports})


urlpatterns = [
    path("", home, name="home"),
]
