"""Report downloads as files: the whole report as PDF and as an Excel workbook."""

from django.http import Http404
from django.urls import path


def report_pdf(request, year: int, unit_code: str):
    raise Http404("尚未提供 PDF 下载。")


def report_xlsx(request, year: int, unit_code: str):
    raise Http404("尚未提供 Excel 下载。")


urlpatterns = [
    path("<int:year>/<str:unit_code>/report.pdf", report_pdf, name="report_pdf"),
    path("<int:year>/<str:unit_code>/report.xlsx", report_xlsx, name="report_xlsx"),
]
