"""The district-wide list stays cheap with 10,000 notices."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from units.models import NoticeCategory, NoticePage, TownPage, UnitPage
from units.tree import notice_index_page

pytestmark = pytest.mark.django_db

NOTICES = 10_000
# Pinned: Wagtail routing and the site chrome, then towns, communities, a count that stops at
# what the pager shows, one page of notices and their sources, and the first page's pinned
# notices: none of it grows with the number of notices. When the page cache's generation has
# just moved on (as here), one more finds the restricted subtrees that no list may show
# (core.visibility); it is then kept until the generation moves again.
DISTRICT_LIST_MAX_QUERIES = 17


def bulk_notices(parent, count, start_day):
    """Insert `count` live notices under `parent` in a few statements: Page.add_child would
    take minutes, and bulk_create refuses multi-table models, so rows are written directly."""
    content_type = ContentType.objects.get_for_model(NoticePage)
    now = timezone.now()
    first = parent.numchild
    pages = Page.objects.bulk_create(
        [
            Page(
                title=f"批量通知{parent.pk}-{i}",
                draft_title=f"批量通知{parent.pk}-{i}",
                slug=f"bulk-{i}",
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, first + i + 1),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}bulk-{i}/",
                live=True,
                locale_id=parent.locale_id,
                first_published_at=now,
                last_published_at=now,
            )
            for i in range(count)
        ],
        batch_size=500,
    )
    categories = NoticeCategory.values
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {NoticePage._meta.db_table} "
            "(page_ptr_id, date, category, summary, body, valid_until, pinned) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    page.pk,
                    start_day - datetime.timedelta(days=i % 700),
                    categories[i % len(categories)],
                    "批量生成的通知摘要",
                    "<p>正文</p>",
                    None,
                    i % 997 == 0,
                )
                for i, page in enumerate(pages)
            ],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=first + count)


@pytest.fixture
def many_notices(demo):
    today = timezone.localdate()
    units = list(
        UnitPage.objects.filter(
            title__in=["海馨园邻里之家", "朝阳花园邻里之家"], locale__language_code="zh-hans"
        )
    )
    for unit in units:
        bulk_notices(unit, NOTICES // len(units), today)
    assert NoticePage.objects.count() >= NOTICES
    return units


def test_district_list_with_10000_notices_has_bounded_queries(
    many_notices, client, django_assert_max_num_queries
):
    url = notice_index_page().url
    client.get(url)  # the first view creates the site settings: a new generation
    client.get(url, {"page": "2"})  # the navigation of that generation
    town = TownPage.objects.get(title="朝阳街道", locale__language_code="zh-hans").pk
    for params in [
        {},
        {"category": "safety"},
        {"town": town, "category": "event"},
        {"page": "50"},
        {"town": town, "page": "20"},
    ]:
        with django_assert_max_num_queries(DISTRICT_LIST_MAX_QUERIES):
            response = client.get(url, params)
        assert response.status_code == 200
        html = response.content.decode()
        cards = re.search(r'<ul class="card-list">(.*?)</ul>', html, re.S).group(1)
        assert cards.count("<li>") == 20, params
        if "page" in params:
            assert f"第 {params['page']} 页" in html
        if not params:
            # 10,000 notices: the pager counted the first 1,000 and says there are more.
            assert "第 1 页，共 50 页以上" in html
