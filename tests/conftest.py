import os

import pytest
from django.core.cache import cache

# Playwright's sync API (tests/browser) keeps an event loop in the main thread for the rest of
# the session, and Django then refuses database calls from that thread as "async". The tests
# that run after the browser tests (tests/security's topology setup) make such calls
# synchronously, so the check is off for the test process (Django's documented switch).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Each process also keeps copies of values under their generations (core.cache): forget
    # those too, as each test rolls data back without a signal telling them.
    from core.cache import forget_process_copies  # after Django is set up

    cache.clear()
    forget_process_copies()
    yield
    cache.clear()
    forget_process_copies()


@pytest.fixture(autouse=True)
def _default_language(settings):
    # LocaleMiddleware activates the request's language in this thread and leaves it active
    # after the test client returns: a test that fetched an /en/ page would make the next
    # test's messages English. Every test starts (and ends) in the site's own language.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo district once per test database; each test then runs in a rolled-back
    transaction on top of it. (pytest-django creates the database only if a collected test
    uses `db`; tests/security/conftest.py creates it for a run of topology tests alone.) Without
    the sample report history (tests/home/test_demo.py loads it), so that each test counts only
    the reports it makes."""
    from django.db import connection

    from demo.data import load_demo

    with django_db_blocker.unblock():
        if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
            load_demo(history=False)


@pytest.fixture
def demo(db):
    """The whole demo district, built by the same code as `manage.py load_demo_data`."""
    from wagtail.models import Locale

    from demo.data import load_demo
    from units.models import UnitPage

    if not UnitPage.objects.exists():  # a transactional test flushed the database
        load_demo(history=False)
    return UnitPage.objects.live().filter(locale=Locale.get_default())  # not the English copies


@pytest.fixture
def post(demo):
    """A (department, station) pair that residents can rate."""
    from demo.factories.ratings import rated_post

    return rated_post()


@pytest.fixture
def resident(django_user_model):
    """A verified resident old enough to rate."""
    from demo.factories.ratings import make_resident

    return make_resident(django_user_model, "resident@example.test")


@pytest.fixture(scope="module")
def restore_migration_data(django_db_blocker):
    """The transactional test ends with a flush, which also empties what migrations created.
    Put back the locales, page tree root, home page, default site and root collection, so
    that later tests (and their `demo` fixture) find the database as migrations left it."""
    yield
    from wagtail.models import Collection, Locale, Page, Site

    from home.models import HomePage

    with django_db_blocker.unblock():
        if Site.objects.exists():
            return
        chinese, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Locale.objects.get_or_create(language_code="en")
        if not Collection.objects.exists():
            Collection.add_root(name="Root")
        root = Page.get_first_root_node() or Page.add_root(title="Root", locale=chinese)
        home = root.add_child(
            instance=HomePage(title="静海区邻里之家", slug="home", locale=chinese)
        )
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="静海区邻里之家",
        )
