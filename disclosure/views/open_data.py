"""Open data in bulk: every published report of a fiscal year in one zip (docs/open-data.md).

The JSON and CSV files of each report come from its publication snapshot
(disclosure/snapshots.py), byte for byte what the single downloads serve.
"""

import logging

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from disclosure import archives
from disclosure.exports import open_data
from disclosure.models import Report, YearArchive
from disclosure.public_cache import cached_page, generation
from disclosure.storage import storage_errors
from disclosure.views.downloads import content_disposition

logger = logging.getLogger(__name__)
BULK_CACHE_TIMEOUT = 24 * 60 * 60


@require_safe
def year_bulk(request, year: int):
    """The year's archive as stored; built in the background (disclosure/archives.py)."""
    key, name = cached_page("bulk", open_data.SCHEMA_VERSION, year)
    if name is None:
        archive = archives.current(year)
        if archive is None:
            if not Report.objects.published().filter(fiscal_year__year=year).exists():
                raise Http404(f"{year} 年度没有已公开的决算。")
            return _not_ready(year)
        name = archive.file.name
        if archive.generation >= generation():
            cache.set(key, name, BULK_CACHE_TIMEOUT)
    try:
        handle = YearArchive._meta.get_field("file").storage.open(name, "rb")
    except storage_errors() as exc:
        logger.error("年度公开数据包文件缺失：%s（%s）", name, exc)
        cache.delete(key)
        archives.request_build(year)
        return _not_ready(year)
    response = FileResponse(handle, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        "attachment", f"{year}年度决算公开数据.zip", f"{year}-open-data.zip"
    )
    return response


def _not_ready(year: int) -> HttpResponse:
    response = HttpResponse(
        f"{year} 年度公开数据包正在生成，请稍后再试。",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response


urlpatterns = [
    path("<int:year>/bulk.zip", year_bulk, name="year_bulk"),
]
