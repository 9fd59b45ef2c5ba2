import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.periods import current_period
from demo.factories.accounts import login_with_mfa
from ratings import stats
from ratings.models import Rating

pytestmark = pytest.mark.django_db


def _ratings(django_user_model, department, unit, prefix, count, *, scores, joined, rated):
    """`count` ratings; scores, joined and rated are functions of the index."""
    for n in range(count):
        user = django_user_model.objects.create_user(f"{prefix}{n}", f"{prefix}{n}@example.test")
        django_user_model.objects.filter(pk=user.pk).update(date_joined=joined(n))
        a, b, c = scores(n)
        rating = Rating.objects.create(
            user=user,
            department=department,
            unit=unit,
            period=current_period(),
            attitude=a,
            efficiency=b,
            effectiveness=c,
        )
        Rating.objects.filter(pk=rating.pk).update(updated=rated(n))


def test_a_burst_of_one_star_votes_from_new_accounts_is_flagged(post, django_user_model):
    department, unit = post
    now = timezone.now()
    # Ordinary residents: 10 ratings of 4/4/4 over the past weeks.
    _ratings(
        django_user_model,
        department,
        unit,
        "old",
        10,
        scores=lambda n: (4, 4, 4),
        joined=lambda n: now - datetime.timedelta(days=200),
        rated=lambda n: now - datetime.timedelta(days=n + 1),
    )
    assert stats.scorecard(department=department)[-1].overall == 4.0
    # The burst: 50 one-star votes within 10 minutes from accounts an hour old.
    _ratings(
        django_user_model,
        department,
        unit,
        "bot",
        50,
        scores=lambda n: (1, 1, 1),
        joined=lambda n: now - datetime.timedelta(hours=1),
        rated=lambda n: now - datetime.timedelta(minutes=30) + datetime.timedelta(seconds=n * 11),
    )
    assert stats.scorecard(department=department)[-1].overall == 1.5

    call_command("flag_rating_bursts")

    assert Rating.objects.filter(flagged=True).count() == 50
    assert not Rating.objects.filter(flagged=True, user__username__startswith="old").exists()
    current = stats.scorecard(department=department)[-1]
    assert (current.count, current.overall) == (10, 4.0)


def test_normal_traffic_is_not_flagged(post, django_user_model):
    department, unit = post
    now = timezone.now()
    # 60 ratings over 30 days, mixed scores, accounts weeks old.
    _ratings(
        django_user_model,
        department,
        unit,
        "r",
        60,
        scores=lambda n: (n % 5 + 1, (n * 2) % 5 + 1, (n * 3) % 5 + 1),
        joined=lambda n: now - datetime.timedelta(days=40 + n),
        rated=lambda n: now - datetime.timedelta(hours=12 * n),
    )
    # A few new accounts giving all-low scores, but spread over days.
    _ratings(
        django_user_model,
        department,
        unit,
        "new",
        12,
        scores=lambda n: (1, 2, 1),
        joined=lambda n: now - datetime.timedelta(days=n, hours=2),
        rated=lambda n: now - datetime.timedelta(days=n, hours=1),
    )
    call_command("flag_rating_bursts")
    assert not Rating.objects.filter(flagged=True).exists()


def test_reviewed_ratings_count_again_and_are_not_reflagged(client, post, django_user_model):
    from django.contrib.auth.models import Group

    from demo.factories.accounts import with_mfa

    department, unit = post
    now = timezone.now()
    _ratings(
        django_user_model,
        department,
        unit,
        "bot",
        10,
        scores=lambda n: (5, 5, 5),
        joined=lambda n: now - datetime.timedelta(hours=2),
        rated=lambda n: now - datetime.timedelta(minutes=n),
    )
    call_command("flag_rating_bursts")
    assert Rating.objects.filter(flagged=True).count() == 10
    moderator = with_mfa(django_user_model.objects.create_user("mod"))
    moderator.groups.add(Group.objects.get(name="评议审核员"))
    login_with_mfa(client, moderator)
    for rating in Rating.objects.all():
        client.post(f"/admin/ratings/moderation/{rating.pk}/review/", {"decision": "count"})
    assert not Rating.objects.filter(flagged=True).exists()
    call_command("flag_rating_bursts")
    assert not Rating.objects.filter(flagged=True).exists()
