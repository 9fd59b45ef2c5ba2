"""site/nginx/linli.conf in front of two gunicorn instances: TLS, static files, the microcache.

Runs with the two-app-server tests (PostgreSQL and Redis) when nginx is installed (the CI
installs nginx-light). The site file is used as shipped, with only its machine-specific parts
replaced: ports, certificate, static and cache folders.
"""

import re
import time

import pytest
import requests
from django.utils import timezone
from django.utils.module_loading import import_string

from config.settings.env import cache_from_url
from core.cache import GENERATION_KEY
from tests import topology

from .test_two_app_servers import REDIS_URL, committed, servers, static_root  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


PROXY_CACHE_SECONDS = 1


@pytest.fixture
def app_server_env():
    return {"PROXY_CACHE_SECONDS": str(PROXY_CACHE_SECONDS)}


@pytest.fixture
def nginx(servers, static_root, tmp_path):  # noqa: F811
    if not topology.nginx_available():
        pytest.skip("needs nginx and openssl")
    proxy = topology.Nginx(tmp_path, [s.address for s in servers], static_root)
    try:
        yield proxy.base
    finally:
        proxy.stop()


def _get(base, path, cookies=None):
    return requests.get(
        base + path,
        headers={"Host": "127.0.0.1"},
        cookies=cookies,
        verify=False,
        timeout=15,
        allow_redirects=False,
    )


def test_anonymous_views_come_from_nginx_and_expire(nginx):
    from units.models import NoticePage, UnitPage

    unit = UnitPage.objects.live().get(title="海馨园邻里之家", locale__language_code="zh-hans")
    first, second = _get(nginx, unit.url), _get(nginx, unit.url)
    assert first.status_code == second.status_code == 200
    assert (first.headers["X-Proxy-Cache"], second.headers["X-Proxy-Cache"]) == ("MISS", "HIT")
    assert second.text == first.text
    # nginx reads X-Accel-Expires and keeps it to itself; the security headers stay.
    assert "X-Accel-Expires" not in second.headers
    assert second.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Content-Security-Policy" in second.headers

    title = "微缓存测试：明日停水"

    def publish():
        notice = NoticePage(title=title, body="<p>停水</p>", date=timezone.localdate(), live=False)
        UnitPage.objects.get(pk=unit.pk).add_child(instance=notice)
        notice.save_revision().publish()
        return notice.pk

    notice_pk = committed(publish)
    # The publish ran in this process, whose cache is its own: move the page cache's
    # generation where the app servers read it, as a publish in an app process does.
    conf = cache_from_url(REDIS_URL)
    shared = import_string(conf["BACKEND"])(conf["LOCATION"], conf)
    shared.delete(GENERATION_KEY)
    try:
        # Someone signed in (here: any session cookie) goes past nginx and sees it at once…
        signed_in = _get(nginx, unit.url, cookies={"__Host-sessionid": "x" * 32})
        assert signed_in.headers["X-Proxy-Cache"] == "BYPASS"
        assert title in signed_in.text
        # …and anonymous visitors within PROXY_CACHE_SECONDS.
        # nginx counts whole seconds: an entry kept for 1 s may live up to 2 s.
        time.sleep(PROXY_CACHE_SECONDS + 1.2)
        fresh = _get(nginx, unit.url)
        assert fresh.headers["X-Proxy-Cache"] in ("EXPIRED", "MISS")
        assert title in fresh.text
    finally:
        committed(lambda: NoticePage.objects.get(pk=notice_pk).delete())


def test_a_page_drawn_for_another_host_header_is_not_served_to_others(nginx):
    """Django accepts an allowed host with any port (or a final dot) and draws the page's
    links with it; nginx must keep that page for that Host header alone."""
    path = f"/search/?q=停水{time.time_ns()}"
    for poisoned in ("127.0.0.1:6666", "127.0.0.1."):
        answer = requests.get(nginx + path, headers={"Host": poisoned}, verify=False, timeout=15)
        assert answer.status_code == 200 and poisoned in answer.text
        for _ in range(2):
            honest = _get(nginx, path)
            assert honest.status_code == 200
            assert "127.0.0.1:6666" not in honest.text and "127.0.0.1./" not in honest.text


