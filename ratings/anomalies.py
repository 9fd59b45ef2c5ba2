"""Burst detection: one-sided ratings that arrive together for one department from accounts
that are new or that belong together.

What can actually happen here: a resident must verify an e-mail address and wait
RATING_MIN_ACCOUNT_AGE_HOURS (24 h in production) before rating, so a campaign registers its
accounts a day or more ahead, often in one sitting and with look-alike addresses
(zhang01@…, zhang02@…), then rates one department low (or high) at its stations within an hour.
Ordinary residents rate over weeks; after a real incident many of them may rate low within a
short time too, but from accounts of all ages, registered at different times.

So a *burst* is at least `threshold` ratings for one department, all low (every score ≤ 2) or all
high (every score ≥ 4), within `window`. In a burst a rater is *suspicious* when the account is
new (joined less than `new_account` before rating) or related to other raters of the burst:
`cohort` or more of them registered within `joined_together` of each other, or their e-mail
addresses differ only in digits or a +tag. When at least `share` of the burst is suspicious, the
suspicious ratings are flagged: they leave the public figures until a moderator reviews them
(Wagtail admin → 评议审核); the others in the window count as usual.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from .models import Rating


@dataclass(frozen=True)
class BurstRules:
    window: datetime.timedelta = datetime.timedelta(minutes=60)
    threshold: int = 10
    new_account: datetime.timedelta = datetime.timedelta(days=14)
    joined_together: datetime.timedelta = datetime.timedelta(minutes=30)
    cohort: int = 3
    share: float = 0.6


def _direction(rating):
    scores = (rating.attitude, rating.efficiency, rating.effectiveness)
    if max(scores) <= 2:
        return "low"
    if min(scores) >= 4:
        return "high"
    return None


def _email_family(email):
    """zhang01+x@qq.com and Zhang02@qq.com → zhang@qq.com."""
    local, _at, domain = (email or "").lower().partition("@")
    return re.sub(r"\+.*$|[0-9._-]+", "", local) + "@" + domain


def _related(burst, rules):
    """User ids in the burst that registered together or with look-alike addresses."""
    users = {rating.user_id: rating.user for rating in burst}
    joined = sorted((user.date_joined, pk) for pk, user in users.items())
    related = set()
    for moment, pk in joined:
        together = [other for when, other in joined if abs(when - moment) <= rules.joined_together]
        if len(together) >= rules.cohort:
            related.add(pk)
    families = Counter(_email_family(user.email) for user in users.values() if user.email)
    related.update(
        pk
        for pk, user in users.items()
        if user.email and families[_email_family(user.email)] >= rules.cohort
    )
    return related


def _suspicious(burst, rules):
    related = _related(burst, rules)
    return {
        rating.pk
        for rating in burst
        if rating.updated - rating.user.date_joined < rules.new_account or rating.user_id in related
    }


def find_bursts(ratings, rules):
    """The pks of the ratings to flag among `ratings` (ordered by time)."""
    groups = {}
    for rating in ratings:
        direction = _direction(rating)
        if direction:
            groups.setdefault((rating.department_id, direction), []).append(rating)
    flagged = set()
    for group in groups.values():
        start = 0
        for end, rating in enumerate(group):
            while rating.updated - group[start].updated > rules.window:
                start += 1
            burst = group[start : end + 1]
            if len(burst) < rules.threshold:
                continue
            suspicious = _suspicious(burst, rules)
            if len(suspicious) >= rules.share * len(burst):
                flagged |= suspicious
    return flagged


def flag_bursts(*, since, rules=BurstRules()):
    """Flag every suspicious rating of a burst since `since`; returns the ids newly flagged."""
    ratings = (
        Rating.objects.filter(updated__gte=since, reviewed=False, user__isnull=False)
        .select_related("user")
        .order_by("updated", "pk")
    )
    in_burst = find_bursts(list(ratings), rules)
    newly = list(Rating.objects.filter(pk__in=in_burst, flagged=False).values_list("pk", flat=True))
    Rating.objects.filter(pk__in=newly).update(flagged=True)
    return newly
