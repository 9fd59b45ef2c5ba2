"""Residents' questions: asking words are not search terms, and say what kind of page helps."""

import pytest

from demo.factories.units import NoticePageFactory
from search.questions import HOW, WHERE, WHO, strip_question
from units.models import UnitPage

from .helpers import search_titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text,parts,intents",
    [
        ("楼道堆东西找谁", ("楼道堆东西",), {WHO}),
        ("我家暖气不热了怎么办", ("暖气不热",), {HOW}),
        ("低保去哪办", ("低保",), {WHERE}),
        ("可以在邻里之家办居住证吗", ("在邻里之家办居住证",), set()),
        ("小区的垃圾没人清运归谁管", ("小区", "垃圾", "清运"), {WHO}),
        ("怎么联系片警", ("片警",), {WHO}),
        ("在职党员报到", ("在职党员报到",), set()),
        ("请问海馨园邻里之家在哪里？", ("海馨园邻里之家",), {WHERE}),
        ("了解", ("了解",), set()),
    ],
)
def test_asking_words_are_cut_out(text, parts, intents):
    question = strip_question(text)
    assert question.parts == parts
    assert set(question.intents) == intents


def test_the_question_does_not_pull_in_pages_that_say_zhaoshui(client, demo):
    # 五百家 and 四级调处 say "找谁"; the station is what "海馨园" asks about.
    assert search_titles(client, "海馨园找谁")[0] == "海馨园邻里之家"


def test_who_asks_for_a_department(client, demo):
    assert search_titles(client, "楼道堆东西找谁")[0] == "消防救援支队"
    assert search_titles(client, "小区门口有人摆摊归谁管")[0] == "城市管理委员会（综合执法）"


def test_a_question_about_a_notice_finds_it(client, demo):
    unit = UnitPage.objects.get(title="海馨园邻里之家")
    NoticePageFactory(parent=unit, title="电梯年检停运通知", body="<p>本周三电梯年检。</p>")
    assert search_titles(client, "电梯年检什么时候")[0] == "电梯年检停运通知"
