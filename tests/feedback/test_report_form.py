import logging
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from core import cache as page_cache
from demo.factories.accounts import login_with_mfa
from demo.factories.ratings import make_resident
from feedback import tickets
from feedback.models import Report, ReportEvent, Status
from home.models import DistrictSettings

from .conftest import PHONE

URL = "/feedback/"


def test_form_shows_processing_notice_and_optional_phone(client, unit_x):
    html = client.get(URL, {"unit": unit_x.pk}).content.decode()
    assert "个人信息处理说明" in html
    assert "保存期限" in html and "180" in html
    assert "手机号（可选）" in html
    assert re.search(rf'<option value="{unit_x.pk}" selected>', html)


def test_station_picker_offers_the_stations_in_play_not_all_of_them(
    client, unit_x, unit_y, form_data, django_assert_max_num_queries
):
    """Across Tianjin there are 2,000 stations: the form never draws them all. It offers the
    station the resident came from, or those the typed compound may belong to."""
    DistrictSettings.for_site(Site.objects.get(is_default_site=True))
    client.get(URL)  # warm what every page shares (navigation, settings)

    def offered(html):
        select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
        return re.findall(r'<option value="(\d*)"', select)

    # Site, settings, categories, the offered station (and the restricted subtrees).
    with django_assert_max_num_queries(6):
        html = client.get(URL, {"unit": unit_x.pk}).content.decode()
    assert offered(html) == ["", str(unit_x.pk)] and unit_x.title in html
    assert re.search(rf'<option value="{unit_x.pk}" selected>', html)
    assert offered(client.get(URL).content.decode()) == [""]
    # Not a station (or not live): nothing to offer but "not sure".
    assert offered(client.get(URL, {"unit": 999999}).content.decode()) == [""]
    # Sent back with an error, the stations the compound may belong to are offered.
    compound = unit_y.compounds.first().name
    html = client.post(URL, form_data(unit="", compound=compound, description="")).content.decode()
    assert offered(html) == ["", str(unit_y.pk)]
    # Any live station may be sent, offered or not (the script adds what it finds).
    html = client.post(URL, form_data(unit=unit_y.pk)).content.decode()
    assert Report.objects.get().unit_id == unit_y.pk


def test_the_empty_form_is_shared_but_its_tokens_are_each_visitors_own(form_data, unit_x, settings):
    """The form comes from the page cache; its CSRF token and its ticket are personal slots,
    filled in for each answer, which no shared cache may keep."""
    settings.REPORT_MIN_FILL_SECONDS = 0
    DistrictSettings.for_site(Site.objects.get(is_default_site=True))
    browser = Client(enforce_csrf_checks=True)
    first, second = browser.get(URL), browser.get(URL)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    for answer in (first, second):
        assert "X-Accel-Expires" not in answer
        assert "private" in answer["Cache-Control"] and "no-cache" in answer["Cache-Control"]
    tokens = [
        re.search(r'name="token" value="([^"]+)"', r.content.decode())[1] for r in (first, second)
    ]
    assert tokens[0] != tokens[1]

    # A report sent from the cached copy passes the CSRF check and is stored.
    html = second.content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = browser.post(URL, form_data(csrfmiddlewaretoken=csrf, token=tokens[1]))
    assert response.status_code == 200
    assert Report.objects.get().tracking_number in response.content.decode()


def test_each_resident_sees_their_own_email_choice_on_the_shared_form(
    form_data, unit_x, settings, django_user_model
):
    """The e-mail checkbox names the resident's own verified address (masked); it is a
    personal slot, so the form itself is one shared copy for everyone."""
    settings.REPORT_MIN_FILL_SECONDS = 0
    DistrictSettings.for_site(Site.objects.get(is_default_site=True))
    first, second = Client(), Client()
    first.force_login(make_resident(django_user_model, "lihua@example.test"))
    second.force_login(make_resident(django_user_model, "zhangwei@example.test"))
    unverified = Client()
    unverified.force_login(make_resident(django_user_model, "wang@example.test", verified=False))
    answers = [c.get(URL) for c in (first, second, unverified, Client())]
    assert [a["X-Cache"] for a in answers] == ["miss", "hit", "hit", "hit"]
    pages = [a.content.decode() for a in answers]
    assert "l***@example.test" in pages[0] and "zhangwei" not in pages[0]
    assert "z***@example.test" in pages[1] and "l***@example.test" not in pages[1]
    for page in pages[2:]:
        assert 'name="notify_email"' not in page and "***@" not in page

    # Ticked on the shared copy, it is kept with the report.
    ticket = re.search(r'name="token" value="([^"]+)"', pages[1])[1]
    second.post(URL, form_data(token=ticket, notify_email="on"))
    assert Report.objects.get().notify_email is True


