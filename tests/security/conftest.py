"""The shipped topology for the security suite: our own Redis, gunicorn with site/gunicorn.conf.py
and the production settings (test secrets), nginx with site/nginx/linli.conf, on the test
database, which the session committed the demo district to. Started once per session.

Visitors come from distinct loopback addresses (`site.client("127.0.0.3")`), so nginx, and the
site's limits, see each as a different resident. What a test writes to the database itself is
committed (`committed` fixture: no wrapping transaction, or the app servers would not see it,
and SQLite would keep them waiting), and removed after the test.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max

from tests import topology

# Rows a test may make (itself, or through the site); anything newer than the test is removed.
TRACKED = [
    "feedback.Report",
    "feedback.AccessLog",
    "ratings.Rating",
    "wagtailcore.PageViewRestriction",
    "wagtaildocs.Document",
    "account.EmailAddress",
    "mfa.Authenticator",
]


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@dataclass
class Site:
    redis: topology.RedisServer
    app: topology.AppServer
    nginx: topology.Nginx
    mail_dir: object

    def client(self, source="127.0.0.2"):
        return self.nginx.client(source)

    @property
    def base(self):
        return self.nginx.base


def _models():
    from django.apps import apps

    return [apps.get_model(label) for label in TRACKED] + [get_user_model()]


@pytest.fixture(scope="session")
def test_database(django_db_setup, django_db_blocker):
    """The test database with the demo district committed. pytest-django creates it only
    when a collected test uses `db`; a run of topology tests alone creates it here."""
    from django.test.utils import setup_databases, teardown_databases

    from demo.data import load_demo
    from units.models import UnitPage

    with django_db_blocker.unblock():
        created = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        if not UnitPage.objects.exists():  # a transactional test flushed the database
            load_demo()
    yield
    if created:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def site(test_database, django_db_blocker, tmp_path_factory):
    if not (topology.nginx_available() and topology.redis_available()):
        pytest.skip("needs nginx, openssl and redis-server")
    with django_db_blocker.unblock():
        url = database_url()
    folder = tmp_path_factory.mktemp("topology")
    redis = topology.RedisServer().start()
    env = topology.production_env(
        database_url=url,
        redis_url=redis.url,
        static_root=folder / "static",
        var_dir=folder,
        # Mail goes to files the tests read; production refuses this without the flag.
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=folder / "mail",
        ALLOW_CONSOLE_EMAIL="true",
    )
    topology.collect_static(env)
    app = topology.AppServer(env)
    nginx = None
    try:
        app.wait_until_up()
        nginx = topology.Nginx(folder / "nginx", [app.address], folder / "static")
        yield Site(redis=redis, app=app, nginx=nginx, mail_dir=folder / "mail")
    finally:
        if nginx:
            nginx.stop()
        app.stop()
        redis.stop()


@pytest.fixture
def fresh_site(site):
    """The site with an empty cache: no rate-limit counts, no cached pages from before."""
    if not site.redis.ping():
        site.redis.start()
    site.redis.flush()
    return site


@pytest.fixture
def committed(django_db_blocker):
    """Database access without a transaction around the test; what was added is removed."""
    with django_db_blocker.unblock():
        models = _models()
        marks = {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in models}
        try:
            yield
        finally:
            from django.contrib.sessions.models import Session

            for model in models:
                model.objects.filter(pk__gt=marks[model]).delete()
            Session.objects.all().delete()
