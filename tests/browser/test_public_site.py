"""The public site in a real browser: Playwright driving Debian's Chromium.

One citizen's visit, step by step: search the seed unit, read its 2022
report, open a chart's data table, switch to 2021, compare years and peers,
reach a download link with the keyboard alone, read it on a phone, turn on
长者模式 — and no request ever leaves 127.0.0.1. Screenshots go to
test-artifacts/ for a person to look at.

Skipped only when /usr/bin/chromium is absent; CI installs it, so there these
tests run.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from demo.loader import SEED_UNIT, load_demo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
LOCAL_HOST = "127.0.0.1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="没有 /usr/bin/chromium，跳过浏览器测试。"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    """The live server's address on 127.0.0.1, with the demo data loaded."""
    load_demo()
    return live_server.url.replace("localhost", LOCAL_HOST)


class Visit:
    """A browser context that records every request it makes."""

    def __init__(self, browser, width: int, height: int = 900):
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN"
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def screenshot(self, name: str, full_page: bool = True) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / name, full_page=full_page)

    def assert_stayed_local(self) -> None:
        assert self.requests, "没有记录到任何请求"
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue  # never leaves the browser
            assert parts.hostname == LOCAL_HOST, f"请求离开了 {LOCAL_HOST}：{url}"
        assert self.errors == [], f"页面脚本出错：{self.errors}"

    def close(self) -> None:
        self.context.close()


def wait_for_charts(page) -> None:
    page.wait_for_selector('[data-chart="chart-income-data"][data-chart-ready="true"]')


def test_a_citizen_finds_reads_and_compares_the_seed_report(site, browser):
    visit = Visit(browser, 1280)
    page = visit.page

    page.goto(f"{site}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    visit.screenshot("public-home-desktop.png")
    page.get_by_label("单位名称").fill("数字城市")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("status")).to_contain_text("共 1 个")
    page.get_by_role("link", name="景德镇市数字城市管理服务中心 2022 年度决算").click()

    expect(page).to_have_url(re.compile(rf"/2022/{SEED_UNIT}/$"))
    expect(page.locator("h1")).to_have_text(
        "景德镇市数字城市管理服务中心 2022 年度决算"
    )
    main = page.locator("main")
    expect(main).to_contain_text("353.24")
    expect(main).to_contain_text("财政拨款收入317.34万元，占94.6%")
    expect(main).to_contain_text("【明细拟定】")
    expect(page.locator("#t09 caption")).to_contain_text("财政拨款“三公”经费支出决算表")

    wait_for_charts(page)
    chart = page.locator("#chart-income")
    expect(chart.locator(".chart__canvas svg")).to_have_count(1)
    data_table = chart.locator("details table")
    expect(data_table).to_be_hidden()
    chart.locator("summary").click()
    expect(data_table).to_be_visible()
    expect(data_table).to_contain_text("317.34")
    expect(data_table).to_contain_text("94.6%")
    visit.screenshot("public-report-2022-desktop.png")
    chart.screenshot(path=ARTIFACTS / "public-chart-income.png")
    page.locator("#chart-three-public").screenshot(
        path=ARTIFACTS / "public-chart-three-public.png"
    )

    page.get_by_role("navigation", name="年度").get_by_role(
        "link", name="2021 年度"
    ).click()
    expect(page).to_have_url(re.compile(rf"/2021/{SEED_UNIT}/$"))
    expect(page.locator("h1")).to_have_text(
        "景德镇市数字城市管理服务中心 2021 年度决算"
    )
    expect(page.locator("main")).to_contain_text("【重建数据】")

    page.get_by_role("link", name="历年主要指标对比").first.click()
    expect(page.locator("h1")).to_have_text(
        "景德镇市数字城市管理服务中心 历年主要指标对比"
    )
    compare = page.locator("table.compare-table")
    expect(compare).to_contain_text("335.28")
    expect(compare).to_contain_text("+148.94")
    expect(compare).to_contain_text("+79.9%")
    visit.screenshot("public-compare-years.png")

    page.goto(f"{site}/units/{SEED_UNIT}/")
    page.get_by_role("link", name=re.compile("与同一主管部门的单位对比")).click()
    peers = page.locator("table.peer-table")
    expect(peers).to_contain_text("景德镇市城市管理局")
    expect(peers).to_contain_text("2,450.00")  # “三公” 2.45 万元 / 10 人
    page.get_by_role("link", name="同一单位性质").click()
    expect(page.locator("h1")).to_contain_text("同一单位性质")
    visit.screenshot("public-compare-peers.png")

    # Keyboard only: the skip link first, then on to a download link.
    page.goto(f"{site}/2022/{SEED_UNIT}/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("跳到正文")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    pdf = f"/2022/{SEED_UNIT}/report.pdf"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == pdf:
            break
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", pdf)
    expect(focused).to_have_text("PDF 全文")
    # The focus ring is drawn: a solid outline plus a coloured halo.
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
    )
    assert style[0] == "solid" and style[1] == "3px" and style[2] != "none"
    page.locator(".downloads").screenshot(path=ARTIFACTS / "public-focus-download.png")

    visit.assert_stayed_local()
    visit.close()


