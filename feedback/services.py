"""The report's life: submit, move through the statuses, escalate, confirm or reopen."""

import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_phone

from .deadlines import deadlines
from .models import MediationLevel, Report, ReportEvent, ReportPhoto, Status
from .notifications import notify_new_report

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
):
    """Store a report and its first event; returns (report, created).

    The tracking number comes from the row's primary key, so it is unique however many
    requests arrive at once. A repeated idempotency token returns the first report."""
    if idempotency_token:
        existing = Report.objects.filter(idempotency_token=idempotency_token).first()
        if existing:
            return existing, False
    now = timezone.now()
    respond_by, resolve_by = deadlines(category.urgency, now)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                unit=unit,
                category=category,
                description=description,
                compound=compound,
                building=building,
                name=name,
                phone=normalise_phone(phone),
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
            report.save(update_fields=["tracking_number"])
            ReportEvent.objects.create(report=report, to_status=Status.SUBMITTED, created_at=now)
            for data, (width, height) in photos:
                photo = ReportPhoto(report=report, width=width, height=height)
                photo.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
                photo.save()
            report_id = report.pk
            transaction.on_commit(lambda: notify_new_report(report_id))
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
        department = department or locked.category.department
        if department is None:
            raise TransitionError(_("派单时请选择承办部门。"))
        locked.department = department
    if to_status == Status.RESOLVED and not public_reply.strip():
        raise TransitionError(_("办结时请填写给居民的公开答复。"))
    return _record(locked, to_status, actor, public_reply, private_note, department)


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
        report.satisfaction = ""
    report.save()
    ReportEvent.objects.create(
        report=report,
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
    ReportEvent.objects.create(
        report=locked,
        actor=actor,
        from_status=status,
        to_status=status,
        escalation_level=locked.mediation_level,
        escalation_reason=reason.strip(),
    )
    return locked


@transaction.atomic
def confirm(report, satisfaction):
    """The resident accepts the resolution and rates it."""
    locked = _locked(report)
    if locked.status != Status.RESOLVED:
        raise TransitionError(_("工单尚未办结，暂不能评价。"))
    locked.satisfaction = satisfaction
    return _record(locked, Status.CLOSED, None)


@transaction.atomic
def reopen(report, reason):
    """The resident says the problem is not solved."""
    locked = _locked(report)
    if locked.status != Status.RESOLVED:
        raise TransitionError(_("只有已办结的工单可以重新办理。"))
    if not reason.strip():
        raise TransitionError(_("请说明问题为什么没有解决。"))
    respond_by, resolve_by = deadlines(locked.urgency, timezone.now())
    locked.respond_by, locked.resolve_by = respond_by, resolve_by
    return _record(locked, Status.REOPENED, None, public_reply=reason)


@transaction.atomic
def close_unconfirmed(report, note):
    """Close a report the resident left "resolved" without confirming (feedback.retention);
    its satisfaction stays unanswered."""
    locked = _locked(report)
    if locked.status != Status.RESOLVED:
        return locked
    return _record(locked, Status.CLOSED, None, private_note=note)
