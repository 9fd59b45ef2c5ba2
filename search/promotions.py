"""Editors' picks (wagtail.contrib.search_promotions): pages or links an editor put first for a
query, in the admin under Settings → Promoted search results. Matched on the query as typed and
as folded (Traditional → Simplified, full width → ASCII), so 開放時間 gets the picks of 开放时间."""

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from .chinese import fold
from .memo import Memo


def _queries():
    """The (few) query strings that have picks: most searches need no query for picks."""
    return frozenset(
        SearchPromotion.objects.values_list("query__query_string", flat=True).distinct()
    )


promoted = Memo("promoted-queries", _queries)


def clear_cache(**kwargs):
    promoted.invalidate()


def editors_picks(query, locale, restricted_paths=()):
    """[SearchPromotion] for the query, each with `target`: the page in `locale` (the pick's own
    page or its translation) or None for an external link. Private pages are left out."""
    strings = {normalise_query_string(query), normalise_query_string(fold(query))}
    if not strings & promoted.get():
        return []
    picks = list(
        SearchPromotion.objects.filter(query__query_string__in=strings)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    found = []
    for pick in picks:
        pick.target = None
        if pick.page_id:
            page = pick.page
            if page.locale_id != locale.pk:
                page = page.get_translation_or_none(locale) or page
            if not page.live or any(page.path.startswith(p) for p in restricted_paths):
                continue
            pick.target = page.specific
        elif not pick.external_link_url:
            continue
        found.append(pick)
    return found


def picked_page_ids(picks):
    return {pick.target.pk for pick in picks if isinstance(pick.target, Page)}
