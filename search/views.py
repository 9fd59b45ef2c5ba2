from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale, Page


def search(request):
    query = (request.GET.get("q") or "").strip()[:100]
    results = Page.objects.none()
    if query:
        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            locale = Locale.get_default()
        results = Page.objects.live().filter(locale=locale).specific().search(query)
    page_obj = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"search_query": query, "page_obj": page_obj, "query_string": f"q={query}"},
    )
