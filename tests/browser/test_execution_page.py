"""The 预算执行情况 page in a real browser (Playwright, Debian's Chromium), desktop and phone.

From the seed unit's 2022 report to its 预算执行情况 and back; on a phone
nothing sticks out of the screen but the table, which scrolls in its box.
Screenshots go to test-artifacts/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from demo.loader import SEED_UNIT
from disclosure import budgets, public_cache
from disclosure.models import Report
from tests.browser.test_public_site import (
    ARTIFACTS,
    CHROMIUM,
    Visit,
    browser,  # noqa: F401 (fixture)
    site,  # noqa: F401 (fixture)
)
from tests.scenarios import force_status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="没有 /usr/bin/chromium，跳过浏览器测试。"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "景德镇市数字城市管理服务中心2022年度预算执行情况（年初预算与决算对比）"


def watch_console(page) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


def assert_no_policy_violation(messages: list[str]) -> None:
    """The bars are sized by stylesheet classes: nothing the policy would drop."""
    violations = [m for m in messages if "Content Security Policy" in m]
    assert violations == [], violations


def test_the_execution_page_reads_on_a_desktop_and_a_phone(site, browser):  # noqa: F811
    # One test for both widths: the live site with the demo costs ~10 s to set up.
    on_a_desktop(site, browser)
    on_a_phone(site, browser)
    a_budget_from_the_unit_page(site, browser)
    against_a_published_budget(site, browser)


def on_a_desktop(site, browser):  # noqa: F811
    visit = Visit(browser, 1366, 768)
    page = visit.page
    console = watch_console(page)
    page.goto(f"{site}/2022/{SEED_UNIT}/")
    page.get_by_role("link", name="预算执行情况").click()
    expect(page).to_have_url(re.compile(rf"/2022/{SEED_UNIT}/execution/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".exec-summary")).to_contain_text("完成年初预算的124.9%")
    # No 2022 预算 is published: the 年初预算数 are the ones the 决算 holds.
    expect(page.locator(".facts")).to_contain_text("决算中填报的年初预算数")
    table = page.get_by_role(
        "table", name=re.compile("财政拨款支出年初预算与决算对比表")
    )
    expect(table).to_be_visible()
    first_class = table.locator("tr.exec-row--class").first
    expect(first_class).to_contain_text("城乡社区支出")
    expect(first_class).to_contain_text("128.1%")
    expect(first_class).to_contain_text("正常支出增长")
    # The bars are drawn by the stylesheet: a class of 100 % is as wide as its cell.
    bars = page.locator("#exec-fiscal tr.exec-row--total .exec-bars")
    widths = bars.evaluate(
        "td => [...td.querySelectorAll('.exec-bar')].map(b => b.getBoundingClientRect().width)"
    )
    cell = bars.evaluate("td => td.clientWidth")
    assert widths[1] > 0.8 * cell, (widths, cell)
    assert 0 < widths[0] < widths[1], widths
    visit.screenshot("execution-desktop.png", full_page=False)
    visit.screenshot("execution-desktop-full.png")

    page.get_by_role("link", name=re.compile("^返回")).click()
    expect(page).to_have_url(re.compile(rf"/2022/{SEED_UNIT}/$"))
    assert_no_policy_violation(console)
    visit.assert_stayed_local()
    visit.close()


def on_a_phone(site, browser):  # noqa: F811
    visit = Visit(browser, 375, 812)
    page = visit.page
    console = watch_console(page)
    page.goto(f"{site}/2022/{SEED_UNIT}/execution/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#exec-fiscal caption")).to_contain_text("对比表")
    # Nothing but the tables' boxes is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".exec-table").first
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.evaluate("el => el.getBoundingClientRect().right") <= 375
    expect(box).to_have_attribute("tabindex", "0")
    wide = page.evaluate(
        """[...document.querySelectorAll('main *')]
        .filter(el => !el.closest('.exec-table'))
        .filter(el => el.getBoundingClientRect().right > 375.5)
        .map(el => el.tagName + '.' + el.className)"""
    )
    assert wide == [], wide
    # Scrolled sideways, the row headers stay in view.
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    header = page.locator("#exec-fiscal tbody th").first
    left = header.evaluate("el => el.getBoundingClientRect().left")
    assert 0 <= left < 40, left
    box.evaluate("el => { el.scrollLeft = 0; }")
    visit.screenshot("execution-phone.png", full_page=False)
    visit.screenshot("execution-phone-full.png")
    page.locator("#exec-three-public").screenshot(
        path=ARTIFACTS / "execution-phone-three-public.png"
    )
    assert_no_policy_violation(console)
    visit.assert_stayed_local()
    visit.close()


def a_budget_from_the_unit_page(site, browser):  # noqa: F811
    """The unit page lists the 2023 预算 beside the 决算; it reads on a phone too."""
    for width, height, name in ((1366, 768, "desktop"), (375, 812, "phone")):
        visit = Visit(browser, width, height)
        page = visit.page
        console = watch_console(page)
        page.goto(f"{site}/units/{SEED_UNIT}/")
        page.get_by_role("link", name="2023 年预算").click()
        expect(page).to_have_url(re.compile(rf"/2023/{SEED_UNIT}/budget/$"))
        expect(page.locator("h1")).to_have_text(
            "景德镇市数字城市管理服务中心 2023 年预算"
        )
        targets = page.get_by_role("table", name=re.compile("项目绩效目标表"))
        expect(targets).to_contain_text("数字化城市管理运行维护")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        visit.screenshot(f"budget-{name}.png", full_page=False)
        visit.screenshot(f"budget-{name}-full.png")
        assert_no_policy_violation(console)
        visit.assert_stayed_local()
        visit.close()


def against_a_published_budget(site, browser):  # noqa: F811
    """The seed unit's 2023 决算, once submitted and published, reads its 2023 预算."""
    final = Report.objects.get(
        unit__code=SEED_UNIT, fiscal_year__year=2023, kind=Report.Kind.FINAL
    )
    budgets.pin_budget(final)
    force_status(final, Report.Status.PUBLISHED, freeze=False)
    public_cache.bump()
    visit = Visit(browser, 1366, 768)
    page = visit.page
    page.goto(f"{site}/2023/{SEED_UNIT}/budget/")
    page.get_by_role("link", name="预算执行情况").click()
    expect(page).to_have_url(re.compile(rf"/2023/{SEED_UNIT}/execution/$"))
    source = page.locator(".facts").get_by_role("link", name=re.compile("2023 年预算"))
    expect(source).to_have_attribute("href", f"/2023/{SEED_UNIT}/budget/r1/")
    expect(page.locator(".exec-keys")).to_contain_text("302.26")
    first_class = page.locator("#exec-fiscal tr.exec-row--class").first
    expect(first_class).to_contain_text("城乡社区支出")
    expect(first_class).to_contain_text("271.40")
    visit.screenshot("execution-from-budget.png")
    visit.assert_stayed_local()
    visit.close()
