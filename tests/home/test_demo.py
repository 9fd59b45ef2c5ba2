import re

import pytest
from wagtail.models import Locale, Page, Revision

from demo.data import load_demo
from units.models import Contact, DepartmentPage, DispatchedStaff, NoticePage, UnitPage

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "path", "live")),
        "contacts": list(Contact.objects.order_by("pk").values_list("pk", "name", "phone")),
        "staff": list(
            DispatchedStaff.objects.order_by("pk").values_list("pk", "department_id", "phone")
        ),
        "revisions": Revision.objects.count(),
    }


def test_demo_builds_a_believable_district(demo):
    assert demo.count() >= 30
    titles = set(demo.values_list("title", flat=True))
    assert {"东方小区邻里之家", "裕华园邻里之家", "海馨园邻里之家"} <= titles
    haixin = demo.get(title="海馨园邻里之家")
    assert haixin.get_parent().title == "众泰欣苑社区"
    chinese = Locale.get_default()
    assert DepartmentPage.objects.live().filter(locale=chinese).count() == 13
    assert NoticePage.objects.live().filter(locale=chinese).count() >= 60
    for unit in demo:
        assert unit.contacts.count() >= 5
        assert unit.staff.count() >= 1
        assert unit.compounds.exists()


def test_demo_is_idempotent(demo):
    before = _snapshot()
    assert load_demo() == 0
    assert _snapshot() == before


def test_demo_people_are_marked_as_samples(demo):
    names = list(Contact.objects.values_list("name", flat=True))
    names += list(DispatchedStaff.objects.values_list("name", flat=True))
    assert names and all(name.endswith("（示例）") for name in names)


def test_every_live_page_answers_200(demo, client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert pages.count() > 150
    failures = []
    for page in pages:
        response = client.get(page.url)
        if response.status_code != 200:
            failures.append((page.url, response.status_code))
    assert failures == []


def test_station_urls_are_readable_pinyin(demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale=Locale.get_default())
    assert unit.url == "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/"
    assert re.fullmatch(r"[a-z0-9/-]+", unit.url)
