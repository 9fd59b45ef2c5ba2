"""Wagtail admin: comment moderation, review of flagged ratings, and the district scorecards."""

import csv

from django.db.models import Avg, Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test

from core import periods
from units.models import DepartmentPage

from . import services, stats
from .forms import ModerationForm
from .models import DIMENSIONS, Rating

MODERATOR_PERMISSION = "ratings.moderate_ratings"


def is_moderator(user):
    return user.is_active and user.has_perm(MODERATOR_PERMISSION)


def _context(title, icon, **extra):
    return {
        "page_title": title,
        "header_title": title,
        "header_icon": icon,
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": "", "label": title},
        ],
        **extra,
    }


@user_passes_test(is_moderator)
def moderation(request):
    pending = (
        Rating.objects.filter(comment_status=Rating.CommentStatus.PENDING)
        .exclude(comment="")
        .select_related("department", "unit")
        .order_by("updated")[:100]
    )
    flagged = (
        Rating.objects.filter(flagged=True, reviewed=False)
        .select_related("department", "unit")
        .order_by("department", "updated")[:200]
    )
    return TemplateResponse(
        request,
        "ratings/admin/moderation.html",
        _context(_("评议审核"), "comment", pending=pending, flagged=flagged, form=ModerationForm()),
    )


@require_POST
@user_passes_test(is_moderator)
def moderate_comment(request, pk):
    rating = get_object_or_404(Rating, pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        rating.comment_status = form.cleaned_data["decision"]
        rating.reject_reason = form.cleaned_data["reason"]
        rating.save(update_fields=["comment_status", "reject_reason"])
        messages.success(request, _("已处理留言。"))
    else:
        messages.error(request, _("不通过时必须填写理由。"))
    return redirect("ratings_moderation")


@require_POST
@user_passes_test(is_moderator)
def review_flagged(request, pk):
    """Counted: the rating goes back into the figures. Otherwise it stays excluded."""
    rating = get_object_or_404(Rating, pk=pk, flagged=True)
    rating.reviewed = True
    rating.flagged = request.POST.get("decision") != "count"
    rating.save(update_fields=["reviewed", "flagged"])
    messages.success(request, _("已复核。"))
    return redirect("ratings_moderation")


def _period(request):
    period = request.GET.get("period", "")
    return period if periods.is_valid(period) else periods.current_period()


@user_passes_test(is_moderator)
def scorecards(request):
    period = _period(request)
    return TemplateResponse(
        request,
        "ratings/admin/scorecards.html",
        _context(
            _("评议统计"),
            "table",
            period=period,
            previous_period=periods.previous(period),
            rows=stats.add_report_rates(stats.ranking(period), period),
            min_sample=stats.MIN_SAMPLE,
        ),
    )


@user_passes_test(is_moderator)
def department_detail(request, pk):
    department = get_object_or_404(DepartmentPage, pk=pk)
    period = _period(request)
    rows = [
        (unit, stats.scorecard(department=department, unit=unit, period=period, quarters=1)[0])
        for unit in services.units_for(department)
    ]
    return TemplateResponse(
        request,
        "ratings/admin/department.html",
        _context(
            department.title,
            "table",
            department=department,
            period=period,
            total=stats.scorecard(department=department, period=period, quarters=1)[0],
            rows=rows,
            flagged=Rating.objects.filter(
                department=department, period=period, flagged=True
            ).count(),
        ),
    )


@user_passes_test(is_moderator)
def export_csv(request):
    """Per department and station for one quarter (aggregates only)."""
    period = _period(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ratings-by-station-{period}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    names = [name for name, _label in DIMENSIONS]
    writer.writerow(["period", "department", "unit", "count", *names])
    rows = (
        Rating.objects.public()
        .filter(period=period)
        .values("department__title", "unit__title", "department__path", "unit__path")
        .annotate(count=Count("id"), **{name: Avg(name) for name in names})
        .order_by("department__path", "unit__path")
    )
    for row in rows:
        enough = row["count"] >= stats.MIN_SAMPLE
        averages = [round(row[name], 2) if enough else "" for name in names]
        writer.writerow(
            [period, row["department__title"], row["unit__title"], row["count"], *averages]
        )
    return response
