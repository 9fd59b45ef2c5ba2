import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


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