def test_pages_with_forms_or_cookies_are_never_kept(nginx):
    for _ in range(2):
        form = _get(nginx, "/feedback/")
        assert form.status_code == 200
        assert form.headers["X-Proxy-Cache"] == "MISS"
        assert "csrfmiddlewaretoken" in form.text
    # Elder mode is its own variant, as in Django's page cache.
    normal = _get(nginx, "/")
    elder = _get(nginx, "/", cookies={"elder": "1"})
    assert 'class="elder"' in elder.text and 'class="elder"' not in normal.text


def test_static_files_are_served_by_nginx_with_long_lifetimes(nginx, static_root):  # noqa: F811
    manifest = (static_root / "staticfiles.json").read_text()
    hashed = re.search(r'"css/site\.css": "([^"]+)"', manifest).group(1)
    response = _get(nginx, f"/static/{hashed}")
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Proxy-Cache" not in response.headers  # never reached the app
    assert _get(nginx, "/media/documents/anything.pdf").status_code == 404


def test_report_form_takes_three_20_mb_photos_other_paths_do_not(nginx):
    """3 × 20 MB (REPORT_PHOTO_MAX_BYTES) plus the form pass nginx to Django on the report
    form, in both languages; the same body anywhere else is refused by nginx (413)."""
    body = b"x" * (61 * 1024 * 1024)
    for path, allowed in (("/feedback/", True), ("/en/feedback/", True), ("/search/", False)):
        response = requests.post(
            nginx + path,
            data=body,
            headers={"Host": "127.0.0.1", "Content-Type": "application/octet-stream"},
            verify=False,
            timeout=60,
            allow_redirects=False,
        )
        assert (response.status_code != 413) == allowed, (path, response.status_code)


def test_favicon_and_touch_icon_are_served_by_nginx_at_the_root(nginx):
    for path, kind in [("/favicon.ico", "image/"), ("/apple-touch-icon.png", "image/png")]:
        response = _get(nginx, path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"].startswith(kind)
        assert "max-age=604800" in response.headers["Cache-Control"]
        assert "X-Proxy-Cache" not in response.headers  # never reached the app


def test_long_addresses_never_take_an_app_server_out(nginx):
    """A redirect repeats the address it came from (next=…): nginx holds the longest such
    answer, so no app server is marked failed and nobody else gets the 503 page."""
    for length in (3000, 6000, 7800):
        assert _get(nginx, "/admin/?q=" + "a" * length).status_code in (302, 400, 414)
    assert _get(nginx, "/admin/?q=" + "a" * 9000).status_code in (400, 414)
    assert all(_get(nginx, "/").status_code == 200 for _ in range(4))


def test_the_access_logs_keep_no_secrets(nginx, static_root, tmp_path):  # noqa: F811
    """Neither nginx's nor gunicorn's access log keeps a status link's token, a password-reset
    key or a query string (site/nginx/linli.conf, site/gunicorn.conf.py)."""
    secrets = ["SECRETTOKEN123", "1e-SECRETKEY456", "SECRETQUERY789"]
    for path in (
        f"/feedback/s/{secrets[0]}/",
        f"/accounts/password/reset/key/{secrets[1]}/",
        f"/en/feedback/s/{secrets[0]}/",
        f"/search/?q={secrets[2]}",
    ):
        assert _get(nginx, path).status_code < 500
    time.sleep(0.5)  # gunicorn writes its log line after the answer
    nginx_log = (tmp_path / "access.log").read_text()
    app_logs = "".join(p.read_text() for p in static_root.parent.glob("gunicorn-*.log"))
    for log in (nginx_log, app_logs):
        assert "/feedback/s/[redacted]" in log and "/en/feedback/s/[redacted]" in log
        assert "/accounts/password/reset/key/[redacted]" in log and "/search/" in log
        assert not any(secret in log for secret in secrets), log


def test_too_large_a_body_gets_a_page_in_chinese(nginx):
    response = requests.post(
        nginx + "/accounts/login/",
        data=b"x" * (13 * 1024 * 1024),
        headers={"Host": "127.0.0.1", "Content-Type": "application/octet-stream"},
        verify=False,
        timeout=60,
    )
    assert response.status_code == 413
    assert "上传的内容太大" in response.content.decode() and "12345" in response.text
