"""The key pages as residents see them: 320, 375 and 1280 px wide, standard and large-text mode.

Each combination is photographed (artifacts/screenshots/screens/) and checked in the browser:
no horizontal overflow, no table wider than the viewport, chart text at least 12 px, no
control under 44 × 44 px in large-text mode (links inside a sentence excepted, as WCAG 2.5.5
allows), 0 axe violations, and on a station page the duty phone's call button inside the
first screen; no error in the console (a CSP violation would show there).
"""

import pytest

from .conftest import ARTIFACTS, axe_violations, has_horizontal_overflow

pytestmark = pytest.mark.browser

STATION = "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/"
SCREENS = {
    "home": "/",
    "station": STATION,
    "notice": STATION + "haixinyuanjihuatingshuitongzhi/",
    "notices": "/notices/",
    "department": "/departments/cheng-shi-guan-li-wei-yuan-hui-zong-he-zhi-fa/",
    "report-form": "/feedback/?unit=",
    "ranking": "/ratings/ranking/",
    "scorecard": STATION + "scorecard/",
    "en-home": "/en/",
    "en-station": "/en" + STATION,
    "en-notices": "/en/notices/",
    "en-departments": "/en/departments/",
}
# Small phones first: the iPhone SE (1st gen.), a common Android size, a laptop.
VIEWPORTS = [(320, 568), (375, 667), (1280, 800)]

# Links whose parent also holds text of its own sit in a sentence: WCAG 2.5.5 exempts them.
SMALL_CONTROLS = """() => {
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]');
  const small = [];
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || !el.checkVisibility()) continue;  // not shown (a closed menu)
    if (box.right <= 0 || box.left >= innerWidth + 1) continue; // parked off screen (skip link)
    if (el.closest('.visually-hidden, .hp')) continue;
    if (el.tagName === 'A' && [...el.parentNode.childNodes].some(
        n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (box.width < 44 || box.height < 44) {
      small.push(`${el.tagName} "${(el.innerText || el.value || el.name || '').trim().slice(0, 30)}" `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""
WIDE_TABLES = """() => [...document.querySelectorAll('table')]
  .filter(t => t.getBoundingClientRect().width > document.documentElement.clientWidth)
  .map(t => (t.caption ? t.caption.innerText : t.className).slice(0, 40))"""
SMALL_CHART_TEXT = """() => [...document.querySelectorAll('svg text')].map(t => {
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    return [t.textContent, Math.round(size * 10) / 10];
  }).filter(([, size]) => size < 12)"""


def _report_form_url(manage_shell):
    return manage_shell(
        "from units.models import UnitPage; "
        "print(UnitPage.objects.source().get(title='海馨园邻里之家').pk, end='')"
    )


@pytest.fixture(scope="module")
def station_pk(manage_shell):
    return _report_form_url(manage_shell)


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("name", SCREENS)
def test_key_page_at_every_width(browser, site_url, station_pk, name, mode):
    url = SCREENS[name] + (station_pk if name == "report-form" else "")
    context = browser.new_context(base_url=site_url, locale="zh-CN", has_touch=True)
    if mode == "elder":
        context.add_cookies([{"name": "elder", "value": "1", "url": site_url}])
    page = context.new_page()
    # A CSP violation (an inline script, the JSON-LD block if it ran) shows as a console error.
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    problems = []
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(url)
        assert response.status == 200, url
        where = f"{name} {width}px {mode}"
        page.screenshot(path=str(folder / f"{name}-{width}-{mode}.png"), full_page=True)
        if has_horizontal_overflow(page):
            problems.append(f"{where}: scrolls sideways")
        if wide := page.evaluate(WIDE_TABLES):
            problems.append(f"{where}: tables wider than the viewport: {wide}")
        if small_text := page.evaluate(SMALL_CHART_TEXT):
            problems.append(f"{where}: chart text under 12 px: {small_text[:5]}")
        if mode == "elder" and (small := page.evaluate(SMALL_CONTROLS)):
            problems.append(f"{where}: controls under 44 px: {small[:8]}")
        if name.endswith("station"):
            call = page.locator(".duty-phone a.call").first
            box = call.bounding_box() if call.count() else None
            if box is None or box["y"] + box["height"] > height:
                problems.append(f"{where}: duty phone button not in the first screen ({box})")
        if violations := axe_violations(page):
            problems.append(f"{where}: axe: {violations}")
        if errors:
            problems.append(f"{where}: console errors: {errors[:3]}")
            errors.clear()
    context.close()
    assert not problems, "\n".join(problems)
