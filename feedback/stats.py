"""This month's figures for a station or department page, with the definitions shown beside them.

响应率 = reports accepted (or further) within the response deadline ÷ reports received;
解决率 = reports resolved or confirmed ÷ reports received;
满意率 = (满意 + 基本满意) ÷ reports rated. Each is None when there is nothing to divide by.
"""

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from .models import Report, Satisfaction
from .models.reports import DONE_STATUSES

DEFINITIONS = [
    ("响应率", "按时限受理的工单数 ÷ 本月收到的工单数"),
    ("解决率", "已办结（含居民确认）的工单数 ÷ 本月收到的工单数"),
    ("满意率", "评价为“满意”或“基本满意”的工单数 ÷ 已评价的工单数"),
]


def month_start(now=None):
    local = timezone.localtime(now or timezone.now())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


def month_stats(reports, now=None):
    """Counts and rates for the reports (a queryset) received this month."""
    now = now or timezone.now()
    month = reports.filter(created_at__gte=month_start(now), created_at__lte=now)
    overdue_ids = month.overdue(now).values("pk")
    figures = month.aggregate(
        received=Count("pk"),
        resolved=Count("pk", filter=Q(status__in=DONE_STATUSES)),
        responded=Count(
            "pk", filter=Q(responded_at__isnull=False, responded_at__lte=F("respond_by"))
        ),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count(
            "pk",
            filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY]),
        ),
        overdue=Count("pk", filter=Q(pk__in=overdue_ids)),
    )
    figures["response_rate"] = _rate(figures["responded"], figures["received"])
    figures["resolution_rate"] = _rate(figures["resolved"], figures["received"])
    figures["satisfaction_rate"] = _rate(figures["satisfied"], figures["rated"])
    figures["definitions"] = DEFINITIONS
    return figures


CACHE_SECONDS = 300


def _cached(kind, pk, reports, now):
    if now is not None:
        return month_stats(reports, now)
    key = f"feedback:stats:{kind}:{pk}:{month_start():%Y%m}"
    figures = cache.get(key)
    if figures is None:
        figures = month_stats(reports)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def unit_stats(unit, now=None):
    """Cached for a few minutes: the figures are a monthly summary, not a live counter."""
    return _cached("unit", unit.pk, Report.objects.filter(unit=unit), now)


def department_stats(department, now=None):
    return _cached("department", department.pk, Report.objects.filter(department=department), now)
