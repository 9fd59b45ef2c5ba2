from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.locale import active_locale

from . import share_cards
from .finder import MAX_QUERY, core_terms, find_units
from .models import UnitPage


def _ranked_units(query, limit):
    ranked = find_units(query, locale_id=active_locale().pk, limit=limit)
    units = UnitPage.objects.visible().in_bulk([unit_id for unit_id, _score in ranked])
    return [units[unit_id] for unit_id, _score in ranked if unit_id in units]


def find(request):
    query = (request.GET.get("q") or "").strip()
    results, message = [], ""
    if not query:
        message = _("请输入小区名称或地址，例如“海馨园”。")
    elif len(query) > MAX_QUERY:
        message = _("输入的内容太长了，请只输入小区名称，例如“东方小区”。")
    elif not core_terms(query):
        message = _("没有看懂您输入的内容，请输入小区名称中的汉字，例如“裕华”。")
    else:
        results = _ranked_units(query, limit=10)
        if not results:
            message = _("没有找到与“%(q)s”相近的小区。请检查名称，或拨打区服务热线咨询。") % {
                "q": query
            }
    return render(
        request,
        "units/find.html",
        {"finder_query": query[:MAX_QUERY], "results": results, "message": message},
        status=200,
    )


def suggest(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    results = _ranked_units(query, limit=6) if core_terms(query) else []
    return JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "title": u.title,
                    "url": u.url,
                    "compounds": u.compound_names,
                    "address": u.address,
                }
                for u in results
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _live_unit(pk):
    unit = UnitPage.objects.visible().filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def vcard(request, pk):
    """Old address (/units/<pk>/vcard/, printed on early posters): the station's own route."""
    return HttpResponsePermanentRedirect(_live_unit(pk).vcard_url)


def poster(request, pk):
    return HttpResponsePermanentRedirect(_live_unit(pk).poster_url)


def share_card(request, pk, version):
    """A station's share card (units.share_cards). The address names the card's version, so
    the answer never changes and may be kept for a year; an old version redirects."""
    unit = get_object_or_404(UnitPage.objects.visible(), pk=pk)
    current = share_cards.card_version(unit)
    if version != current:
        return redirect("units:share_card", pk=pk, version=current)
    response = HttpResponse(share_cards.card_png(unit), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
