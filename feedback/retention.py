"""Erase residents' personal data some days after their report was closed."""

import datetime

from django.db import transaction
from django.utils import timezone

from . import conf
from .models import Report, Status


def purge_personal_data(now=None):
    """Clear name, phone and the submitting account, and delete photos (and their thumbnails)
    of reports closed more than REPORT_RETENTION_DAYS ago. The reports themselves stay, so the statistics do not change.
    Returns the number of reports purged."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=conf.get("REPORT_RETENTION_DAYS"))
    due = Report.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, personal_data_purged_at__isnull=True
    )
    count = 0
    for report in due.iterator():
        with transaction.atomic():
            for photo in report.photos.all():
                photo.file.delete(save=False)
                photo.thumbnail.delete(save=False)
                photo.delete()
            Report.objects.filter(pk=report.pk).update(
                name="",
                phone="",
                user=None,
                notify_sms=False,
                notify_email=False,
                personal_data_purged_at=now,
            )
        count += 1
    return count
