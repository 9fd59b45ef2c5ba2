from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page

from core.cache import shared_page

from .presenting import group_hits, present, present_pages, same_notices
from .promotions import editors_picks, picked_page_ids
from .results import highlight, result_types
from .service import restricted_paths, site_search

PER_PAGE = 10
MAX_QUERY_LENGTH = 100
# Shown when the search engine was away and the database backend answered (search/fallback.py).
DEGRADED_NOTICE = gettext_lazy("搜索服务暂时不可用，以下结果可能不完整，请稍后再试。")


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def _same_as(request, locale):
    """The notice whose identical copies were asked for (?same=<id>), or None."""
    value = request.GET.get("same") or ""
    if not value.isdigit():
        return None
    page = Page.objects.live().filter(pk=int(value), locale=locale).first()
    if page is None or any(page.path.startswith(p) for p in restricted_paths()):
        return None
    return page


def _pick_items(picks, query, request):
    items = []
    for pick in picks:
        if pick.target is not None:
            (item,) = present_pages([pick.target], query, request)
            if pick.description:
                item["snippet"] = highlight(pick.description, query)
        else:
            title = pick.external_link_text or pick.external_link_url
            item = {
                "title": title,
                "title_html": highlight(title, query),
                "url": pick.external_link_url,
                "type": "link",
                "type_label": "",
                "snippet": highlight(pick.description, query),
            }
        item["promoted"] = True
        item["type_label"] = _("推荐")
        items.append(item)
    return items


@shared_page  # the same results for everyone: kept under the content generation, as pages are
def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    types = [result_type for result_type, _model in result_types()]
    type_key = request.GET.get("type")
    if type_key not in {result_type.key for result_type in types}:
        type_key = None
    locale = _active_locale()

    same = _same_as(request, locale)
    picks, outcome = [], None
    if same is not None:
        page_obj = Paginator(same_notices(same), PER_PAGE).get_page(request.GET.get("page"))
        items = present_pages(list(page_obj.object_list.specific()), query, request)
    elif query:
        outcome = site_search(query, locale, type_key)
        picks = editors_picks(query, locale, restricted_paths()) if not type_key else []
        picked = picked_page_ids(picks)
        entries = [e for e in group_hits(outcome.hits) if e.hit.page_id not in picked]
        page_obj = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        count_groups = outcome.limited or outcome.cut_short
        items = present(page_obj.object_list, outcome, request, count_groups=count_groups)
        if page_obj.number == 1:
            items = _pick_items(picks, query, request) + items
    else:
        page_obj = Paginator([], PER_PAGE).get_page(1)
        items = []

    degraded = bool(outcome and outcome.degraded)
    if request.GET.get("format") == "json":
        data = {
            "query": query,
            "total": page_obj.paginator.count,
            "page": page_obj.number,
            "num_pages": page_obj.paginator.num_pages,
            "results": [_json_item(item) for item in items],
        }
        if degraded:
            data.update(degraded=True, notice=str(DEGRADED_NOTICE))
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    params = {"q": query, **({"type": type_key} if type_key else {})}
    if same is not None:
        params["same"] = same.pk
    response = render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_obj": page_obj,
            "items": items,
            "types": types,
            "type_key": type_key,
            "same": same,
            "cut_short": bool(outcome and (outcome.cut_short or outcome.limited)),
            "degraded_notice": DEGRADED_NOTICE if degraded else "",
            "type_links": [
                (result_type, urlencode({"q": query, "type": result_type.key}))
                for result_type in types
            ],
            "all_types_link": urlencode({"q": query}),
            "query_string": urlencode(params),
        },
    )
    if degraded or (outcome and outcome.cut_short):
        # Answers from the fallback or cut short by the time budget depend on the moment, not
        # on the content: not kept for the next visitor.
        patch_cache_control(response, no_cache=True)
    return response


_OPTIONAL_KEYS = ("station", "more_stations", "more_url", "promoted")


def _json_item(item):
    """title, url, type and snippet; station, more_stations, more_url and promoted only where
    they apply (a notice, a group of identical notices, an editors' pick)."""
    data = {key: str(item[key]) for key in ("title", "url", "type", "snippet")}
    for key in _OPTIONAL_KEYS:
        if item.get(key):
            data[key] = item[key]
    return data
