"""Residents' journeys in a real browser, with axe-core, elder mode and page weight checks."""

import re
from urllib.parse import urlsplit

import pytest

from .conftest import axe_violations, has_horizontal_overflow, screenshot

pytestmark = pytest.mark.browser


def test_find_my_station_on_a_phone_and_call(phone):
    phone.goto("/")
    phone.locator("#finder-q").fill("海馨")
    suggestion = phone.locator("#finder-suggestions a").first
    suggestion.wait_for()
    assert "海馨园邻里之家" in suggestion.inner_text()
    suggestion.tap()
    phone.wait_for_url(re.compile(r"/stations/.+/haixinyuan/$"))
    assert phone.locator("h1").inner_text() == "海馨园邻里之家"
    call = phone.locator("#contacts ~ .people a.call").first
    href = call.get_attribute("href")
    assert re.fullmatch(r"tel:1\d{10}", href)
    box = call.bounding_box()
    assert box["height"] >= 44, "touch target too small"
    screenshot(phone, "journey1-station")
    assert not has_horizontal_overflow(phone)


def test_finder_form_works_without_suggestions(phone):
    phone.goto("/")
    phone.locator("#finder-q").fill("东方小区 2号楼")
    phone.get_by_role("button", name="查找").click()
    phone.wait_for_url(re.compile(r"/units/find/"))
    assert phone.locator("ol.results li").first.inner_text().startswith("东方小区邻里之家")
    # What was typed is kept.
    assert phone.locator("#finder-q").input_value() == "东方小区 2号楼"


def test_read_latest_notice_and_open_attachment(phone):
    phone.goto("/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/")
    notice = phone.locator("#notices ~ .card-list a", has_text="停水").first
    notice.click()
    assert "停水" in phone.locator("h1").inner_text()
    link = phone.get_by_role("link", name="停水安排表（示例）")
    with phone.expect_response(lambda r: "/documents/" in r.url) as response_info:
        link.click()
    response = response_info.value
    assert response.status == 200
    screenshot(phone, "journey2-notice")


def test_search_the_handbook_for_liubifang_and_switch_language(phone):
    phone.goto("/search/?q=" + "六必访")
    first = phone.locator(".card-list a").first
    assert "六必访" in first.inner_text()
    first.click()
    phone.wait_for_url(re.compile(r"/handbook/"))
    assert "六必访" in phone.locator("h1").inner_text()
    screenshot(phone, "journey5-handbook")
    phone.get_by_role("link", name="English").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_role("link", name="简体中文").click()
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    assert "/handbook/" in phone.url


PAGES = {
    "home": "/",
    "directory": "/stations/",
    "station": "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/",
    "notices": "/notices/",
    "notice": "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/haixinyuanjihuatingshuitongzhi/",
    "departments": "/departments/",
    "find": "/units/find/?q=" + "裕华",
    "find-error": "/units/find/?q=" + "!!!",
    "search": "/search/?q=" + "物业",
    "handbook": "/handbook/",
    "handbook-chapter": "/handbook/liubifang/",
}


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(phone, name, elder):
    if elder:
        phone.goto("/elder-mode/?on=1&next=/")
    phone.goto(PAGES[name])
    assert axe_violations(phone) == []


def test_elder_mode_is_large_remembered_and_fits_320px(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=site_url)
    page = context.new_page()
    page.goto("/")
    normal = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert not has_horizontal_overflow(page)
    page.get_by_role("link", name="大字模式").click()
    page.wait_for_load_state()
    for url in PAGES.values():
        page.goto(url)
        size = page.evaluate(
            "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
        )
        assert size >= 20 > normal, url
        assert not has_horizontal_overflow(page), url
        assert page.locator("dialog[open], [role=dialog]").count() == 0
        for target in page.locator("a.call, button, .tool-link").all()[:10]:
            box = target.bounding_box()
            if box:
                assert box["height"] >= 44, (url, target.inner_text())
    screenshot(page, "elder-station")
    page.get_by_role("link", name="标准模式").click()
    page.wait_for_load_state()
    assert "elder" not in (page.locator("html").get_attribute("class") or "")
    context.close()


def test_keyboard_alone_reaches_the_finder_with_visible_focus(phone):
    phone.goto("/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.className") == "skip-link"
    for _ in range(30):
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.id") == "finder-q":
            break
    else:
        pytest.fail("the finder box cannot be reached by keyboard")
    outline = phone.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    phone.keyboard.type("裕华")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/units/find/"))


@pytest.mark.parametrize("name", ["home", "station", "notices", "search", "handbook-chapter"])
def test_first_visit_weight_and_no_external_requests(browser, site_url, name):
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=site_url)
    page = context.new_page()
    sizes = []
    hosts = set()

    def on_response(response):
        hosts.add(urlsplit(response.url).hostname)
        try:
            sizes.append(len(response.body()))
        except Exception:  # noqa: BLE001 - redirects have no body
            pass

    page.on("response", on_response)
    page.goto(PAGES[name])
    page.wait_for_load_state("networkidle")
    context.close()
    assert hosts == {"127.0.0.1"}
    assert sum(sizes) <= 200 * 1024, f"{name}: {sum(sizes)} bytes"


def test_report_form_can_be_completed_by_keyboard_alone(phone):
    phone.goto("/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/")
    phone.locator(".report-box a.button").first.click()
    phone.wait_for_url(re.compile(r"/feedback/"))
    phone.locator("h1").click()  # start from the page body, as after reading the heading
    visited = []
    for _ in range(60):
        phone.keyboard.press("Tab")
        active = phone.evaluate(
            """() => ({id: document.activeElement.id, tag: document.activeElement.tagName,
                outline: getComputedStyle(document.activeElement).outlineStyle})"""
        )
        visited.append(active)
        assert active["outline"] != "none", active
        if active["id"] == "id_category":
            phone.keyboard.press("ArrowDown")
        elif active["id"] == "id_description":
            phone.keyboard.type("楼道里堆满杂物，影响通行（键盘测试）")
        elif active["id"] == "id_consent":
            phone.keyboard.press("Space")
        elif active["tag"] == "BUTTON":
            break
    ids = [v["id"] for v in visited]
    assert {"id_category", "id_description", "id_consent"} <= set(ids)
    assert "id_website" not in ids, "the honeypot must not take keyboard focus"
    phone.wait_for_timeout(3500)  # a person takes longer than the minimum fill time
    phone.keyboard.press("Enter")
    phone.wait_for_load_state()
    assert re.search(r"JH-\d{4}-\d{6}", phone.locator("main").inner_text())
