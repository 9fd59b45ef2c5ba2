"""Telling people what happened to a report, once the change is committed (services._event
schedules `notify_event` with transaction.on_commit).

- Staff: an e-mail to the station's team when a report arrives, or to the district's report
  admins when it found no station (the triage queue). Never the resident's name or number.
- The resident, if they asked on the form: a text message to the phone given (accounts.sms,
  the SMS_SENDER that phone login uses) and/or an e-mail to the verified address of the account
  they were signed in with, on every public step (submitted, accepted, dispatched with the
  department, in progress, replied, resolved, reopened, escalated, moved to another station),
  each with a fresh status link (feedback.links).

A failed message is logged with the report's id only: never a number, an address, a link or
a message text.
"""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import sms
from accounts.phones import normalise_mobile
from units import teams

from . import links
from .models import EventKind, Status
from .permissions import DISTRICT_ADMIN_PERMISSION

logger = logging.getLogger(__name__)


def notify_event(event):
    """Tell whoever is concerned about `event` (a committed ReportEvent). What the messages
    need of its report (station, category, user, department) is read only when a message
    uses it."""
    with translation.override(settings.LANGUAGE_CODE):
        if event.kind == EventKind.STATUS and event.to_status == Status.SUBMITTED:
            notify_staff(event.report)
        notify_resident(event)


def staff_emails(report):
    if report.unit_id is not None:
        return teams.station_team_emails(report.unit_id)
    app_label, codename = DISTRICT_ADMIN_PERMISSION.split(".")
    admins = get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        ),
        is_active=True,
    )
    return sorted(set(admins.exclude(email="").values_list("email", flat=True)))


def notify_staff(report):
    recipients = staff_emails(report)
    if not recipients:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL + reverse("reports:inspect", args=[report.pk])
    where = report.unit.title if report.unit else _("待分派（未匹配到邻里之家）")
    body = _("%(where)s 收到新的吹哨工单 %(number)s（%(category)s）。") % {
        "where": where,
        "number": report.tracking_number,
        "category": report.category.name,
    }
    subject = _("新工单 %(number)s") % {"number": report.tracking_number}
    return send_mail(subject, f"{body}\n{url}\n", None, recipients, fail_silently=True)


def resident_message(event):
    """What happened, in one sentence for a text message; None for steps not worth telling
    (the resident's own confirmation, a revoked link)."""
    report = event.report
    values = {"number": report.tracking_number}
    if event.kind == EventKind.REPLY:
        return _("您反映的问题（%(number)s）有新的答复。") % values
    if event.kind == EventKind.ESCALATE:
        values["level"] = event.get_escalation_level_display()
        return _("您反映的问题（%(number)s）已升级到%(level)s一级协调处理。") % values
    if event.kind == EventKind.REASSIGN:
        values["unit"] = event.unit.title if event.unit else ""
        return _("您反映的问题（%(number)s）已转交%(unit)s办理。") % values
    if event.kind != EventKind.STATUS:
        return None
    if event.to_status == Status.SUBMITTED:
        if report.unit:
            values["unit"] = report.unit.title
            return _("您反映的问题已提交，工单编号 %(number)s，由%(unit)s受理。") % values
        return (
            _("您反映的问题已提交，工单编号 %(number)s，将由街镇工作人员分派给所在邻里之家。")
            % values
        )
    if event.to_status == Status.DISPATCHED:
        values["department"] = event.department.title if event.department else ""
        return _("您反映的问题（%(number)s）已派给%(department)s办理。") % values
    wording = {
        Status.ACCEPTED: _("您反映的问题（%(number)s）已受理。"),
        Status.IN_PROGRESS: _("您反映的问题（%(number)s）正在处理。"),
        Status.RESOLVED: _("您反映的问题（%(number)s）已办结，请查看答复并评价。"),
        Status.REOPENED: _("您反映的问题（%(number)s）已重新办理。"),
    }.get(event.to_status)
    return wording % values if wording else None


def notify_resident(event):
    """Returns the number of messages sent."""
    report = event.report
    if not (report.notify_sms or report.notify_email) or report.personal_data_purged_at:
        return 0
    message = resident_message(event)
    if message is None:
        return 0
    url = links.absolute_url(report)
    text = _("静海区邻里之家：%(message)s查看进度：%(url)s") % {"message": message, "url": url}
    sent = 0
    phone = normalise_mobile(report.phone) if report.notify_sms else None
    if phone:
        params = {"number": report.tracking_number, "message": message, "url": url}
        try:
            sms.send_message(phone, text, template="report_status", params=params)
            sent += 1
        except Exception:  # noqa: BLE001 - any provider failure; the step itself stands
            logger.warning("Report %s: the text message could not be sent.", report.pk)
    address = verified_email(report.user) if report.notify_email else None
    if address:
        subject = _("[静海区邻里之家] 工单 %(number)s 有新进展") % {
            "number": report.tracking_number
        }
        body = _(
            "%(message)s\n\n查看办理进度（无需登录）：\n%(url)s\n\n此邮件由系统自动发送，请勿直接回复。"
        ) % {
            "message": message,
            "url": url,
        }
        if send_mail(subject, body, None, [address], fail_silently=True):
            sent += 1
        else:
            logger.warning("Report %s: the e-mail could not be sent.", report.pk)
    return sent


def verified_email(user):
    if user is None or not user.is_active:
        return None
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary")
        .values_list("email", flat=True)
        .first()
    )
