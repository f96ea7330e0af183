"""No page breaks the Content-Security-Policy: Chromium reports no violation.

The header forbids inline scripts and styles (tests/test_security_headers.py);
this visits the pages in a real browser, where a violation would silently drop
a style or a script, and reads Chromium's console for the reports.
"""

import pytest
from django.urls import reverse

from demo.loader import SEED_UNIT, load_demo, load_demo_users
from disclosure.models import Report
from tests.browser.test_public_site import (
    CHROMIUM,
    LOCAL_HOST,
    browser,  # noqa: F401 (fixture)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="没有 /usr/bin/chromium，跳过浏览器测试。"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIOLATION = "Content Security Policy"


def test_public_and_admin_pages_cause_no_policy_violation(live_server, browser):  # noqa: F811
    load_demo()
    load_demo_users()
    site = live_server.url.replace("localhost", LOCAL_HOST)
    draft = Report.objects.get(
        unit__code=SEED_UNIT, fiscal_year__year=2023, kind=Report.Kind.FINAL
    )
    pages = [
        "/",
        f"/2022/{SEED_UNIT}/",
        f"/units/{SEED_UNIT}/",
        "/rules/",
        reverse("admin:index"),
        reverse("admin:disclosure_report_changelist"),
        reverse("admin:disclosure_report_change", args=[draft.pk]),
        reverse("admin:disclosure_report_check", args=[draft.pk]),
        reverse("admin:disclosure_report_grid", args=[draft.pk, "income"]),
        reverse("admin:disclosure_report_grid", args=[draft.pk, "basic"]),
        reverse("admin:disclosure_report_import_xlsx", args=[draft.pk]),
        reverse("admin:disclosure_report_preview", args=[draft.pk]),
        reverse("admin:disclosure_report_document", args=[draft.pk]),
        reverse("admin:disclosure_report_dashboard"),
    ]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "kuaiji")
    page.fill("#id_password", "demo-kuaiji")
    page.click("input[type=submit]")
    page.wait_for_url(site + reverse("admin:index"))

    for path in pages:
        response = page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        if path == f"/2022/{SEED_UNIT}/":
            # ECharts draws into SVG and positions its tooltip through the DOM.
            page.locator("[data-chart] svg").first.wait_for()
            page.locator("[data-chart]").first.hover()
        violations = [m for m in messages if VIOLATION in m]
        assert violations == [], (path, violations)

    # The grids at the most common office screen size: no page scroll sideways,
    # 科目名称 on a line or two, not one character per line.
    page.set_viewport_size({"width": 1366, "height": 768})
    for group in ("income", "expenditure", "fiscal-general", "basic"):
        page.goto(
            site + reverse("admin:disclosure_report_grid", args=[draft.pk, group])
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366, (group, width)
        names = page.evaluate(
            "[...document.querySelectorAll('#grid-table td.grid-name')]"
            ".map(c => c.getBoundingClientRect().width)"
        )
        assert names and min(names) >= 150, (group, names)
        rows = page.evaluate(
            "[...document.querySelectorAll('#grid-table tbody tr')]"
            ".map(r => r.getBoundingClientRect().height)"
        )
        assert max(rows) < 80, (group, max(rows))

    # The listener does hear a violation: an inline style is refused.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any(VIOLATION in m for m in messages)
    context.close()
