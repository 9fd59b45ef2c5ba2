"""Two gunicorn instances on two ports, one PostgreSQL and one Redis: nothing assumes one process.

Runs only against PostgreSQL with a Redis server on REDIS_URL (default redis://127.0.0.1:6379);
the CI starts both. The app servers use the production settings with test secrets.
"""

import os
import re
import secrets
import threading

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from config.settings.env import cache_from_url
from core import cache as page_cache
from tests import topology

# Not transactional: the demo district committed at session start is what the app servers see,
# and the few writes the tests make are committed from another thread (its own connection)
# and removed afterwards, so no flush follows.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_is_up():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def committed(function):
    """Run function in a thread of its own, on its own autocommitting connection."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture
def app_server_env():
    """Extra environment for the app servers; a test module may override this fixture."""
    return {}


@pytest.fixture
def servers(db, static_root, app_server_env):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    if not _redis_is_up():
        pytest.skip(f"needs a Redis server at {REDIS_URL}")
    env = topology.production_env(
        database_url=_database_url(),
        redis_url=REDIS_URL,
        static_root=static_root,
        var_dir=static_root.parent,
        SECURE_SSL_REDIRECT="false",
        **app_server_env,
    )
    topology.collect_static(env)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    logs = static_root.parent
    started = [topology.AppServer(env, log=logs / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def shared_cache():
    """This test process, pointed at the same Redis as the app servers."""
    with override_settings(CACHES={"default": cache_from_url(REDIS_URL)}):
        yield


def test_cache_and_publishing_are_shared(servers, shared_cache):
    from units.models import NoticePage, UnitPage

    a, b = servers
    unit = UnitPage.objects.live().get(title="海馨园邻里之家")
    path = unit.url
    a.request("GET", path)  # a first view may create the district settings: a new generation
    page_cache.bump_generation()
    first = a.request("GET", path)
    assert first.status_code == 200 and first.headers["X-Cache"] == "miss"
    assert b.request("GET", path).headers["X-Cache"] == "hit"  # stored by the other server

    title = "双实例测试：明日停水"

    def publish():
        notice = NoticePage(
            title=title, body="<p>停水</p>", date=timezone.localdate(), pinned=True, live=False
        )
        UnitPage.objects.get(pk=unit.pk).add_child(instance=notice)
        notice.save_revision().publish()
        return notice.pk

    notice_pk = committed(publish)
    try:
        fresh, shared = b.request("GET", path), a.request("GET", path)
        assert (fresh.headers["X-Cache"], shared.headers["X-Cache"]) == ("miss", "hit")
        assert title in fresh.text and title in shared.text
    finally:
        committed(lambda: NoticePage.objects.get(pk=notice_pk).delete())
    assert title not in b.request("GET", path).text


def test_login_on_one_server_holds_on_the_other(servers):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    a, b = servers
    email, password = "two-servers@example.cn", secrets.token_urlsafe(16)

    def create_user():
        # The app servers use the production hashers, not the test suite's fast MD5.
        hasher = PBKDF2PasswordHasher()
        user = get_user_model()(username="two-servers", email=email)
        user.password = hasher.encode(password, hasher.salt())
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user.pk

    user_pk = committed(create_user)
    try:
        form = a.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        login = a.request(
            "POST",
            "/accounts/login/",
            data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        )
        assert login.status_code == 302, login.text[-2000:]
        assert "__Host-sessionid" in a.cookies

        assert b.request("GET", "/accounts/profile/", cookies=dict(a.cookies)).status_code == 200
        assert b.request("GET", "/accounts/profile/", cookies={}).status_code == 302
    finally:
        committed(lambda: get_user_model().objects.filter(pk=user_pk).delete())
