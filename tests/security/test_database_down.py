"""Issue 22 (its PostgreSQL part): when the database cannot be reached, visitors get a calm
Chinese 503 page with Retry-After, never a 500 or a stack trace, and the site recovers by
itself when the database returns.

The app server reaches PostgreSQL through a proxy the test cuts: open connections drop and new
ones are refused, exactly what a stopped server looks like from the app (the shared cluster
itself is never stopped). nginx (site/nginx/linli.conf) shows its copy of the page for the
app's 503 and when no app server answers; Django shows it when reached directly.
"""

import sys
import time
import uuid

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from core.errors import handler500
from tests import topology

from .conftest import database_url

CALM = "网站暂时无法使用"


def _is_calm_503(response):
    assert response.status_code == 503, response.status_code
    assert response.headers["Retry-After"] == "30"
    assert CALM in response.text
    assert "Traceback" not in response.text and "Server Error" not in response.text
    return True


@pytest.fixture
def cut_off_site(site, tmp_path, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    with django_db_blocker.unblock():
        db = connection.settings_dict
    proxy = topology.TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    url = database_url().replace(f":{db['PORT']}/", f":{proxy.port}/")
    app = topology.AppServer({**site.app.env, "DATABASE_URL": url, "DB_CONNECT_TIMEOUT": "2"})
    nginx = None
    try:
        app.wait_until_up()
        nginx = topology.Nginx(tmp_path / "nginx", [app.address], site.app.env["STATIC_ROOT"])
        yield proxy, app, nginx
    finally:
        if nginx:
            nginx.stop()
        app.stop()
        proxy.cut()


@pytest.mark.slow
def test_database_stopped_gives_a_calm_503_and_recovers(cut_off_site):
    proxy, app, nginx = cut_off_site
    visitor = nginx.client("127.0.0.60")

    def page(path):
        return visitor.get(f"{path}?v={uuid.uuid4().hex[:8]}")  # past every cache

    assert page("/feedback/").status_code == 200
    proxy.cut()
    for path in ("/feedback/", "/notices/", "/", "/accounts/login/"):
        assert _is_calm_503(page(path))
    # The same page from Django itself, without nginx in between.
    direct = app.request("GET", f"/feedback/?v={uuid.uuid4().hex[:8]}")
    assert _is_calm_503(direct)
    assert "Content-Security-Policy" in direct.headers

    proxy.restore()
    deadline = time.monotonic() + 30
    while page("/feedback/").status_code != 200:
        assert time.monotonic() < deadline, "the site did not recover by itself"
        time.sleep(0.5)
    assert page("/notices/").status_code == 200


@pytest.mark.slow
def test_no_app_server_answering_gives_nginxs_calm_503(site, tmp_path):
    app = topology.AppServer({**site.app.env})
    app.wait_until_up()
    nginx = topology.Nginx(tmp_path / "nginx", [app.address], site.app.env["STATIC_ROOT"])
    try:
        app.stop()
        response = nginx.client("127.0.0.61").get("/feedback/")
        assert _is_calm_503(response)
        assert response.headers["Cache-Control"] == "no-store"
    finally:
        nginx.stop()


def test_django_answers_503_for_a_lost_database_and_500_for_anything_else():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = handler500(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert CALM in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        assert handler500(request).status_code == 500
    assert sys.exc_info() == (None, None, None)
