import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import cache as page_cache
from demo.factories.units import (
    ContactFactory,
    DepartmentPageFactory,
    DispatchedStaffFactory,
    NoticePageFactory,
    OpeningHoursFactory,
    UnitPageFactory,
)
from units.models import ContactRole, UnitPage

pytestmark = pytest.mark.django_db

# Pinned: a station page with 20 contacts, 30 dispatched staff and 50 notices.
STATION_PAGE_MAX_QUERIES = 21  # routing (site, locale, home, the page), chrome, the station


@pytest.fixture
def big_unit(demo):
    parent = UnitPage.objects.get(title="海馨园邻里之家").get_parent()
    unit = UnitPageFactory(parent=parent, title="大站邻里之家")
    roles = list(ContactRole.values)
    for i in range(20):
        ContactFactory(page=unit, role=roles[i % len(roles)], sort_order=i)
    departments = [DepartmentPageFactory() for _ in range(5)]
    for i in range(30):
        DispatchedStaffFactory(page=unit, department=departments[i % 5], sort_order=i)
    for day in range(5):
        OpeningHoursFactory(page=unit, weekday=day)
    for i in range(50):
        NoticePageFactory(
            parent=unit,
            title=f"通知{i}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
        )
    return unit


def test_station_page_query_count_is_bounded(big_unit, client, django_assert_max_num_queries):
    client.get(big_unit.url)  # warm what every page shares (site, settings)
    page_cache.bump_generation()  # as a publish does: the next view renders the page…
    client.get("/")  # …and the navigation is computed once for the new generation
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(big_unit.url)
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    html = response.content.decode()
    assert html.count('class="person"') == 50
    assert len(ctx.captured_queries) <= STATION_PAGE_MAX_QUERIES, "\n".join(
        q["sql"] for q in ctx.captured_queries
    )


def test_station_page_shows_everything_a_resident_needs(demo, client):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    html = client.get(unit.url).content.decode()
    assert "海馨园" in html and unit.address in html
    assert "周一至周五 08:30-17:30；周六 09:00-12:00" in html
    for contact in unit.contacts.all():
        assert contact.name in html
    for person in unit.staff.all():
        assert person.name in html and person.department.title in html
    # Every phone number is a one-tap call link.
    assert html.count('href="tel:') >= unit.contacts.count() + unit.staff.count() + 1
    assert "正在开放" in html or "当前不在开放时间" in html


def test_contacts_come_in_a_fixed_order(demo, client):
    unit = UnitPage.objects.get(title="裕华园邻里之家")
    ContactFactory(
        page=unit, role=ContactRole.PARTY_SECRETARY, name="后加的书记（示例）", sort_order=99
    )
    html = client.get(unit.url).content.decode()
    html = html[html.index('id="contacts"') : html.index('id="staff"')]
    positions = [
        html.index(label)
        for label in ["党支部书记", "网格员", "物业经理", "业委会主任", "社区民警", "人民调解员"]
    ]
    assert positions == sorted(positions)
    assert html.index("后加的书记（示例）") < html.index("网格员")


def test_vcard_lists_the_station_and_its_contacts(demo, client):
    unit = UnitPage.objects.get(title="东方小区邻里之家")
    response = client.get(unit.vcard_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    text = response.content.decode()
    # The station, its contacts, the staff departments dispatch there and the district hotline.
    assert text.count("BEGIN:VCARD") == 1 + unit.contacts.count() + unit.staff.count() + 1
    assert "FN:东方小区邻里之家" in text
    first = unit.sorted_contacts()[0]
    assert f"TEL;TYPE=WORK,VOICE:{first.phone}" in text
    assert "\r\n" in text


def test_poster_has_contacts_and_a_qr_code_to_the_page(demo, client):
    unit = UnitPage.objects.get(title="东方小区邻里之家")
    response = client.get(unit.poster_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<path" in html
    assert f"http://testserver{unit.url}" in html
    assert "@page" not in html and "poster.css" in html
    for contact in unit.contacts.all():
        assert contact.name in html


def test_poster_qr_decodes_to_the_page_url():
    from units.posters import qr_svg

    svg = str(qr_svg("http://example.test/stations/x/"))
    assert svg.startswith("<svg") or "<svg" in svg[:200]


def test_unpublished_station_has_no_vcard_or_poster(demo, client):
    unit = UnitPage.objects.get(title="东方小区邻里之家")
    vcard_url, poster_url = unit.vcard_url, unit.poster_url
    unit.unpublish()
    assert client.get(f"/units/{unit.pk}/vcard/").status_code == 404
    assert client.get(f"/units/{unit.pk}/poster/").status_code == 404
    assert client.get(vcard_url).status_code == 404
    assert client.get(poster_url).status_code == 404


def test_old_vcard_poster_and_scorecard_addresses_lead_to_the_page_routes(demo, client):
    """Posters printed before the routes moved under the station page keep working."""
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    department = unit.staff.first().department
    for old, new in [
        (f"/units/{unit.pk}/vcard/", unit.vcard_url),
        (f"/units/{unit.pk}/poster/", unit.poster_url),
        (f"/ratings/units/{unit.pk}/?period=2026Q3", f"{unit.url}scorecard/?period=2026Q3"),
        (f"/ratings/departments/{department.pk}/", f"{department.url}scorecard/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        assert client.get(new).status_code == 200, new


def test_department_page_lists_stations_with_their_staff(demo, client):
    person = UnitPage.objects.get(title="海馨园邻里之家").staff.first()
    person.duty = "周二 09:00-12:00 轮值"
    person.save()
    html = client.get(person.department.url).content.decode()
    assert "海馨园邻里之家" in html and person.name in html
    # Each person's duty hours, as words (not the method that writes them).
    assert person.duty_display() in html and "bound method" not in html


def test_api_exposes_stations_departments_and_contacts_read_only(demo, client):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    data = client.get(
        "/api/v2/pages/",
        {"type": "units.UnitPage", "fields": "address,phone,compounds,contacts,staff", "limit": 50},
    ).json()
    assert data["meta"]["total_count"] == demo.count()  # the Chinese pages, each once
    item = next(i for i in data["items"] if i["id"] == unit.pk)
    assert item["address"] == unit.address
    assert [c["name"] for c in item["compounds"]] == ["海馨园"]
    assert {c["name"] for c in item["contacts"]} == set(
        unit.contacts.values_list("name", flat=True)
    )
    assert item["staff"][0]["department_id"] == unit.staff.first().department_id
    departments = client.get(
        "/api/v2/pages/", {"type": "units.DepartmentPage", "fields": "hotline"}
    ).json()
    assert departments["meta"]["total_count"] == 13
    assert all(d["hotline"] for d in departments["items"])
    # Read-only: writes are not allowed.
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    assert client.delete(f"/api/v2/pages/{unit.pk}/").status_code == 405


def test_station_page_says_how_to_report_a_problem_here(demo, client):
    unit = UnitPage.objects.get(title="东方小区邻里之家")
    grid_worker = unit.contacts.get(role=ContactRole.GRID_WORKER)
    html = client.get(unit.url).content.decode()
    box = html[html.index('id="report-heading"') :]
    box = box[: box.index("</section>")]
    assert "有问题，在这里吹哨" in box
    assert grid_worker.name in box and f'href="{grid_worker.tel_href}"' in box
