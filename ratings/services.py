"""Rating rules: who may rate, where, and how a rating is saved exactly once per quarter."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.locale import source_tree
from core.periods import current_period
from core.visibility import hidden_q
from units.models import DepartmentPage, DispatchedStaff, UnitPage

from .models import Rating


class NotAllowed(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def min_account_age():
    return datetime.timedelta(hours=settings.RATING_MIN_ACCOUNT_AGE_HOURS)


def check_can_rate(user):
    """Raise NotAllowed with a reason a resident can read."""
    if not user.is_authenticated:
        raise NotAllowed(_("请先登录。"))
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise NotAllowed(_("请先验证您的电子邮箱，然后再评议。"))
    ready = user.date_joined + min_account_age()
    if timezone.now() < ready:
        # Say when: a resident who signed up to rate should know to come back, not wonder.
        raise NotAllowed(
            _("为防止刷分，新注册的账户要过 %(hours)s 小时才能评议。您从 %(when)s 起可以评议。")
            % {
                "hours": settings.RATING_MIN_ACCOUNT_AGE_HOURS,
                "when": formats.date_format(timezone.localtime(ready), "DATETIME_FORMAT"),
            }
        )


def rated_pairs():
    """(department, unit) pairs that can be rated: the department has staff at the station."""
    return (
        DispatchedStaff.objects.filter(
            source_tree(prefix="page__"), page__live=True, department__live=True
        )
        .exclude(hidden_q(prefix="page__"))
        .exclude(hidden_q(prefix="department__"))
    )


def can_be_rated(department, unit):
    return rated_pairs().filter(department=department, page=unit).exists()


def departments_at(unit):
    ids = rated_pairs().filter(page=unit).values("department_id")
    return DepartmentPage.objects.filter(pk__in=ids).order_by("path")


def units_for(department):
    """The stations where the department can be rated (rated_pairs), asked from the
    department's side: a department at every station has hundreds, and the database then
    starts from its staff rather than from every station (13 ms instead of 40 at Tianjin
    scale)."""
    staffed = (
        DispatchedStaff.objects.filter(department=department, department__live=True)
        .exclude(hidden_q(prefix="department__"))
        .values("page_id")
    )
    return UnitPage.objects.visible().filter(source_tree(), pk__in=staffed).order_by("path")


def submit_rating(user, department, unit, *, attitude, efficiency, effectiveness, comment=""):
    """Create or update the user's rating for this quarter. Returns (rating, created).

    Two simultaneous posts race on the unique constraint: the loser's insert fails and it
    updates the winner's row instead, so there is always exactly one row."""
    check_can_rate(user)
    if not can_be_rated(department, unit):
        raise NotAllowed(_("该部门没有派驻人员在这个邻里之家。"))
    values = {"attitude": attitude, "efficiency": efficiency, "effectiveness": effectiveness}
    key = {"user": user, "department": department, "unit": unit, "period": current_period()}
    try:
        with transaction.atomic():
            rating, created = Rating.objects.get_or_create(
                **key, defaults={**values, "comment": comment}
            )
    except IntegrityError:
        rating, created = Rating.objects.get(**key), False
    if not created:
        for name, value in values.items():
            setattr(rating, name, value)
        if comment != rating.comment:
            rating.comment = comment
            rating.comment_status = Rating.CommentStatus.PENDING
            rating.reject_reason = ""
        rating.save()
    return rating, created
