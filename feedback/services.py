"""The report's life: submit, move through the statuses, reply, escalate, reassign to another
station, confirm or reopen. Every step is an append-only event; the people concerned are told
about it once it is committed (feedback.notifications)."""

import re
import unicodedata
import uuid
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_phone

from .deadlines import deadlines
from .models import (
    EventKind,
    MediationLevel,
    Report,
    ReportEvent,
    ReportPhoto,
    Satisfaction,
    StationMatch,
    Status,
)
from .notifications import notify_event
from .photos import make_thumbnail
from .routing import route

# Staff moves. The resident's own moves (resolved → closed / reopened) go through confirm/reopen.
TRANSITIONS = {
    Status.SUBMITTED: {Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS},
    Status.ACCEPTED: {Status.DISPATCHED, Status.IN_PROGRESS, Status.RESOLVED},
    Status.DISPATCHED: {Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED},
    Status.IN_PROGRESS: {Status.DISPATCHED, Status.RESOLVED},
    Status.REOPENED: {Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.RESOLVED},
    Status.RESOLVED: {Status.CLOSED},
    Status.CLOSED: set(),
}
LEVELS = list(MediationLevel.values)


class TransitionError(ValueError):
    pass


def tracking_number(report):
    return f"JH-{timezone.localtime(report.created_at):%Y}-{report.pk:06d}"


_TRACKING = re.compile(r"(?:JH)?(20[0-9]{2})([0-9]{1,12})")


def parse_tracking_number(text):
    """A tracking number however it was typed: 'jh2026123', 'JH 2026 000123' and full-width
    'ＪＨ－２０２６－０００１２３' all give 'JH-2026-000123'. '' when it cannot be one."""
    compact = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", text or "").upper())
    found = _TRACKING.fullmatch(compact)
    if not found:
        return ""
    return f"JH-{found[1]}-{int(found[2]):06d}"


def _event(report, **fields):
    """Record one step and tell whoever is concerned once it is committed. The event goes as
    it is, with the report (and its station and category) it was made with: reading them back
    cost a ten-table join, whose planning alone took PostgreSQL 20 ms a report."""
    event = ReportEvent.objects.create(report=report, **fields)
    transaction.on_commit(partial(notify_event, event))
    return event


def submit_report(
    *,
    category,
    description,
    unit=None,
    compound="",
    building="",
    name="",
    phone="",
    consent=True,
    public_ok=False,
    photos=(),
    idempotency_token=None,
    user=None,
    notify_sms=False,
    notify_email=False,
):
    """Store a report and its first event; returns (report, created).

    Without a chosen station the compound (or address) text finds it (feedback.routing); a
    report that finds none waits in the triage queue. The category's department is proposed
    as the one to answer. The tracking number comes from the row's primary key, so it is
    unique however many requests arrive at once. A repeated idempotency token returns the
    first report (the unique column decides: a token already used fails the insert)."""
    now = timezone.now()
    respond_by, resolve_by = deadlines(category.urgency, now)
    where = route(unit, compound, building)
    phone = normalise_phone(phone)
    user = user if user is not None and user.is_authenticated else None
    photos = [(data, size, make_thumbnail(data)) for data, size in photos]
    try:
        with transaction.atomic():
            report = Report.objects.create(
                unit=where.unit,
                station_match=where.how,
                town=where.town,
                user=user,
                notify_sms=bool(notify_sms and phone),
                notify_email=bool(notify_email and user),
                proposed_department=category.department,
                category=category,
                description=description,
                compound=compound,
                building=building,
                name=name,
                phone=phone,
                consent=consent,
                public_ok=public_ok,
                urgency=category.urgency,
                department=None,
                respond_by=respond_by,
                resolve_by=resolve_by,
                idempotency_token=idempotency_token,
                created_at=now,
            )
            report.tracking_number = tracking_number(report)
            Report.objects.filter(pk=report.pk).update(tracking_number=report.tracking_number)
            if where.candidates:
                report.candidate_units.set(where.candidates)
            for data, (width, height), thumbnail in photos:
                photo = ReportPhoto(report=report, width=width, height=height)
                photo.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
                photo.thumbnail.save(f"{uuid.uuid4().hex}.jpg", ContentFile(thumbnail), save=False)
                photo.save()
            _event(report, to_status=Status.SUBMITTED, created_at=now)
    except IntegrityError:
        # Another request with the same token won the race.
        existing = Report.objects.filter(idempotency_token=idempotency_token).first()
        if idempotency_token and existing:
            return existing, False
        raise
    return report, True


def _locked(report):
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def transition(report, to_status, actor=None, public_reply="", private_note="", department=None):
    """Move a report to `to_status`, recording who, when, why. Raises TransitionError."""
    locked = _locked(report)
    if to_status not in TRANSITIONS.get(locked.status, set()):
        raise TransitionError(
            _("不能从“%(from)s”变为“%(to)s”。")
            % {"from": Status(locked.status).label, "to": Status(to_status).label}
        )
    if to_status == Status.DISPATCHED:
        department = department or locked.proposed_department or locked.category.department
        if department is None:
            raise TransitionError(_("派单时请选择承办部门。"))
        locked.department = department
    if to_status == Status.RESOLVED and not public_reply.strip():
        raise TransitionError(_("办结时请填写给居民的公开答复。"))
    return _record(locked, to_status, actor, public_reply, private_note, department)


