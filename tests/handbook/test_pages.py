import re

import pytest

from core import cache as page_cache
from demo.factories.accounts import login_with_mfa, with_mfa
from handbook.importer import DEMO_HANDBOOK, import_handbook_file
from handbook.models import HandbookChapterPage, HandbookPage

pytestmark = pytest.mark.django_db

METHODS = ["一轴", "三活", "四清", "五百家", "六必访", "七履职"]


def test_demo_handbook_has_the_six_methods(demo):
    book = HandbookPage.objects.live().get(locale__language_code="zh-hans")
    titles = [c.title for c in book.chapters()]
    for method in METHODS:
        assert any(title.startswith(method) for title in titles), method
    assert any("吹哨" in t for t in titles) and any("四级调处" in t for t in titles)
    for chapter in book.chapters():
        assert 2 <= len(chapter.sections) <= 5, chapter.title
    text = "".join(c.search_text() for c in book.chapters())
    for word in ["物业", "民警", "网格员", "调解", "独居老人", "邻里之家"]:
        assert word in text
    siqing = HandbookChapterPage.objects.get(slug="siqing", locale__language_code="zh-hans")
    for item in ["家庭情况清", "人员类别清", "区域设施清", "隐患矛盾清"]:
        assert item in siqing.search_text()
    assert "<" not in siqing.search_text()


def test_demo_handbook_import_is_idempotent(demo):
    changes = import_handbook_file(DEMO_HANDBOOK)
    assert {c.action for c in changes} == {"unchanged"}


def test_book_page_lists_chapters_and_sections(demo, client):
    html = client.get("/handbook/").content.decode()
    assert 'href="/handbook/siqing/#jia-ting-qing-kuang-qing"' in html
    assert 'href="/handbook/yizhou/"' in html
    assert re.search(r'<nav class="handbook-toc" aria-labelledby="handbook-toc-title">', html)


def test_chapter_page_has_toc_anchors_copy_links_and_pager(
    demo, client, django_assert_max_num_queries
):
    client.get("/handbook/siqing/")  # warm what every page shares (settings, navigation)
    page_cache.bump_generation()  # as a publish does: the next view renders the chapter
    client.get("/")  # …and the navigation is computed once for the new generation
    # Routing and the site chrome take about eleven; the chapter adds book, previous, next.
    with django_assert_max_num_queries(16):
        response = client.get("/handbook/siqing/")
    assert response["X-Cache"] == "miss"
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#ren-yuan-lei-bie-qing">人员类别清</a>' in html
    assert '<h2 id="ren-yuan-lei-bie-qing">人员类别清</h2>' in html
    assert re.search(
        r'<a class="copy-link"\s+href="#ren-yuan-lei-bie-qing"[^>]*data-copy-link', html
    )
    assert "复制本节链接" in html and "js/copy-link.js" in html
    assert re.search(r'href="/static/css/handbook-print.css" media="print"', html)
    assert 'rel="prev" href="/handbook/sanhuo/"' in html
    assert 'rel="next" href="/handbook/wubaijia/"' in html
    assert 'href="/handbook/"' in html


def test_first_and_last_chapters_have_one_neighbour(demo, client):
    chapters = list(HandbookPage.objects.get(locale__language_code="zh-hans").chapters())
    first = client.get(chapters[0].url).content.decode()
    last = client.get(chapters[-1].url).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_handbook_is_edited_in_the_admin(demo, client, django_user_model):
    from home.models import HomePage

    assert HandbookPage in HomePage.allowed_subpage_models()
    admin = with_mfa(django_user_model.objects.create_superuser("hb-admin", "hb@example.test", "x"))
    login_with_mfa(client, admin)
    chapter = HandbookChapterPage.objects.get(slug="siqing", locale__language_code="zh-hans")
    response = client.get(f"/admin/pages/{chapter.pk}/edit/")
    assert response.status_code == 200
    assert "jia-ting-qing-kuang-qing" in response.content.decode()
    book = HandbookPage.objects.get(locale__language_code="zh-hans")
    assert (
        client.get(f"/admin/pages/add/handbook/handbookchapterpage/{book.pk}/").status_code == 200
    )
