"""Read in WeChat's in-app browser (issue 21): a link forwarded to a compound's WeChat group
opens in WeChat's own browser, an Android WebView with a WeChat user agent, a narrow window
under WeChat's title bar and a large device pixel ratio. The pages need nothing from outside;
here the large-text mode, the station page and the report form with a photo are used there.
The door poster is printed from the same phone: it fills one A4 page."""

import re

import pytest
from PIL import Image

from .conftest import axe_violations, has_horizontal_overflow, screenshot

pytestmark = pytest.mark.browser

STATION = "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/"
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 12; V2172A Build/SP1A.210812.003; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5197 "
    "MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A58) WeChat/arm64 "
    "Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)


@pytest.fixture
def wechat(browser, site_url):
    # 360 × 740 CSS px screen, less the status bar and WeChat's title bar.
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        user_agent=WECHAT_UA,
        base_url=site_url,
        locale="zh-CN",
    )
    page = context.new_page()
    page.requests_seen = []
    page.on("request", lambda request: page.requests_seen.append(request.url))
    yield page
    context.close()


def test_large_text_mode_and_the_station_page_in_wechat(wechat, site_url):
    wechat.goto(STATION)
    wechat.get_by_role("link", name="大字模式").tap()
    wechat.wait_for_url(re.compile(re.escape(STATION) + "$"))
    assert "elder" in wechat.locator("html").get_attribute("class")
    size = wechat.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 20
    call = wechat.locator(".duty-phone a.call")
    box = call.bounding_box()
    assert box["y"] + box["height"] <= 640, "the duty phone is below WeChat's first screen"
    assert box["height"] >= 44
    assert not has_horizontal_overflow(wechat)
    # The menu opens and closes by tapping, without a script.
    menu = wechat.locator("summary.menu-button")
    menu.tap()
    assert wechat.get_by_role("link", name="通知公告").is_visible()
    menu.tap()
    assert not wechat.get_by_role("link", name="通知公告").is_visible()
    screenshot(wechat, "wechat-station-elder")
    assert axe_violations(wechat) == []
    assert all(url.startswith(site_url) for url in wechat.requests_seen)


def test_report_form_with_a_photo_in_wechat(wechat, site_url, tmp_path):
    photo = tmp_path / "stairwell.jpg"
    Image.new("RGB", (1200, 900), (150, 120, 90)).save(photo, "JPEG")
    wechat.context.add_cookies([{"name": "elder", "value": "1", "url": site_url}])
    wechat.goto(STATION)
    wechat.get_by_role("link", name="在线反映问题").tap()
    wechat.wait_for_url(re.compile(r"/feedback/"))
    assert not has_horizontal_overflow(wechat)
    file_input = wechat.locator("input[name=photos]")
    assert file_input.bounding_box()["height"] >= 44
    wechat.locator("select[name=category]").select_option(index=1)
    wechat.locator("textarea[name=description]").fill("楼道堆满杂物，影响通行（微信内测试）")
    file_input.set_input_files(str(photo))
    consent = wechat.locator("input[name=consent]")
    box = consent.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    consent.tap()
    assert consent.is_checked()
    wechat.wait_for_timeout(3500)  # a person takes longer than the minimum fill time
    wechat.locator("main form button[type=submit]").tap()
    wechat.wait_for_load_state()
    assert re.fullmatch(r"JH-\d{4}-\d{6}", wechat.locator(".tracking-number").inner_text().strip())
    screenshot(wechat, "wechat-report-done")
    assert all(url.startswith(site_url) for url in wechat.requests_seen)


def test_door_poster_fills_one_a4_page(browser, site_url):
    context = browser.new_context(base_url=site_url, locale="zh-CN")
    page = context.new_page()
    page.goto(STATION + "poster/")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    context.close()
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1, f"{len(pages)} pages"
    # Printed as the browser does (A4 less 12 mm margins: 703 × 1032 CSS px): the poster's
    # content reaches the foot of the page.
    context = browser.new_context(viewport={"width": 703, "height": 1032}, base_url=site_url)
    page = context.new_page()
    page.goto(STATION + "poster/")
    page.emulate_media(media="print")
    bottom = page.evaluate("() => document.querySelector('.qr').getBoundingClientRect().bottom")
    height = page.evaluate("() => document.querySelector('.poster').getBoundingClientRect().height")
    context.close()
    assert bottom >= 0.95 * 1032 and height <= 1032, (bottom, height)
