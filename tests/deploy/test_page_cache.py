"""The page cache: one shared page for every visitor, their own header, fresh content after
publishing, no leaks."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core import cache as page_cache
from demo.factories.accounts import login_with_mfa
from units.models import Contact, NoticeIndexPage, NoticePage, UnitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(site_settings):
    return UnitPage.objects.get(title="海馨园邻里之家")


def _get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_view_is_served_from_cache(unit, client):
    first = _get(client, unit.url)
    second = _get(client, unit.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_cache_hit_skips_the_database(unit, client, django_assert_max_num_queries):
    _get(client, unit.url)
    with django_assert_max_num_queries(0):
        assert _get(client, unit.url)["X-Cache"] == "hit"


def test_published_notice_appears_at_once_on_station_and_lists(unit, client):
    notice_index = NoticeIndexPage.objects.live().first()
    urls = [unit.url, unit.notices_url, notice_index.url]
    notice = NoticePage(
        title="缓存测试：明日停水",
        body="<p>停水</p>",
        date=timezone.localdate(),
        pinned=True,
        live=False,
    )
    unit.add_child(instance=notice)
    for url in urls:
        _get(client, url)
        assert _get(client, url)["X-Cache"] == "hit"
        assert notice.title not in _get(client, url).content.decode()

    notice.save_revision().publish()
    for url in urls:
        response = _get(client, url)
        assert response["X-Cache"] == "miss", url
        assert notice.title in response.content.decode(), url

    notice.refresh_from_db()
    notice.unpublish()
    for url in urls:
        assert notice.title not in _get(client, url).content.decode(), url


def test_deleted_page_disappears_from_the_lists(unit, client):
    notice = NoticePage.objects.child_of(unit).live().first()
    assert notice.title in _get(client, unit.url).content.decode()
    notice.delete()
    assert notice.title not in _get(client, unit.url).content.decode()


def test_changed_contact_and_settings_are_shown_at_once(unit, client, site_settings):
    _get(client, unit.url)
    contact = Contact.objects.filter(page=unit).first()
    contact.name = "缓存测试"
    contact.save()
    assert "缓存测试" in _get(client, unit.url).content.decode()
    site_settings.footer_note = "缓存页脚说明"
    site_settings.save()
    assert "缓存页脚说明" in _get(client, unit.url).content.decode()


ACCOUNT_LINK = "我的账户"
LOGIN_LINK = ">登录</a>"


def test_signed_in_visitors_read_the_shared_page_with_their_own_header(
    unit, client, admin_user, django_assert_max_num_queries
):
    anonymous = _get(client, unit.url)
    assert LOGIN_LINK in anonymous.content.decode()
    client.force_login(admin_user)
    # The session and the user: two queries, whatever the page.
    with django_assert_max_num_queries(2):
        signed_in = _get(client, unit.url)
    assert signed_in["X-Cache"] == "hit"
    html = signed_in.content.decode()
    assert ACCOUNT_LINK in html and LOGIN_LINK not in html
    assert "linli-personal" not in html
    account_link = '<a href="/accounts/profile/">我的账户</a>'
    login_link = '<a href="/accounts/login/">登录</a>'
    assert html.replace(account_link, login_link) == anonymous.content.decode()


def test_a_signed_in_first_view_fills_the_cache_for_everyone(unit, client, admin_user):
    client.force_login(admin_user)
    first = _get(client, unit.url)
    assert first["X-Cache"] == "miss" and ACCOUNT_LINK in first.content.decode()
    client.logout()
    again = _get(client, unit.url)
    assert again["X-Cache"] == "hit"
    assert LOGIN_LINK in again.content.decode() and ACCOUNT_LINK not in again.content.decode()


def test_messages_reach_their_reader_only(unit, client, rf):
    _get(client, unit.url)
    storage = CookieStorage(rf.get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "缓存测试：感谢您的评议")]
    )
    response = _get(client, unit.url)
    assert response["X-Cache"] == "hit"
    assert "缓存测试：感谢您的评议" in response.content.decode()
    assert "X-Accel-Expires" not in response  # nginx must not keep someone's message
    # Shown once: the answer cleared the cookie, and nobody else ever sees it.
    assert "缓存测试：感谢您的评议" not in _get(client, unit.url).content.decode()
    client.cookies.clear()
    assert "缓存测试：感谢您的评议" not in _get(client, unit.url).content.decode()


def test_a_session_cookie_reads_the_shared_page(unit, client):
    _get(client, unit.url)
    client.cookies["sessionid"] = "whatever"
    response = _get(client, unit.url)
    assert response["X-Cache"] == "hit" and LOGIN_LINK in response.content.decode()


def test_a_page_restricted_to_signed_in_users_is_never_shared(unit, client, admin_user):
    PageViewRestriction.objects.create(page=unit, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(admin_user)
    first, second = _get(client, unit.url), _get(client, unit.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("pass", "pass")
    client.logout()
    assert client.get(unit.url).status_code == 302


@pytest.mark.urls("tests.deploy.shared_views")
def test_a_render_that_looks_at_the_user_is_kept_for_anonymous_visitors_only(
    client, django_user_model
):
    assert _get(client, "/hello/").content == b"hello AnonymousUser"
    assert _get(client, "/hello/")["X-Cache"] == "hit"
    client.force_login(django_user_model.objects.create_user("cache-tester"))
    first, second = _get(client, "/hello/"), _get(client, "/hello/")
    assert first.content == second.content == b"hello cache-tester"
    assert (first["X-Cache"], second["X-Cache"]) == ("pass", "pass")
    client.logout()
    assert _get(client, "/hello/").content == b"hello AnonymousUser"


@pytest.mark.urls("tests.deploy.shared_views")
def test_a_render_that_reads_the_session_is_not_shared_either(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("cache-tester"))
    session = client.session
    session["greeting"] = "你好"
    session.save()
    assert _get(client, "/greeting/")["X-Cache"] == "pass"
    client.logout()
    client.cookies.clear()
    response = _get(client, "/greeting/")
    assert response["X-Cache"] == "miss" and response.content == b"greeting: -"


def test_elder_mode_has_its_own_variant(unit, client):
    assert _get(client, unit.url)["X-Cache"] == "miss"
    client.cookies["elder"] = "1"
    elder = _get(client, unit.url)
    assert elder["X-Cache"] == "miss"
    assert 'class="elder"' in elder.content.decode()
    assert _get(client, unit.url)["X-Cache"] == "hit"
    del client.cookies["elder"]
    normal = _get(client, unit.url)
    assert normal["X-Cache"] == "hit"
    assert 'class="elder"' not in normal.content.decode()
    assert "Cookie" in normal["Vary"]


def test_languages_are_cached_apart(client):
    zh, en = _get(client, "/"), _get(client, "/en/")
    assert (zh["X-Cache"], en["X-Cache"]) == ("miss", "miss")
    assert _get(client, "/en/").content == en.content != zh.content


def test_a_page_with_a_form_token_is_never_cached(unit, client):
    # A password-protected page answers anonymous visitors with a form carrying a CSRF token.
    PageViewRestriction.objects.create(
        page=unit, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    first, second = _get(client, unit.url), client.get(unit.url)
    assert b"csrfmiddlewaretoken" in first.content
    assert (first["X-Cache"], second["X-Cache"]) == ("pass", "pass")


def test_other_views_and_methods_are_not_cached(unit, client):
    assert "X-Cache" not in client.get("/healthz")
    assert "X-Cache" not in client.post(unit.url)


def test_generation_starts_again_above_any_old_value(unit, client):
    _get(client, unit.url)
    before = page_cache.current_generation()
    cache.delete(page_cache.GENERATION_KEY)  # evicted
    page_cache.bump_generation()
    assert page_cache.current_generation() > before
    assert _get(client, unit.url)["X-Cache"] == "miss"


def test_only_cacheable_answers_let_nginx_keep_them(unit, client, admin_user, settings):
    """X-Accel-Expires (nginx's microcache) goes with exactly the responses Django caches."""
    miss, hit = _get(client, unit.url), _get(client, unit.url)
    assert miss["X-Accel-Expires"] == hit["X-Accel-Expires"] == "10"

    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    assert "X-Accel-Expires" not in _get(client, unit.url)
    del client.cookies[settings.SESSION_COOKIE_NAME]
    login_with_mfa(client, admin_user)
    assert "X-Accel-Expires" not in _get(client, unit.url)
    client.logout()

    assert "X-Accel-Expires" not in client.get("/feedback/")
    PageViewRestriction.objects.create(
        page=unit, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "X-Accel-Expires" not in client.get(unit.url)


def test_proxy_cache_can_be_turned_off(unit, client, settings):
    settings.PROXY_CACHE_SECONDS = 0
    assert "X-Accel-Expires" not in _get(client, unit.url)
    assert "X-Accel-Expires" not in _get(client, unit.url)
