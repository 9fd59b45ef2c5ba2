"""The search page is kept like every public page: a repeated query is answered from the page
cache, and anything that changes what it shows (a publish, a synonym, an editor's pick) makes
the kept answer stale at once. Answers that depend on the moment are not kept."""

import pytest
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from demo.factories.units import NoticePageFactory
from search.models import SynonymGroup
from units.models import UnitPage

pytestmark = pytest.mark.django_db

MARKER = "鸽子笼改造"


def _get(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response


def test_a_repeated_search_is_served_from_the_page_cache(
    client, demo, django_assert_max_num_queries
):
    _get(client, "预热")  # the cache's first use starts the generation
    assert _get(client, "停水通知")["X-Cache"] == "miss"
    with django_assert_max_num_queries(2):
        again = _get(client, "停水通知")
    assert again["X-Cache"] == "hit" and "停水" in again.content.decode()


def test_a_published_notice_is_found_at_once(client, demo):
    _get(client, "预热")  # the cache's first use starts the generation
    assert _get(client, MARKER)["X-Cache"] == "miss"
    unit = UnitPage.objects.live().source().first()
    notice = NoticePageFactory(parent=unit, title=f"{MARKER}说明会", body=f"<p>{MARKER}</p>")
    response = _get(client, MARKER)
    assert response["X-Cache"] == "miss" and notice.url in response.content.decode()


def test_a_new_synonym_and_an_editors_pick_show_at_once(client, demo):
    assert "/departments/sifaju/" not in _get(client, "葫芦兄弟").content.decode()
    SynonymGroup.objects.create(terms="葫芦兄弟、司法局")
    assert "/departments/sifaju/" in _get(client, "葫芦兄弟").content.decode()
    handbook = Page.objects.live().filter(title__startswith="六必访").first()
    SearchPromotion.objects.create(
        query=Query.get("葫芦兄弟"), page=handbook, sort_order=0, description="编辑推荐"
    )
    assert "编辑推荐" in _get(client, "葫芦兄弟").content.decode()


@override_settings(SEARCH_TIME_BUDGET=0)
def test_an_answer_cut_short_by_the_time_budget_is_not_kept(client, demo):
    first, second = _get(client, "邻里之家"), _get(client, "邻里之家")
    assert (first["X-Cache"], second["X-Cache"]) == ("pass", "pass")
