from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import Locale

from .results import result_item, result_types, search_pages

PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def _active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    types = [result_type for result_type, _model in result_types()]
    type_key = request.GET.get("type")
    if type_key not in {result_type.key for result_type in types}:
        type_key = None

    results = search_pages(query, _active_locale(), type_key) if query else []
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    items = [result_item(page, query, request) for page in page_obj]

    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": query,
                "total": page_obj.paginator.count,
                "page": page_obj.number,
                "num_pages": page_obj.paginator.num_pages,
                "results": [
                    {key: str(item[key]) for key in ("title", "url", "type", "snippet")}
                    for item in items
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )

    params = {"q": query, **({"type": type_key} if type_key else {})}
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_obj": page_obj,
            "items": items,
            "types": types,
            "type_key": type_key,
            "type_links": [
                (result_type, urlencode({"q": query, "type": result_type.key}))
                for result_type in types
            ],
            "all_types_link": urlencode({"q": query}),
            "query_string": urlencode(params),
        },
    )
