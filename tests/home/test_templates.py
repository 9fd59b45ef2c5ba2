"""Template pieces whose exact output matters: call links inside Chinese text, and the
finder's suggestion list that CSS hides while it is empty."""

import re

import pytest
from django.template import Context, Template

from units.models import UnitPage


def render(source, **context):
    return Template("{% load site_tags %}" + source).render(Context(context))


def test_call_link_sits_in_text_without_added_spaces():
    html = render("值班电话：{% tel_link phone %}。", phone="022-6860 5699")
    assert html == '值班电话：<a class="call" href="tel:02268605699">022-6860 5699</a>。'


def test_call_link_reads_its_label_first_and_escapes_both():
    html = render(
        "{% tel_link phone label=label plain=True %}", phone="<b>", label="拨打<王>的电话："
    )
    assert html == (
        '<a href="tel:&lt;b&gt;"><span class="visually-hidden">拨打&lt;王&gt;的电话：</span>'
        "&lt;b&gt;</a>"
    )


@pytest.mark.django_db
def test_station_page_call_links_follow_the_colon(demo, client):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale__language_code="zh-hans")
    html = client.get(unit.url).content.decode()
    # The duty phone's button says what it calls to screen readers.
    assert (
        '<a class="call" href="tel:02268605699"><span class="visually-hidden">拨打值班电话：</span>'
        "022-68605699</a>" in html
    )
    # The footer's hotline, and the grid worker's line: name, full-width colon, then the link with nothing between.
    assert re.search(r'网格员 \S+：<a class="call" href="tel:\d+">', html)
    assert '便民热线：<a class="call" href="tel:12345">12345</a>' in html


@pytest.mark.django_db
def test_finder_suggestion_list_stays_empty_for_css(demo, client):
    # site.css hides `.suggestions:empty`; a line break inside would show an empty box.
    html = client.get("/").content.decode()
    assert '<ul class="suggestions" id="finder-suggestions" aria-live="polite"></ul>' in html
