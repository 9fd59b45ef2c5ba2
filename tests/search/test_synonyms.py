"""The synonym list: seeded, edited by editors in the admin, applied to every query at once."""

import pytest

from demo.factories.accounts import login_with_mfa, with_mfa
from demo.factories.units import NoticePageFactory
from search.models import SynonymGroup, split_terms
from search.synonyms import Synonyms
from units.models import UnitPage

from .helpers import search_titles

pytestmark = pytest.mark.django_db


def test_terms_are_split_on_chinese_and_latin_separators():
    assert split_terms("公安、派出所，民警;police station\n警察") == [
        "公安",
        "派出所",
        "民警",
        "police station",
        "警察",
    ]


def test_longest_synonym_wins_inside_a_run():
    synonyms = Synonyms([["社区", "居委会"], ["社区民警", "片警"]])
    assert [term for _s, _e, term, _g in synonyms.in_run("找社区民警")] == ["社区民警"]
    assert [term for _s, _e, term, _g in synonyms.in_words(["police", "station"])] == []


def test_the_seeded_list_maps_everyday_names(client, demo):
    assert SynonymGroup.objects.count() > 40
    assert search_titles(client, "派出所")[0] == "公安静海分局"
    assert search_titles(client, "户口")[0] == "公安静海分局"  # the page says 户籍
    assert search_titles(client, "下水道")[0] == "水务局"  # the page says 排水


def test_an_editor_adds_synonyms_in_the_admin_and_search_uses_them(client, demo, django_user_model):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="围棋培训班招生", body="<p>每周六上午。</p>")
    assert "围棋培训班招生" not in search_titles(client, "手谈")

    editor = with_mfa(django_user_model.objects.create_superuser("ed", "ed@example.com", "x"))
    login_with_mfa(client, editor)
    response = client.post(
        "/admin/snippets/search/synonymgroup/add/", {"terms": "围棋、手谈", "note": "棋类"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert search_titles(client, "手谈")[0] == "围棋培训班招生"

    group = SynonymGroup.objects.get(note="棋类")
    login_with_mfa(client, editor)
    client.post(f"/admin/snippets/search/synonymgroup/delete/{group.pk}/")
    client.logout()
    assert "围棋培训班招生" not in search_titles(client, "手谈")


def test_a_group_needs_two_terms(client, demo, django_user_model):
    editor = with_mfa(django_user_model.objects.create_superuser("ed", "ed@example.com", "x"))
    login_with_mfa(client, editor)
    response = client.post("/admin/snippets/search/synonymgroup/add/", {"terms": "围棋"})
    assert response.status_code == 200
    assert "请至少填写两个说法" in response.content.decode()
    assert not SynonymGroup.objects.filter(terms="围棋").exists()
