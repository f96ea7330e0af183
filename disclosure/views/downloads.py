"""Report downloads as files: the whole report as PDF and as an Excel workbook."""

from urllib.parse import quote

from django.http import HttpResponse
from django.urls import path

from disclosure.selectors import published_report_or_404

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_pdf(request, year: int, unit_code: str):
    """The published report as one PDF, in the order of the printed report."""
    from disclosure.document import build_document
    from disclosure.exports.pdf import render_report_pdf

    report = published_report_or_404(year, unit_code)
    content = render_report_pdf(build_document(report))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = attachment(
        f"{report.unit.name}-{year}年度决算.pdf", f"{unit_code}-{year}.pdf"
    )
    return response


def attachment(filename: str, fallback: str) -> str:
    """Content-Disposition for a Chinese file name: an ASCII fallback plus RFC 5987 UTF-8."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def report_xlsx(request, year: int, unit_code: str):
    """The published report as an Excel workbook, one sheet per 公开表."""
    from disclosure.document import build_document
    from disclosure.exports.xlsx import render_report_xlsx

    report = published_report_or_404(year, unit_code)
    content = render_report_xlsx(build_document(report))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(
        f"{report.unit.name}-{year}年度决算.xlsx", f"{unit_code}-{year}.xlsx"
    )
    return response


urlpatterns = [
    path("<int:year>/<str:unit_code>/report.pdf", report_pdf, name="report_pdf"),
    path("<int:year>/<str:unit_code>/report.xlsx", report_xlsx, name="report_xlsx"),
]
