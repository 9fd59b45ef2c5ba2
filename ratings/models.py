"""A resident's rating of a department's work at one station, one per quarter."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.locale import source_tree
from core.phones import mask_phones_in_text

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
DIMENSIONS = [
    ("attitude", _("服务态度")),
    ("efficiency", _("办事效率")),
    ("effectiveness", _("解决效果")),
]


class RatingQuerySet(models.QuerySet):
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
        indexes = [models.Index(fields=["department", "period"])]

    def __str__(self):
        return f"{self.department} @ {self.unit} {self.period}"

    @property
    def masked_comment(self):
        """The comment as published: phone numbers in it masked."""
        return mask_phones_in_text(self.comment)
