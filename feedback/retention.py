"""Residents' personal data is kept only as long as the report needs it (PIPL art. 19).

The daily job (manage.py purge_report_personal_data, site/README.md):

1. closes reports left "resolved" for REPORT_AUTO_CLOSE_DAYS without the resident confirming
   (no satisfaction answer is invented: they count as resolved, not as rated);
2. REPORT_RETENTION_DAYS after closure, erases the resident's name, phone number and photos,
   and masks phone-like numbers (and other long digit runs, such as ID numbers) in the free
   text: the description and every reply, note, reopening and escalation reason.

The reports, their statuses and dates stay, so the statistics do not change.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.phones import mask_phones_in_text

from . import conf
from .models import Report, ReportEvent, Status
from .services import close_unconfirmed

EVENT_TEXT_FIELDS = ("public_reply", "private_note", "escalation_reason")


def auto_close_stale(now=None):
    """Close reports resolved more than REPORT_AUTO_CLOSE_DAYS ago and never confirmed;
    returns how many."""
    now = now or timezone.now()
    days = conf.get("REPORT_AUTO_CLOSE_DAYS")
    cutoff = now - datetime.timedelta(days=days)
    stale = Report.objects.filter(status=Status.RESOLVED, resolved_at__lt=cutoff)
    note = _("居民 %(days)s 天内未确认办理结果，系统自动关闭。") % {"days": days}
    count = 0
    for report in stale.iterator():
        close_unconfirmed(report, note)
        count += 1
    return count


def purge_personal_data(now=None):
    """Erase the personal data of reports closed more than REPORT_RETENTION_DAYS ago: name,
    phone, the submitting account, notification choices, photos (and their thumbnails), and
    phone numbers in the free text of the report and its history. The reports themselves
    stay, so the statistics do not change. Returns the number of reports purged."""
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
                description=mask_phones_in_text(report.description),
                user=None,
                notify_sms=False,
                notify_email=False,
                personal_data_purged_at=now,
            )
            _mask_events(report)
        count += 1
    return count


def _mask_events(report):
    # The history is append-only for people (ReportEvent.save refuses changes); erasing
    # personal data from it is the one change the law asks for, made here with update().
    for event in ReportEvent.objects.filter(report=report):
        masked = {name: mask_phones_in_text(getattr(event, name)) for name in EVENT_TEXT_FIELDS}
        if any(masked[name] != getattr(event, name) for name in EVENT_TEXT_FIELDS):
            ReportEvent.objects.filter(pk=event.pk).update(**masked)
