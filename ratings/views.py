"""Public pages: choose where to rate, the rating form, scorecards, ranking and open data."""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import periods
from core.cache import depends_on, shared_page
from core.ids import parse_id
from core.locale import localized
from core.ratelimit import allow
from units.models import DepartmentPage, UnitPage

from . import services, stats
from .charts import trend_svg
from .forms import RatingForm
from .links import scorecard_links
from .models import DIMENSIONS, RATINGS, Rating


def index(request):
    unit = None
    if unit_id := parse_id(request.GET.get("unit")):
        unit = UnitPage.objects.visible().filter(pk=unit_id).first()
    return render(
        request,
        "ratings/index.html",
        {
            "units": UnitPage.objects.visible()
            .filter(pk__in=services.rated_pairs().values("page_id"))
            .order_by("path"),
            "unit": unit,
            "departments_here": services.departments_at(unit) if unit else [],
            "departments": _in_reading_language(
                DepartmentPage.objects.visible().source().order_by("path"), request
            ),
            "period": periods.current_period(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, unit_id, department_id):
    unit = get_object_or_404(UnitPage.objects.visible(), pk=unit_id)
    department = get_object_or_404(DepartmentPage.objects.visible(), pk=department_id)
    if not services.can_be_rated(department, unit):
        raise Http404
    context = {"unit": unit, "department": department, "period": periods.current_period()}
    try:
        services.check_can_rate(request.user)
    except services.NotAllowed as refusal:
        context["refusal"] = refusal.message
        return render(request, "ratings/refused.html", context, status=403)
    existing = Rating.objects.filter(
        user=request.user, department=department, unit=unit, period=context["period"]
    ).first()
    initial = {name: getattr(existing, name) for name, _label in DIMENSIONS} if existing else {}
    if existing:
        initial["comment"] = existing.comment
    form = RatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        # A person rates a handful of departments a quarter; a script rates hundreds.
        if not allow(request, "rating", user=request.user):
            context["refusal"] = _("操作过于频繁，请稍后再试。")
            return render(request, "ratings/refused.html", context, status=429)
        try:
            rating, created = services.submit_rating(
                request.user, department, unit, **form.cleaned_data
            )
        except services.NotAllowed as refusal:
            context["refusal"] = refusal.message
            return render(request, "ratings/refused.html", context, status=403)
        messages.success(request, _("感谢您的评议！") if created else _("您本季度的评议已更新。"))
        if rating.comment and rating.comment_status == Rating.CommentStatus.PENDING:
            messages.info(request, _("您的留言将在审核通过后公开。"))
        return redirect(scorecard_url(department))
    context.update(form=form, existing=existing)
    return render(request, "ratings/rate.html", context)


def _period_param(request):
    period = request.GET.get("period", "")
    return period if periods.is_valid(period) else periods.current_period()


def _scorecard_context(request, subject, **filters):
    period = _period_param(request)
    trend = stats.scorecard(period=period, **filters)
    title = _("%(name)s 近四个季度平均分趋势") % {"name": subject.title}
    return {
        "subject": subject,
        "period": period,
        "current": trend[-1],
        "previous": trend[-2],
        "trend": trend,
        "chart": trend_svg(trend, "trend", title),
        "chart_title": title,
        "min_sample": stats.MIN_SAMPLE,
        "previous_period": periods.previous(period),
        "next_period": periods.previous(period, -1),
        "is_current": period == periods.current_period(),
    }


def _scorecard(page, request, kind, other):
    """A scorecard of a station (kind "unit") or department page; `other` is the kind of page
    listed beside the figures. Figures belong to the Chinese copy of the page, whichever
    language is read. Kept by the page cache until a rating changes (the `ratings` generation)
    or a publish; its report rates, like a station page's, are at most PAGE_CACHE_SECONDS old."""
    depends_on(request, RATINGS)
    subject = type(page)(pk=page.source_pk)
    context = _scorecard_context(request, page, **{kind: subject})
    period = context["period"]
    comments = Rating.objects.visible_comments().filter(**{kind: subject, "period": period})
    context.update(
        kind=kind,
        rates=stats.report_rates(**{kind: subject, "period": period}),
        comments=comments.select_related(other).order_by("-updated")[:20],
    )
    if kind == "unit":
        context["departments"] = _in_reading_language(services.departments_at(subject), request)
    else:
        # A department at every station lists hundreds of them.
        context["units"] = scorecard_links(services.units_for(subject), request)
    return render(request, "ratings/scorecard.html", context)


def department_scorecard(page, request):
    """The `scorecard/` route of a department page (registered in apps.py)."""
    return _scorecard(page, request, "department", "unit")


def unit_scorecard(page, request):
    """The `scorecard/` route of a station page."""
    return _scorecard(page, request, "unit", "department")


def _scorecard_redirect(model, pk, request):
    page = get_object_or_404(model.objects.visible(), pk=pk)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(scorecard_url(page) + (f"?{query}" if query else ""))


def department_scorecard_by_pk(request, pk):
    """Old address (/ratings/departments/<pk>/): the department page's scorecard route."""
    return _scorecard_redirect(DepartmentPage, pk, request)


def unit_scorecard_by_pk(request, pk):
    return _scorecard_redirect(UnitPage, pk, request)


def scorecard_url(page):
    return page.url + page.reverse_subpage("scorecard")


def unit_panel(page):
    """The station page's links (units.extensions): rate its departments, read its scorecard."""
    return {
        "rating_url": f"{reverse('ratings:index')}?unit={page.source_pk}",
        "scorecard_page_url": scorecard_url(page),
    }


def _in_reading_language(pages, request):
    """Pages (source copies, which figures belong to) as the reader's language links them,
    each with its scorecard's address (the request keeps the site's root paths; the route's
    suffix is the same for every page of a kind)."""
    pages = list(pages)
    copies = localized(pages) if pages else {}
    suffixes = {}
    for page in pages:
        copy = page.reading_copy = copies[page.pk]
        kind = type(copy)
        if kind not in suffixes:
            suffixes[kind] = copy.reverse_subpage("scorecard")
        page.scorecard_link = copy.get_url(request) + suffixes[kind]
    return pages


@shared_page
def ranking(request):
    depends_on(request, RATINGS)  # as the scorecards: a rating shows at once
    period = _period_param(request)
    return render(
        request,
        "ratings/ranking.html",
        {
            "period": period,
            "rows": _ranking_rows(period, request),
            "min_sample": stats.MIN_SAMPLE,
            "previous_period": periods.previous(period),
            "next_period": periods.previous(period, -1),
            "is_current": period == periods.current_period(),
        },
    )


def _ranking_rows(period, request):
    rows = stats.add_report_rates(stats.ranking(period), period)
    _in_reading_language((row["department"] for row in rows), request)
    return rows


OPEN_DATA_FIELDS = [
    "period",
    "department_id",
    "department",
    "count",
    "attitude",
    "efficiency",
    "effectiveness",
    "overall",
    "reports_received",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
]
REPORT_RATES = ["response_rate", "resolution_rate", "satisfaction_rate"]


def open_data_rows(period):
    """One row per department for the quarter: aggregates only, no personal data. The report
    rates (percent) are those of the whistle reports received in the quarter."""
    for row in stats.add_report_rates(stats.ranking(period), period):
        reports = row["reports"] or {}
        yield {
            "period": period,
            "department_id": row["department"].pk,
            "department": row["department"].title,
            "count": row["count"],
            **{name: row["averages"].get(name) for name, _label in DIMENSIONS},
            "overall": row["overall"],
            "reports_received": reports.get("received"),
            **{name: reports.get(name) for name in REPORT_RATES},
        }


def open_data_csv(request):
    period = _period_param(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ratings-{period}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the Chinese correctly
    writer = csv.DictWriter(response, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    writer.writerows(open_data_rows(period))
    return response


def open_data_json(request):
    period = _period_param(request)
    body = {
        "period": period,
        "min_sample": stats.MIN_SAMPLE,
        "departments": list(open_data_rows(period)),
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
