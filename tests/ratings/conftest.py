import pytest

from ratings.factories import make_resident, rated_post


@pytest.fixture
def post(demo):
    return rated_post()


@pytest.fixture
def resident(django_user_model):
    return make_resident(django_user_model, "resident@example.test")
