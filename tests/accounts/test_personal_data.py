"""PIPL: a resident downloads their data and deletes their account."""

import json

import pytest
from django.contrib.auth import get_user_model

from demo.factories.ratings import make_resident
from ratings.models import Rating
from ratings.services import submit_rating

pytestmark = pytest.mark.django_db


def test_download_my_data(client, post, django_user_model):
    department, unit = post
    user = make_resident(django_user_model, "me@example.test")
    submit_rating(user, department, unit, attitude=5, efficiency=4, effectiveness=3, comment="好")
    client.force_login(user)
    response = client.get("/accounts/profile/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.test"
    assert data["emails"] == [{"email": "me@example.test", "verified": True, "primary": True}]
    assert data["ratings"][0]["department"] == department.title
    assert data["ratings"][0]["comment"] == "好"


def test_profile_page_offers_both_rights(client, django_user_model):
    client.force_login(make_resident(django_user_model, "me@example.test"))
    html = client.get("/accounts/profile/").content.decode()
    assert "/accounts/profile/data.json" in html and "/accounts/profile/delete/" in html


def test_delete_account_needs_the_password_and_keeps_anonymous_scores(
    client, post, django_user_model
):
    department, unit = post
    user = make_resident(django_user_model, "me@example.test")
    submit_rating(user, department, unit, attitude=5, efficiency=4, effectiveness=3, comment="张三")
    client.force_login(user)
    response = client.post("/accounts/profile/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=user.pk).exists()

    response = client.post("/accounts/profile/delete/", {"password": "correct horse 42"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    rating = Rating.objects.get(department=department, unit=unit)
    assert rating.user is None and rating.comment == ""
    assert rating.attitude == 5
    assert client.get("/accounts/profile/").status_code == 302