@transaction.atomic
def reply(report, public_reply, actor=None, private_note=""):
    """A public answer to the resident without a change of status."""
    locked = _locked(report)
    if not public_reply.strip():
        raise TransitionError(_("请填写给居民的答复。"))
    if locked.status == Status.CLOSED:
        raise TransitionError(_("工单已确认办结，不能再答复。"))
    locked.save(update_fields=["updated_at"])
    _event(
        locked,
        actor=actor,
        kind=EventKind.REPLY,
        from_status=locked.status,
        to_status=locked.status,
        public_reply=public_reply.strip(),
        private_note=private_note.strip(),
    )
    return locked


def _record(report, to_status, actor, public_reply="", private_note="", department=None, **extra):
    now = timezone.now()
    from_status = report.status
    report.status = to_status
    if report.responded_at is None and to_status not in (Status.SUBMITTED,):
        report.responded_at = now
    if to_status == Status.RESOLVED:
        report.resolved_at = now
    if to_status == Status.CLOSED:
        report.closed_at = now
    if to_status == Status.REOPENED:
        report.resolved_at = None
    report.save()
    _event(
        report,
        actor=actor,
        created_at=now,
        from_status=from_status,
        to_status=to_status,
        department=department if to_status == Status.DISPATCHED else None,
        public_reply=public_reply.strip(),
        private_note=private_note.strip(),
        **extra,
    )
    return report


@transaction.atomic
def escalate(report, reason, actor=None):
    """Move the report one mediation level up (unit → town → district → city)."""
    locked = _locked(report)
    if not reason.strip():
        raise TransitionError(_("请填写升级原因。"))
    index = LEVELS.index(locked.mediation_level)
    if index + 1 >= len(LEVELS):
        raise TransitionError(_("已是最高调处层级（市级），不能再升级。"))
    locked.mediation_level = LEVELS[index + 1]
    status = locked.status
    locked.save(update_fields=["mediation_level", "updated_at"])
    _event(
        locked,
        actor=actor,
        kind=EventKind.ESCALATE,
        from_status=status,
        to_status=status,
        escalation_level=locked.mediation_level,
        escalation_reason=reason.strip(),
    )
    return locked


@transaction.atomic
def reassign(report, unit, actor=None, note=""):
    """Hand the report to another station (or give a triage report its station)."""
    locked = _locked(report)
    if unit is None:
        raise TransitionError(_("请选择要转派的邻里之家。"))
    if unit.pk == locked.unit_id:
        raise TransitionError(_("工单已在该邻里之家。"))
    if locked.status == Status.CLOSED:
        raise TransitionError(_("工单已确认办结，不能再转派。"))
    previous = locked.unit
    locked.unit = unit
    locked.station_match = StationMatch.ASSIGNED
    locked.town = None
    locked.save(update_fields=["unit", "station_match", "town", "updated_at"])
    locked.candidate_units.clear()
    _event(
        locked,
        actor=actor,
        kind=EventKind.REASSIGN,
        from_status=locked.status,
        to_status=locked.status,
        from_unit=previous,
        unit=unit,
        private_note=note.strip(),
    )
    return locked


@transaction.atomic
def revoke_links(report, actor=None):
    """Every status link sent so far stops working (a phone lost, a link shared by mistake).
    The next notification carries a new one."""
    locked = _locked(report)
    locked.link_version += 1
    locked.save(update_fields=["link_version", "updated_at"])
    _event(
        locked,
        actor=actor,
        kind=EventKind.REVOKE_LINK,
        from_status=locked.status,
        to_status=locked.status,
    )
    return locked


@transaction.atomic
def confirm(report, satisfaction):
    """The resident accepts the resolution and rates it (满意 or 基本满意; 不满意 reopens)."""
    locked = _locked(report)
    if locked.status != Status.RESOLVED:
        raise TransitionError(_("工单尚未办结，暂不能评价。"))
    locked.satisfaction = satisfaction
    return _record(locked, Status.CLOSED, None)


@transaction.atomic
def reopen(report, reason):
    """The resident says the problem is not solved. Their answer counts as 不满意 in the
    satisfaction figures until they confirm a later resolution."""
    locked = _locked(report)
    if locked.status != Status.RESOLVED:
        raise TransitionError(_("只有已办结的工单可以重新办理。"))
    if not reason.strip():
        raise TransitionError(_("请说明问题为什么没有解决。"))
    respond_by, resolve_by = deadlines(locked.urgency, timezone.now())
    locked.respond_by, locked.resolve_by = respond_by, resolve_by
    locked.satisfaction = Satisfaction.DISSATISFIED
    return _record(locked, Status.REOPENED, None, public_reply=reason)


@transaction.atomic
def close_unconfirmed(report, note):
    """Close a report the resident left "resolved" without confirming (feedback.retention);
    its satisfaction stays unanswered."""
    locked = _locked(report)
    if locked.status != Status.RESOLVED:
        return locked
    return _record(locked, Status.CLOSED, None, private_note=note)