def test_a_report_leaves_the_cached_pages_warm(
    client, form_data, unit_x, django_capture_on_commit_callbacks
):
    """A report changes no public page's content: it must not move the content generation
    on (which would make every cached page a miss, at up to 100 reports a second)."""
    DistrictSettings.for_site(Site.objects.get(is_default_site=True))
    client.get(unit_x.url)
    before = page_cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())
    assert Report.objects.get().tracking_number in response.content.decode()
    assert page_cache.current_generation() == before
    assert client.get(unit_x.url)["X-Cache"] == "hit"


def test_navigation_and_station_page_link_to_the_form(client, unit_x):
    assert reverse("feedback:report") == URL
    html = client.get(unit_x.url).content.decode()
    assert f'href="{URL}?unit={unit_x.pk}"' in html


def test_report_without_phone_succeeds(client, form_data):
    response = client.post(URL, form_data(phone="", name=""))
    assert response.status_code == 200
    report = Report.objects.get()
    assert re.fullmatch(r"JH-\d{4}-\d{6}", report.tracking_number)
    assert report.tracking_number in response.content.decode()
    assert report.phone == ""
    assert report.status == Status.SUBMITTED
    assert list(report.events.values_list("to_status", flat=True)) == [Status.SUBMITTED]


def test_phone_is_stored_normalised_and_never_logged(client, form_data, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(URL, form_data(phone="138 1234 5678"))
    assert Report.objects.get().phone == PHONE
    assert all(PHONE not in r.getMessage() for r in caplog.records)


def test_errors_are_beside_fields_in_chinese_and_input_is_kept(client, form_data):
    response = client.post(
        URL, form_data(description="漏", phone="12345", consent=None, compound="我的小区")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert 'role="alert"' in html
    assert 'id="id_description_error"' in html and "问题描述太短" in html
    assert "请填写11位手机号" in html
    assert "请阅读并勾选同意" in html
    assert 'aria-describedby="id_phone_error id_phone_helptext"' in html
    assert 'value="我的小区"' in html and 'value="12345"' in html
    assert re.search(r">\s*漏</textarea>", html)


def test_station_or_compound_is_required(client, form_data):
    html = client.post(URL, form_data(unit="", compound="")).content.decode()
    assert "请选择邻里之家，或填写您所在的小区" in html
    assert not Report.objects.exists()


def test_general_report_with_typed_compound(client, form_data):
    client.post(URL, form_data(unit="", compound="某某花园"))
    report = Report.objects.get()
    assert report.unit is None and report.compound == "某某花园"


def test_honeypot_looks_successful_but_stores_nothing(client, form_data):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "提交成功" in response.content.decode()
    assert not Report.objects.exists()


def test_too_fast_submission_gets_its_form_back_with_everything_kept(client, form_data):
    fresh = tickets.issue()
    response = client.post(URL, form_data(token=fresh, description="楼道灯坏了三天了"))
    html = response.content.decode()
    assert "提交成功" not in html and not Report.objects.exists()
    assert "提交得太快了" in html and "楼道灯坏了三天了" in html
    assert f'value="{fresh}"' in html  # the same ticket: its clock keeps running
    # Submitted again a little later (the resident clicks once more), it is stored.
    later = tickets.issue(time.time() - 5)
    assert "提交成功" in client.post(URL, form_data(token=later)).content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["forged", "", tickets.issue(time.time() - 2 * 24 * 3600)],
    ids=["forged", "none", "old"],
)
def test_forged_or_old_ticket_gets_the_form_back_with_a_fresh_one(client, form_data, token):
    response = client.post(URL, form_data(token=token, building="5号楼"))
    html = response.content.decode()
    assert not Report.objects.exists()
    assert "这个页面打开太久了" in html and 'value="5号楼"' in html
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert fresh != token and tickets.check(fresh)[0] == tickets.TOO_FAST


def test_a_ticket_makes_one_report_however_often_it_is_sent(client, form_data):
    token = tickets.issue(time.time() - 60)
    first = client.post(URL, form_data(token=token, description="第一次提交的内容")).content
    again = client.post(URL, form_data(token=token, description="第一次提交的内容")).content
    report = Report.objects.get()
    assert report.description == "第一次提交的内容"
    assert report.tracking_number in first.decode() and report.tracking_number in again.decode()


def test_a_used_ticket_never_shows_another_reports_receipt(client, form_data, settings):
    """Someone sending a used ticket (a copied page, a shared phone) with other content gets
    their form back as typed with a fresh ticket, not the first report's receipt and link."""
    token = tickets.issue(time.time() - 60)
    client.post(URL, form_data(token=token, description="楼道灯坏了（第一位居民）"))
    first = Report.objects.get()
    response = client.post(URL, form_data(token=token, description="下水道堵了（另一位居民）"))
    html = response.content.decode()
    assert first.tracking_number not in html and "/feedback/s/" not in html
    assert "已经提交过一次" in html and "下水道堵了（另一位居民）" in html
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert fresh != token and Report.objects.count() == 1
    settings.REPORT_MIN_FILL_SECONDS = 0  # the fresh ticket is new: no wait in the test
    client.post(URL, form_data(token=fresh, description="下水道堵了（另一位居民）"))
    assert Report.objects.count() == 2


def test_rate_limit_keeps_what_was_typed_and_offers_the_stations_phone(
    client, form_data, settings, unit_x
):
    settings.RATE_LIMITS = {"report": "3/1h/ip"}
    for index in range(3):
        assert client.post(URL, form_data(phone=f"1391234000{index}")).status_code == 200
    response = client.post(URL, form_data(phone="13912340009", description="楼道灯坏了一周"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交太频繁了" in html
    assert "楼道灯坏了一周" in html and 'value="13912340009"' in html  # nothing typed is lost
    assert f'href="tel:{unit_x.phone.replace("-", "")}"' in html and unit_x.title in html
    assert Report.objects.count() == 3


def test_rate_limit_per_phone(client, form_data, settings):
    settings.RATE_LIMITS = {"report_phone": "2/1h/key"}
    client.post(URL, form_data(), REMOTE_ADDR="10.0.0.1")
    client.post(URL, form_data(), REMOTE_ADDR="10.0.0.2")
    assert client.post(URL, form_data(), REMOTE_ADDR="10.0.0.3").status_code == 429
    assert Report.objects.count() == 2


def test_double_submit_creates_one_report_with_the_same_receipt(client, form_data):
    data = form_data()
    first = client.post(URL, data).content.decode()
    second = client.post(URL, data).content.decode()
    report = Report.objects.get()
    assert report.tracking_number in first and report.tracking_number in second
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_receipt_says_what_happens_next(client, form_data):
    html = client.post(URL, form_data()).content.decode()
    assert "接下来会怎样" in html and "办结时限" in html


def test_description_is_plain_text_and_escaped(client, form_data, users):
    evil = (
        '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
    )
    client.post(URL, form_data(description=evil))
    report = Report.objects.get()
    assert Report._meta.get_field("description").get_internal_type() == "TextField"
    login_with_mfa(client, users["admin"])
    for url in (
        reverse("reports:index"),
        reverse("reports:inspect", args=[report.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "&lt;script&gt;" in html or "&lt;script&gt;alert" in html
    # The public form re-displays typed text escaped too.
    html = client.post(URL, form_data(description=evil, consent=None)).content.decode()
    assert "<script>alert(1)" not in html


def test_home_page_shows_the_report_tile(client, demo):
    html = client.get("/").content.decode()
    assert f'href="{URL}"' in html and "我要吹哨" in html


@pytest.mark.parametrize("typed", ["+86 139-1234-5678", "（＋８６）１３９ １２３４ ５６７８"])
def test_report_form_stores_the_normal_form(client, form_data, typed):
    client.post("/feedback/", form_data(phone=typed))
    assert Report.objects.get().phone == "13912345678"


def test_report_form_refuses_other_scripts_and_keeps_what_was_typed(client, form_data):
    html = client.post("/feedback/", form_data(phone="١٣٩١٢٣٤٥٦٧٨")).content.decode()
    assert not Report.objects.exists()
    assert "请填写11位手机号" in html and 'value="١٣٩١٢٣٤٥٦٧٨"' in html
