import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.periods import current_period
from demo.factories.accounts import login_with_mfa, with_verified_email
from ratings import stats
from ratings.models import Rating
from ratings.services import submit_rating

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


PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu"]
DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "139.com"]


def _resident(django_user_model, username, email, joined):
    user = with_verified_email(django_user_model.objects.create_user(username, email, "pw"))
    django_user_model.objects.filter(pk=user.pk).update(date_joined=joined)
    user.refresh_from_db()
    return user


def _rate(user, department, unit, scores, at):
    """Through the real rules (verified address, account old enough), then dated `at`."""
    a, b, c = scores
    rating, _created = submit_rating(
        user, department, unit, attitude=a, efficiency=b, effectiveness=c
    )
    Rating.objects.filter(pk=rating.pk).update(updated=at)


def _established(django_user_model, department, unit, count, *, scores, rated, prefix="r"):
    """Residents who joined over the past year at different times, with unrelated addresses."""
    now = timezone.now()
    for n in range(count):
        email = f"{PINYIN[n % len(PINYIN)]}{prefix}{1960 + n * 7}@{DOMAINS[n % len(DOMAINS)]}"
        joined = now - datetime.timedelta(days=40 + 23 * n, hours=n * 5)
        user = _resident(django_user_model, f"{prefix}{n}", email, joined)
        _rate(user, department, unit, scores, rated(n))


def test_a_campaign_registered_ahead_of_the_waiting_time_is_flagged(
    post, django_user_model, settings
):
    """The burst that can happen with a 24-hour wait before rating: 25 accounts registered in
    one sitting two days ago with look-alike addresses, then one-star ratings for one
    department within a quarter of an hour. Residents who rated well before, and three who
    rated low in the same quarter of an hour, are left alone."""
    settings.RATING_MIN_ACCOUNT_AGE_HOURS = 24
    department, unit = post
    now = timezone.now()
    _established(
        django_user_model,
        department,
        unit,
        8,
        scores=(4, 4, 4),
        rated=lambda n: now - datetime.timedelta(days=n + 3),
    )
    _established(
        django_user_model,
        department,
        unit,
        3,
        scores=(2, 1, 2),
        rated=lambda n: now - datetime.timedelta(minutes=50 - n * 4),
        prefix="u",
    )
    campaign = set()
    for n in range(25):
        joined = now - datetime.timedelta(days=2, minutes=20 - n * 0.8)
        user = _resident(django_user_model, f"c{n}", f"jhvoter{n:02d}@163.com", joined)
        _rate(user, department, unit, (1, 1, 1), now - datetime.timedelta(minutes=55 - n * 0.6))
        campaign.add(user.username)
    before = stats.scorecard(department=department)[-1]
    assert before.count == 36 and before.overall < 2

    call_command("flag_rating_bursts")

    flagged = set(Rating.objects.filter(flagged=True).values_list("user__username", flat=True))
    assert flagged == campaign
    after = stats.scorecard(department=department)[-1]
    assert after.count == 11 and after.overall > 3


def test_a_real_incident_rated_low_by_established_residents_is_not_flagged(post, django_user_model):
    """A burst pipe: fifteen residents of all account ages rate the department low within
    forty minutes. That is news for the department, not an attack."""
    department, unit = post
    now = timezone.now()
    _established(
        django_user_model,
        department,
        unit,
        15,
        scores=(1, 2, 1),
        rated=lambda n: now - datetime.timedelta(minutes=40 - n * 2.5),
    )
    call_command("flag_rating_bursts")
    assert not Rating.objects.filter(flagged=True).exists()


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
