"""Open data: JSON per report, CSV per table, a zip per fiscal year."""

from django.http import Http404
from django.urls import path


def report_json(request, year: int, unit_code: str):
    raise Http404("尚未提供 JSON 下载。")


def table_csv(request, year: int, unit_code: str, table: str):
    raise Http404("尚未提供 CSV 下载。")


def year_bulk(request, year: int):
    raise Http404("尚未提供批量下载。")


urlpatterns = [
    path("<int:year>/<str:unit_code>/report.json", report_json, name="report_json"),
    path(
        "<int:year>/<str:unit_code>/tables/<slug:table>.csv",
        table_csv,
        name="table_csv",
    ),
    path("<int:year>/bulk.zip", year_bulk, name="year_bulk"),
]