def assert_labels_apart(page, chart):
    """No two category labels of a column chart's axis overlap."""
    boxes = page.evaluate(
        f"[...document.querySelectorAll('#chart-{chart} svg text')]"
        ".map(t => t.getBoundingClientRect())"
        ".map(r => [r.left, r.right, r.top, r.bottom])"
    )
    # The axis labels are the lowest texts of the chart.
    bottom = max(b[3] for b in boxes)
    labels = [b for b in boxes if b[3] > bottom - 60]
    # The lines of one label share its centre; different labels must not touch.
    for a in labels:
        for b in labels:
            if round((a[0] + a[1]) / 2) == round((b[0] + b[1]) / 2):
                continue
            overlap_x = a[0] < b[1] - 0.5 and b[0] < a[1] - 0.5
            overlap_y = a[2] < b[3] - 0.5 and b[2] < a[3] - 0.5
            assert not (overlap_x and overlap_y), (a, b)


def test_the_report_reads_on_a_phone_and_in_large_text_mode(site, browser):
    visit = Visit(browser, 375, 812)
    page = visit.page
    page.goto(f"{site}/2022/{SEED_UNIT}/")
    wait_for_charts(page)

    # Nothing sticks out of the screen; wide tables scroll inside their box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator("#t01 .fin-table__scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(box).to_have_attribute("tabindex", "0")
    visit.screenshot("public-report-2022-phone.png", full_page=False)
    page.locator("#t01").screenshot(path=ARTIFACTS / "public-t01-phone.png")
    assert_labels_apart(page, "three-public")
    # Scrolled sideways, a wide table keeps its title and 金额单位 in view.
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    measure = page.locator("#t01 .fin-table__meta span").last
    left = measure.evaluate("el => el.getBoundingClientRect().left")
    right = measure.evaluate("el => el.getBoundingClientRect().right")
    assert 0 <= left and right <= 375, (left, right)

    toggle = page.get_by_role("button", name="长者模式")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert (
        page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    )
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    wait_for_charts(page)
    # The charts' text grows with the page's, and still no label runs into another.
    sizes = page.evaluate(
        "[...document.querySelectorAll('#chart-three-public svg text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) || parseFloat(t.getAttribute('font-size')) || 0)"
    )
    assert max(sizes) >= 16, sizes
    assert_labels_apart(page, "three-public")
    visit.screenshot("public-report-2022-phone-elder.png", full_page=False)

    page.goto(f"{site}/")
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    visit.screenshot("public-home-phone-elder.png", full_page=False)
    page.get_by_role("button", name="长者模式").click()
    expect(page.locator("html")).not_to_have_class(re.compile(r"\belder\b"))

    visit.assert_stayed_local()
    visit.close()
