"""Test and demo helpers for ratings."""

import datetime

from django.utils import timezone

from demo.factories.accounts import with_verified_email
from units.models import DispatchedStaff


def make_resident(user_model, email, *, verified=True, age=datetime.timedelta(days=30)):
    """A resident whose account is `age` old and whose e-mail is (or is not) verified."""
    user = user_model.objects.create_user(email, email, "correct horse 42")
    user.date_joined = timezone.now() - age
    user.save(update_fields=["date_joined"])
    if verified:
        with_verified_email(user)
    return user


def rated_post():
    """A (department, station) pair where the department has dispatched staff."""
    staff = DispatchedStaff.objects.select_related("page", "department").order_by("pk").first()
    return staff.department, staff.page
