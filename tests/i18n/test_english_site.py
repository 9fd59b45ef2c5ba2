"""The English site where a visitor looks (issue 20): structured fields in English, no
full-width punctuation in English text, links that stay in the English tree, English headings
on listing pages whose items are not translated yet."""

import re
from html.parser import HTMLParser

import pytest
from wagtail.models import Locale

from demo.factories.units import DispatchedStaffFactory
from units.models import DepartmentPage, DispatchedStaff, UnitPage

pytestmark = pytest.mark.django_db

STATION = "海馨园邻里之家"
FULL_WIDTH = "：；，。、（）！？《》【】"  # curly quotes are English too
# A full-width mark touching Latin letters or digits: "Duty phone：", "（Monday".
MIXED = re.compile(rf"[A-Za-z0-9][{FULL_WIDTH}]|[{FULL_WIDTH}][A-Za-z0-9]")


class EnglishText(HTMLParser):
    """The text of a page outside elements marked as written in another language, and the
    addresses of its links."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html):
        super().__init__()
        self.stack, self.text, self.links = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs)
        if tag in self.VOID:
            return
        foreign = bool(attrs.get("lang")) and not attrs["lang"].startswith("en")
        hidden = tag in ("script", "style", "title")
        self.stack.append(foreign or hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def _english_station():
    return UnitPage.objects.get(title=STATION, locale__language_code="zh-hans").get_translation(
        Locale.objects.get(language_code="en")
    )


def _english_pages(demo):
    station = _english_station()
    department = DepartmentPage.objects.filter(locale__language_code="en").first()
    return [
        "/en/",
        station.url,
        station.url + "scorecard/",
        "/en/notices/",
        "/en/departments/",
        department.url,
        "/en/stations/",
        "/en/ratings/",
        "/en/ratings/ranking/",
        "/en/feedback/",
        "/en/search/?q=water",
    ]


def test_station_hours_and_duty_hours_read_in_english(demo, client):
    station = _english_station()
    html = client.get(station.url).content.decode()
    assert "Monday to Friday 08:30-17:30; Saturday 09:00-12:00" in html
    # Dispatched staff's duty hours are data, shown in the reader's language.
    assert re.search(
        r"On duty: (Tuesday, Thursday 09:00-11:30|Monday, Wednesday 14:00-17:00)", html
    )
    assert "周一" not in EnglishText(html).text.__str__()


def test_no_full_width_punctuation_in_english_text(demo, client):
    for url in _english_pages(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        text = " ".join(EnglishText(response.content.decode()).text)
        found = MIXED.findall(text)
        assert not found, (url, found)


def test_links_on_english_pages_stay_in_the_english_tree(demo, client):
    allowed = ("/en/", "tel:", "geo:", "https://uri.amap.com/", "#", "/documents/", "?")
    for url in _english_pages(demo):
        parser = EnglishText(client.get(url).content.decode())
        for link in parser.links:
            href = link["href"]
            if link.get("hreflang") == "zh-Hans":  # the language switcher
                continue
            assert href.startswith(allowed), (url, href)


def test_department_links_from_an_english_station_go_to_english_pages(demo, client):
    station = _english_station()
    html = client.get(station.url).content.decode()
    staff = html.split('id="staff"', 1)[1].split('id="notices"', 1)[0]
    departments = re.findall(r'<a href="([^"]+)"[^>]*>', staff)
    assert departments and all(href.startswith("/en/departments/") for href in departments)


@pytest.mark.parametrize(
    "url,heading", [("/en/notices/", "Notices"), ("/en/departments/", "Departments")]
)
def test_english_listing_pages_have_english_headings(demo, client, url, heading):
    html = client.get(url).content.decode()
    assert re.search(rf"<h1>\s*{heading}\s*</h1>", html), url
    assert f"<title>{heading} · " in html
    # The listing itself is English; only the untranslated items are marked as Chinese.
    assert "has not been translated yet" not in html
    assert 'lang="zh-Hans"' in html


def test_report_categories_read_in_english(demo, client):
    html = client.get("/en/feedback/").content.decode()
    assert "Water leaks, blocked pipes" in html
    assert "漏水、管道井淤塞" not in html
    assert "漏水、管道井淤塞" in client.get("/feedback/").content.decode()


def test_duty_hours_are_stored_as_data_and_written_back_as_the_roster_writes_them(demo):
    unit = UnitPage.objects.get(title=STATION, locale__language_code="zh-hans")
    person = DispatchedStaffFactory.build(page=unit, duty="每周二、周四 09:00-11:30；节假日除外")
    assert person.duty_hours == [[1, "09:00", "11:30"], [3, "09:00", "11:30"]]
    assert person.duty_note == "节假日除外"
    assert person.duty == "周二、周四 09:00-11:30；节假日除外"
    person.duty = "请电话预约"
    assert (person.duty_hours, person.duty_note) == ([], "请电话预约")
    assert DispatchedStaff.objects.filter(page=unit).exclude(duty_hours=[]).exists()
