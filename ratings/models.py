"""A resident's rating of a department's work at one station, one per quarter."""

import copy

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.cache import Generation
from core.locale import source_tree
from core.phones import mask_phones_in_text

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
DIMENSIONS = [
    ("attitude", _("服务态度")),
    ("efficiency", _("办事效率")),
    ("effectiveness", _("解决效果")),
]


# The fields that decide what a rating adds to the public figures (ratings.tallies).
COUNTED_FIELDS = frozenset(
    {"flagged", "period", "department", "department_id", "unit", "unit_id"}
    | {name for name, _label in DIMENSIONS}
)


# What the scorecards show (figures and comments): moved on by every write to a rating, so that
# a kept scorecard (core.cache.depends_on) is stale at once, on every app server.
RATINGS = Generation("ratings")


def ratings_changed(**kwargs):
    """Bump now, and again when the transaction commits (as core.cache.content_changed): a
    scorecard rendered in between from uncommitted rows is thrown away too."""
    RATINGS.bump()
    transaction.on_commit(RATINGS.bump)


class RatingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """An update that changes what the ratings count for moves the tallies with it, in
        the same transaction (flagging a burst, a test's shortcut)."""
        ratings_changed()
        if not COUNTED_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.select_for_update().values_list("pk", flat=True))
            changed = self.model.objects.filter(pk__in=pks)
            tallies().withdraw(changed)
            count = super().update(**kwargs)
            tallies().add(changed)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        """Demo and scale data come in bulk: each new rating is added to the tallies."""
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise ValueError("Ratings are tallied as they are created: no conflict options.")
        ratings_changed()
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            tallies().add_instances(created)
        return created

    def public(self):
        """Ratings counted in public figures: flagged bursts wait for review."""
        return self.filter(flagged=False)

    def visible_comments(self):
        return (
            self.public().filter(comment_status=Rating.CommentStatus.APPROVED).exclude(comment="")
        )


class Rating(models.Model):
    class CommentStatus(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    # SET_NULL: a deleted account's scores stay in the figures without pointing to a person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ratings",
        verbose_name=_("居民账户"),
    )
    department = models.ForeignKey(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("职能部门"),
    )
    unit = models.ForeignKey(
        "units.UnitPage",
        limit_choices_to=source_tree,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("邻里之家"),
    )
    period = models.CharField(_("季度"), max_length=6, db_index=True)
    attitude = models.PositiveSmallIntegerField(_("服务态度"), validators=SCORE_VALIDATORS)
    efficiency = models.PositiveSmallIntegerField(_("办事效率"), validators=SCORE_VALIDATORS)
    effectiveness = models.PositiveSmallIntegerField(_("解决效果"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("留言"), max_length=500, blank=True)
    comment_status = models.CharField(
        _("留言审核"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    reject_reason = models.CharField(_("不通过理由"), max_length=200, blank=True)
    flagged = models.BooleanField(_("异常待核"), default=False)
    reviewed = models.BooleanField(_("已人工复核"), default=False)
    created = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("评议")
        verbose_name_plural = _("评议")
        permissions = [("moderate_ratings", _("审核评议留言"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "unit", "period"], name="one_rating_per_quarter"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"rating_{name}_1_to_5",
                )
                for name, _label in DIMENSIONS
            ],
        ]
        indexes = [
            models.Index(fields=["department", "period"]),
            # A scorecard's latest published comments: a few among thousands of ratings.
            *[
                models.Index(
                    fields=[field, "period", "-updated"],
                    condition=models.Q(comment_status="approved", flagged=False)
                    & ~models.Q(comment=""),
                    name=f"rating_{field}_comments",
                )
                for field in ["department", "unit"]
            ],
        ]

    def __str__(self):
        return f"{self.department} @ {self.unit} {self.period}"

    def save(self, *args, **kwargs):
        """Saved with its change to the tallies, in one transaction: the row as it was (locked
        while it changes) leaves them, the row as it is now joins them."""
        ratings_changed()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not COUNTED_FIELDS.intersection(update_fields):
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            before = None
            if self.pk is not None:
                before = type(self).objects.select_for_update().filter(pk=self.pk).first()
            super().save(*args, **kwargs)
            tallies().replace(before, self._as_saved(before, update_fields))

    def _as_saved(self, before, update_fields):
        """The row as the database now holds it. A save of some fields (a moderator's review)
        writes only those: the others are the locked row's, which may be newer than this
        instance's (the resident re-rated meanwhile)."""
        if update_fields is None or before is None:
            return self
        after = copy.copy(before)
        for name in update_fields:
            attname = self._meta.get_field(name).attname
            setattr(after, attname, getattr(self, attname))
        return after

    @property
    def masked_comment(self):
        """The comment as published: phone numbers in it masked."""
        return mask_phones_in_text(self.comment)


STARS = range(1, 6)
STAR_FIELDS = [f"{name}_{star}" for name, _label in DIMENSIONS for star in STARS]


class Tally(models.Model):
    """The public ratings of one quarter, counted: how many, and how many gave each star in
    each dimension. Kept by ratings.tallies in the transaction of every rating write, so that
    scorecards and the ranking read a few rows instead of counting thousands of ratings."""

    period = models.CharField(_("季度"), max_length=6)
    count = models.IntegerField(default=0)
    # How many gave 1 … 5 stars in each dimension (STAR_FIELDS).
    attitude_1 = models.IntegerField(default=0)
    attitude_2 = models.IntegerField(default=0)
    attitude_3 = models.IntegerField(default=0)
    attitude_4 = models.IntegerField(default=0)
    attitude_5 = models.IntegerField(default=0)
    efficiency_1 = models.IntegerField(default=0)
    efficiency_2 = models.IntegerField(default=0)
    efficiency_3 = models.IntegerField(default=0)
    efficiency_4 = models.IntegerField(default=0)
    efficiency_5 = models.IntegerField(default=0)
    effectiveness_1 = models.IntegerField(default=0)
    effectiveness_2 = models.IntegerField(default=0)
    effectiveness_3 = models.IntegerField(default=0)
    effectiveness_4 = models.IntegerField(default=0)
    effectiveness_5 = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DepartmentTally(Tally):
    department = models.ForeignKey(
        "units.DepartmentPage", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period"], name="one_tally_per_department"
            )
        ]

    def __str__(self):
        return f"{self.department_id} {self.period}: {self.count}"


class UnitTally(Tally):
    unit = models.ForeignKey("units.UnitPage", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_tally_per_unit")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.period}: {self.count}"


def tallies():
    # Imported when first used: ratings.tallies imports these models.
    from . import tallies as module

    return module
