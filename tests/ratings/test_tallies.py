"""The tallies that scorecards and the ranking read equal a recount of the ratings after every
kind of write: a resident rating and re-rating, a burst flagged, a moderator's review, a
comment moderated, ratings deleted one by one or with their station, demo data in bulk."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from core.periods import current_period, previous
from demo.factories.ratings import make_resident
from ratings import services, stats
from ratings.models import DepartmentTally, Rating, UnitTally
from ratings.tallies import drift, rebuild

pytestmark = pytest.mark.django_db


def _rating(department, unit, period, scores, **extra):
    a, b, c = scores
    return Rating(
        department=department,
        unit=unit,
        period=period,
        attitude=a,
        efficiency=b,
        effectiveness=c,
        **extra,
    )


def _recounted(department, period):
    """A scorecard summary counted from the ratings, as before the tallies."""
    ratings = Rating.objects.public().filter(department=department, period=period)
    return [sorted(ratings.values_list(name, flat=True)) for name, _label in stats.DIMENSIONS]


def _distribution_as_list(summary):
    return [
        sorted(star for star, n in enumerate(summary.distribution[name], 1) for _ in range(n))
        for name, _label in stats.DIMENSIONS
    ]


def test_tallies_equal_a_recount_after_a_mix_of_writes(post, django_user_model):
    department, unit = post
    now, before = current_period(), previous(current_period())
    assert drift() == []  # the demo's ratings, tallied as they were loaded in bulk

    residents = [make_resident(django_user_model, f"t{n}@example.test") for n in range(6)]
    for n, resident in enumerate(residents):
        services.submit_rating(
            resident, department, unit, attitude=n % 5 + 1, efficiency=5, effectiveness=2
        )
    # Re-rated: scores change, the rating stays one.
    services.submit_rating(
        residents[0], department, unit, attitude=4, efficiency=1, effectiveness=1
    )
    Rating.objects.bulk_create(
        [_rating(department, unit, before, (n % 5 + 1, 3, 4)) for n in range(7)]
        + [_rating(department, unit, before, (1, 1, 1), flagged=True)]
    )
    # A burst flagged (a queryset update), one of it counted again after review.
    Rating.objects.filter(period=now, user__in=residents[3:]).update(flagged=True)
    flagged = Rating.objects.filter(flagged=True, period=now).first()
    flagged.reviewed, flagged.flagged = True, False
    flagged.save(update_fields=["reviewed", "flagged"])
    # Comment moderation does not move the figures; deletions do.
    moderated = Rating.objects.filter(period=now).first()
    moderated.comment_status = Rating.CommentStatus.APPROVED
    moderated.save(update_fields=["comment_status"])
    Rating.objects.filter(period=before, attitude=2).delete()
    Rating.objects.filter(user=residents[1]).first().delete()
    # A rating moved to another quarter leaves one tally for another.
    moved = Rating.objects.filter(period=before).first()
    moved.period = previous(before)
    moved.save()

    assert drift() == []
    for period in (now, before):
        summary = stats.scorecard(department=department, period=period, quarters=1)[0]
        assert (
            summary.count
            == Rating.objects.public().filter(department=department, period=period).count()
        )
        assert _distribution_as_list(summary) == _recounted(department, period)
    unit_now = stats.scorecard(unit=unit, period=now, quarters=1)[0]
    assert unit_now.count == Rating.objects.public().filter(unit=unit, period=now).count()


def test_a_write_around_the_tallies_is_found_and_rebuilt(post):
    department, unit = post
    Rating.objects.bulk_create([_rating(department, unit, current_period(), (5, 5, 5))])
    # A change made behind the tallies' back (SQL by hand, a restore): drift() sees it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ratings_rating SET attitude = 1 WHERE department_id = %s", [department.pk]
        )
    assert drift() != []
    with pytest.raises(CommandError):
        call_command("rebuild_rating_tallies", "--check", stdout=io.StringIO())
    call_command("rebuild_rating_tallies", stdout=io.StringIO())
    assert drift() == []
    call_command("rebuild_rating_tallies", "--check", stdout=io.StringIO())


def test_a_deleted_station_takes_its_ratings_out_of_the_department_tally(post):
    department, unit = post
    Rating.objects.bulk_create(
        [_rating(department, unit, current_period(), (4, 4, 4)) for _ in range(5)]
    )
    counted = DepartmentTally.objects.get(department=department, period=current_period()).count
    own = Rating.objects.public().filter(unit=unit, period=current_period()).count()
    unit.delete()
    assert not UnitTally.objects.filter(unit_id=unit.pk).exists()
    tally = DepartmentTally.objects.get(department=department, period=current_period())
    assert tally.count == counted - own
    assert drift() == []


def test_rebuild_recounts_from_nothing(post):
    department, unit = post
    Rating.objects.bulk_create(
        [_rating(department, unit, current_period(), (3, 2, 1)) for _ in range(5)]
    )
    expected = stats.scorecard(department=department)
    DepartmentTally.objects.all().delete()
    UnitTally.objects.all().delete()
    assert stats.scorecard(department=department)[-1].count == 0
    rebuild()
    assert stats.scorecard(department=department) == expected


def test_the_rating_form_moves_the_tallies(post, resident):
    department, unit = post
    client = Client()
    client.force_login(resident)
    url = f"/ratings/rate/{unit.pk}/{department.pk}/"
    before = stats.scorecard(department=department, quarters=1)[0].count
    assert client.post(url, {"attitude": 5, "efficiency": 4, "effectiveness": 3}).status_code == 302
    assert client.post(url, {"attitude": 1, "efficiency": 1, "effectiveness": 1}).status_code == 302
    summary = stats.scorecard(department=department, quarters=1)[0]
    assert summary.count == before + 1
    assert drift() == []


def test_a_review_saved_from_an_older_copy_counts_the_scores_in_the_database(post):
    """A moderator's review (a save of some fields) raced by the resident's re-rate: the
    tallies follow the row as saved, not the moderator's older copy of its scores."""
    department, unit = post
    rating = _rating(department, unit, current_period(), (5, 5, 5), flagged=True)
    rating.save()
    moderators_copy = Rating.objects.get(pk=rating.pk)
    resident_copy = Rating.objects.get(pk=rating.pk)
    resident_copy.attitude = 1
    resident_copy.save()
    moderators_copy.flagged, moderators_copy.reviewed = False, True
    moderators_copy.save(update_fields=["flagged", "reviewed"])
    assert Rating.objects.get(pk=rating.pk).attitude == 1
    assert drift() == []
