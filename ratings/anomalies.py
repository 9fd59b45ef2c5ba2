"""Burst detection: many all-low or all-high ratings for one department, from accounts
younger than `account_age`, inside one sliding window."""

from django.db.models import F

from .models import Rating


def _direction(rating):
    scores = (rating.attitude, rating.efficiency, rating.effectiveness)
    if max(scores) <= 2:
        return "low"
    if min(scores) >= 4:
        return "high"
    return None


def flag_bursts(*, window, threshold, account_age, since):
    """Flag every rating that belongs to a burst; returns the ids newly flagged."""
    candidates = (
        Rating.objects.filter(updated__gte=since, reviewed=False, user__isnull=False)
        .filter(updated__lt=F("user__date_joined") + account_age)
        .order_by("updated")
    )
    groups = {}
    for rating in candidates:
        direction = _direction(rating)
        if direction:
            groups.setdefault((rating.department_id, direction), []).append(rating)
    in_burst = set()
    for ratings in groups.values():
        start = 0
        for end, rating in enumerate(ratings):
            while rating.updated - ratings[start].updated > window:
                start += 1
            if end - start + 1 >= threshold:
                in_burst.update(r.pk for r in ratings[start : end + 1])
    newly = list(Rating.objects.filter(pk__in=in_burst, flagged=False).values_list("pk", flat=True))
    Rating.objects.filter(pk__in=newly).update(flagged=True)
    return newly
