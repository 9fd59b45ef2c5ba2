"""The public ratings counted per (department, quarter) and (station, quarter).

Every write that changes what a rating counts for (Rating.save, the queryset's update and
bulk_create, a delete) moves the two tallies it belongs to in its own transaction, by adding
or subtracting counts (`count = count + n`): concurrent writers wait on the tally row, never
overwrite each other. `rebuild()` recounts everything (migration, `rebuild_rating_tallies`);
`drift()` compares the tallies with a recount.
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q

from .models import DIMENSIONS, STAR_FIELDS, STARS, DepartmentTally, Rating, UnitTally

DIMENSION_NAMES = [name for name, _label in DIMENSIONS]
FIELDS = ["count", *STAR_FIELDS]
# (tally model, the rating field that keys it)
KINDS = [(DepartmentTally, "department"), (UnitTally, "unit")]


def counts():
    """The tally's fields as aggregates over ratings."""
    return {
        "count": Count("pk"),
        **{
            f"{name}_{star}": Count("pk", filter=Q(**{name: star}))
            for name in DIMENSION_NAMES
            for star in STARS
        },
    }


def _contribution(rating):
    """What one rating adds to its tallies' fields: nothing while it is flagged."""
    if rating is None or rating.flagged:
        return Counter()
    return Counter(
        {"count": 1, **{f"{name}_{getattr(rating, name)}": 1 for name in DIMENSION_NAMES}}
    )


def _move(model, key, period, fields, sign):
    """Add (sign 1) or subtract (-1) `fields` to the tally of `key` and `period`. A tally that
    is not there yet is created when adding; subtracting from one that is gone (its
    department or station deleted in the same transaction) does nothing."""
    fields = {name: n for name, n in fields.items() if n}
    if not fields:
        return
    row = model.objects.filter(**key, period=period)
    changes = {name: F(name) + sign * n for name, n in fields.items()}
    if row.update(**changes) or sign < 0:
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, period=period, **fields)
    except IntegrityError:  # another transaction created it first: add to that one
        row.update(**changes)


def _move_instance(rating, fields, sign):
    for model, field in KINDS:
        _move(model, {f"{field}_id": getattr(rating, f"{field}_id")}, rating.period, fields, sign)


def replace(before, after):
    """One rating changed from `before` (None when new) to `after` (None when deleted)."""
    old, new = _contribution(before), _contribution(after)
    if before is not None and after is not None and _same_tallies(before, after):
        delta = Counter(new)
        delta.subtract(old)
        _move_instance(after, dict(delta), 1)
        return
    if before is not None:
        _move_instance(before, old, -1)
    if after is not None:
        _move_instance(after, new, 1)


def _same_tallies(a, b):
    return (a.department_id, a.unit_id, a.period) == (b.department_id, b.unit_id, b.period)


def add_instances(ratings):
    """New ratings (a bulk_create), grouped so that each tally moves once."""
    for model, field in KINDS:
        grouped = {}
        for rating in ratings:
            key = (getattr(rating, f"{field}_id"), rating.period)
            grouped.setdefault(key, Counter()).update(_contribution(rating))
        for (pk, period), fields in grouped.items():
            _move(model, {f"{field}_id": pk}, period, fields, 1)


def _move_queryset(ratings, sign):
    public = ratings.filter(flagged=False).order_by()
    for model, field in KINDS:
        for row in public.values(f"{field}_id", "period").annotate(**counts()):
            key = {f"{field}_id": row.pop(f"{field}_id")}
            period = row.pop("period")
            _move(model, key, period, row, sign)


def add(ratings):
    _move_queryset(ratings, 1)


def withdraw(ratings):
    _move_queryset(ratings, -1)


def recount(rating_model, model, field):
    """{(key, period): {field: n}} counted from the ratings themselves."""
    rows = (
        rating_model.objects.filter(flagged=False)
        .order_by()
        .values(f"{field}_id", "period")
        .annotate(**counts())
    )
    return {(row.pop(f"{field}_id"), row.pop("period")): row for row in rows}


def rebuild(rating_model=Rating, department_tally=DepartmentTally, unit_tally=UnitTally):
    """Recount every tally from the ratings (the models may be a migration's)."""
    with transaction.atomic():
        for model, field in [(department_tally, "department"), (unit_tally, "unit")]:
            model.objects.all().delete()
            model.objects.bulk_create(
                (
                    model(**{f"{field}_id": pk, "period": period}, **fields)
                    for (pk, period), fields in recount(rating_model, model, field).items()
                ),
                batch_size=1000,
            )


def drift():
    """[(kind, key, period, tallied, recounted)] wherever a tally differs from a recount;
    empty when they agree. A tally of zero ratings equals no tally."""
    found = []
    for model, field in KINDS:
        expected = recount(Rating, model, field)
        tallied = {
            (row.pop(f"{field}_id"), row.pop("period")): row
            for row in model.objects.values(f"{field}_id", "period", *FIELDS)
        }
        for key in expected.keys() | tallied.keys():
            have = {k: v for k, v in tallied.get(key, {}).items() if v}
            want = {k: v for k, v in expected.get(key, {}).items() if v}
            if have != want:
                found.append((field, *key, have, want))
    return found


def deleted(sender, instance, **kwargs):
    """post_delete of a rating (connected in apps.py): it leaves its tallies, in the delete's
    transaction (a cascade from a deleted page included)."""
    replace(instance, None)
