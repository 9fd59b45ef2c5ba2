"""One ranking on every backend: rare words count, full matches first, partial ones still found."""

import pytest

from demo.factories.units import NoticePageFactory
from search.ranking import idf
from units.models import UnitPage

from .helpers import search_titles

pytestmark = pytest.mark.django_db


def test_idf_falls_as_a_word_gets_common():
    assert idf(1, 1000) > idf(100, 1000) > idf(900, 1000) > 0


def test_the_rare_telling_word_outranks_common_words_in_a_title(client, demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="邻里之家小区活动通知", body="<p>欢迎居民参加。</p>")
    NoticePageFactory(parent=unit, title="周末活动安排", body="<p>周六上午桥牌比赛。</p>")
    titles = search_titles(client, "邻里之家小区桥牌")
    assert titles[0] == "周末活动安排"
    # A page holding only the common words is not an answer to a question about 桥牌.
    assert "邻里之家小区活动通知" not in titles[:1]


def test_pages_of_common_words_cannot_crowd_the_rare_word_out_of_the_candidates(
    client, demo, settings
):
    """More pages hold the common words than a candidate statement reads: which of them a
    statement without an order returns is the table's layout (on PostgreSQL it changed with
    the tests run before, and a station holding 小区 and 邻里之家 outranked the 桥牌 notice).
    The rare word's pages are asked for on their own."""
    settings.SEARCH_CANDIDATE_LIMIT = 10
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    for number in range(12):
        NoticePageFactory(parent=unit, title=f"邻里之家小区活动通知{number}")
    NoticePageFactory(parent=unit, title="周末活动安排", body="<p>周六上午桥牌比赛。</p>")
    for number in range(12, 24):
        NoticePageFactory(parent=unit, title=f"邻里之家小区活动通知{number}")
    assert search_titles(client, "邻里之家小区桥牌")[0] == "周末活动安排"


def test_a_full_match_ranks_above_a_partial_one_and_partial_ones_are_found(client, demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="桥牌比赛", body="<p>欢迎报名。</p>")
    NoticePageFactory(parent=unit, title="棋牌活动", body="<p>有桥牌，也有围棋。</p>")
    NoticePageFactory(parent=unit, title="围棋培训", body="<p>每周六上午。</p>")
    titles = search_titles(client, "桥牌 围棋")
    assert titles[0] == "棋牌活动"  # holds both words, though neither in its title
    assert {"桥牌比赛", "围棋培训"} <= set(titles)  # each holds one: still found, below


def test_names_rank_first_when_they_match(client, demo):
    assert search_titles(client, "玉华园")[0] == "裕华园邻里之家"
    assert search_titles(client, "yuhuayuan")[0] == "裕华园邻里之家"
    assert search_titles(client, "城管")[0] == "城市管理委员会（综合执法）"
