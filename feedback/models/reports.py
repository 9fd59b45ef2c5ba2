"""A resident's report, its append-only history, its photos and the log of who saw what."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.locale import source_tree
from core.phones import mask_phone, mask_phones_in_text

from ..storage import private_storage
from .categories import Urgency


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    DISPATCHED = "dispatched", _("已派单")
    IN_PROGRESS = "in_progress", _("处理中")
    RESOLVED = "resolved", _("已办结")
    CLOSED = "closed", _("已确认")
    REOPENED = "reopened", _("已重新办理")


OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.DISPATCHED,
    Status.IN_PROGRESS,
    Status.REOPENED,
]
DONE_STATUSES = [Status.RESOLVED, Status.CLOSED]


class MediationLevel(models.TextChoices):
    """四级调处, from the bottom up."""

    UNIT = "unit", _("邻里之家")
    TOWN = "town", _("街镇")
    DISTRICT = "district", _("区")
    CITY = "city", _("市")


class StationMatch(models.TextChoices):
    """How the report found its station."""

    CHOSEN = "chosen", _("居民选择")
    MATCHED = "matched", _("按小区名称匹配")
    AMBIGUOUS = "ambiguous", _("小区名称对应多个邻里之家")
    UNMATCHED = "unmatched", _("未匹配到邻里之家")
    ASSIGNED = "assigned", _("工作人员分派")


class EventKind(models.TextChoices):
    STATUS = "status", _("状态变更")
    REPLY = "reply", _("答复")
    ESCALATE = "escalate", _("升级调处")
    REASSIGN = "reassign", _("转派邻里之家")
    REVOKE_LINK = "revoke_link", _("撤销查看链接")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


def overdue_filter(now=None):
    """Open reports past their resolution deadline, or not yet accepted past the response one."""
    now = now or timezone.now()
    return Q(status__in=OPEN_STATUSES, resolve_by__lt=now) | Q(
        status=Status.SUBMITTED, respond_by__lt=now
    )


class ReportQuerySet(models.QuerySet):
    def overdue(self, now=None):
        """Open reports past their resolution deadline, or not yet accepted past the response one."""
        return self.filter(overdue_filter(now))

    def with_overdue(self, now=None):
        """Each report with `is_overdue_now`, computed in the same query."""
        return self.annotate(
            is_overdue_now=ExpressionWrapper(
                overdue_filter(now), output_field=models.BooleanField()
            )
        )

    def created_between(self, start, end):
        return self.filter(created_at__gte=start, created_at__lt=end)

    def triage(self):
        """Reports that reached no station (unmatched or ambiguous compound): the district's
        (or town's) queue until someone assigns them."""
        return self.filter(unit__isnull=True)


class Report(models.Model):
    tracking_number = models.CharField(
        _("工单编号"), max_length=20, unique=True, null=True, editable=False
    )
    unit = models.ForeignKey(
        "units.UnitPage",
        limit_choices_to=source_tree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("邻里之家"),
    )
    category = models.ForeignKey(
        "feedback.Category",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("类别"),
    )
    station_match = models.CharField(
        _("邻里之家来源"),
        max_length=16,
        choices=StationMatch.choices,
        default=StationMatch.CHOSEN,
    )
    candidate_units = models.ManyToManyField(
        "units.UnitPage",
        limit_choices_to=source_tree,
        blank=True,
        related_name="+",
        verbose_name=_("可能的邻里之家"),
    )
    town = models.ForeignKey(
        "units.TownPage",
        limit_choices_to=source_tree,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("街镇"),
    )
    description = models.TextField(_("问题描述"))
    compound = models.CharField(_("小区"), max_length=100, blank=True)
    building = models.CharField(_("楼栋/位置"), max_length=100, blank=True)
    name = models.CharField(_("称呼"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("提交账户"),
    )
    notify_sms = models.BooleanField(_("短信通知进展"), default=False)
    notify_email = models.BooleanField(_("邮件通知进展"), default=False)
    # Part of every status link (feedback.links): raising it revokes the links sent so far.
    link_version = models.PositiveIntegerField(_("查看链接版本"), default=0, editable=False)
    consent = models.BooleanField(_("同意个人信息处理说明"), default=False)
    public_ok = models.BooleanField(_("同意匿名公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    department = models.ForeignKey(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("承办部门"),
    )
    proposed_department = models.ForeignKey(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("拟承办部门"),
        help_text=_("提交时按问题类别提出，派单时由工作人员确认或更改"),
    )
    mediation_level = models.CharField(
        _("调处层级"), max_length=16, choices=MediationLevel.choices, default=MediationLevel.UNIT
    )
    respond_by = models.DateTimeField(_("响应时限"), null=True, blank=True)
    resolve_by = models.DateTimeField(_("办结时限"), null=True, blank=True)
    responded_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=16, choices=Satisfaction.choices, blank=True, default=""
    )
    idempotency_token = models.CharField(max_length=64, unique=True, null=True, editable=False)
    personal_data_purged_at = models.DateTimeField(_("个人信息清除时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("吹哨工单")
        verbose_name_plural = _("吹哨工单")
        permissions = [("handle_all_reports", _("处理全区工单（区管理员）"))]
        indexes = [
            # The staff list filtered by status, station or department, newest first, and the
            # figures of a station's or department's month or quarter: read in order from the
            # index instead of sorting (or scanning) a district's 500,000 reports. The triage
            # queue (unit IS NULL) uses the station index too.
            models.Index(F("status"), F("created_at").desc(), name="report_status_recent"),
            models.Index(F("unit"), F("created_at").desc(), name="report_unit_recent"),
            # A department's quarter figures (scorecards) count tens of thousands of reports:
            # the columns they read are in the index, which answers without the table.
            models.Index(
                F("department"),
                F("created_at").desc(),
                F("status"),
                F("responded_at"),
                F("respond_by"),
                F("satisfaction"),
                name="report_dept_recent_rates",
            ),
        ]

    def __str__(self):
        return self.tracking_number or f"#{self.pk}"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_description(self):
        """Residents sometimes type a phone number into the description."""
        return mask_phones_in_text(self.description)

    @property
    def phone_last4(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return digits[-4:]

    def is_overdue(self, now=None):
        return Report.objects.filter(pk=self.pk).overdue(now).exists()

    @property
    def where(self):
        return " ".join(part for part in (self.compound, self.building) if part)

    @property
    def answering_department(self):
        """Who will answer: the department it was dispatched to, or the one proposed."""
        return self.department or self.proposed_department


class ImmutableError(Exception):
    pass


class ReportEvent(models.Model):
    """One step in a report's life. Append-only: saving an existing event or deleting one fails."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("工单")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    kind = models.CharField(
        _("类型"), max_length=16, choices=EventKind.choices, default=EventKind.STATUS
    )
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices)
    department = models.ForeignKey(
        "units.DepartmentPage",
        limit_choices_to=source_tree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("派往部门"),
    )
    public_reply = models.TextField(_("公开答复"), blank=True)
    private_note = models.TextField(_("内部备注"), blank=True)
    escalation_level = models.CharField(
        _("升级至"), max_length=16, choices=MediationLevel.choices, blank=True
    )
    escalation_reason = models.TextField(_("升级原因"), blank=True)
    from_unit = models.ForeignKey(
        "units.UnitPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("原邻里之家"),
    )
    unit = models.ForeignKey(
        "units.UnitPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转派至"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("工单记录")
        verbose_name_plural = _("工单记录")

    def __str__(self):
        return f"{self.report} {self.get_to_status_display()}"

    @property
    def masked_public_reply(self):
        return mask_phones_in_text(self.public_reply)

    @property
    def masked_private_note(self):
        return mask_phones_in_text(self.private_note)

    @property
    def masked_escalation_reason(self):
        return mask_phones_in_text(self.escalation_reason)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("Report events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Report events cannot be deleted.")

    @property
    def is_public(self):
        """Shown to the resident on the status page (and worth telling them about)."""
        return self.kind != EventKind.REVOKE_LINK


def _photo_name(instance, filename):
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


def _thumbnail_name(instance, filename):
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-thumb.jpg"


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="photos", verbose_name=_("工单")
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("照片"), storage=private_storage, upload_to=_photo_name)
    thumbnail = models.FileField(
        _("缩略图"), storage=private_storage, upload_to=_thumbnail_name, blank=True
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("照片")

    def __str__(self):
        return f"{self.report} {self.key}"


class AccessLog(models.Model):
    """Who revealed a phone number or was refused a report, photo or phone number."""

    class Action(models.TextChoices):
        REVEAL_PHONE = "reveal_phone", _("查看完整电话")
        VIEW = "view", _("查看工单")
        PHOTO = "photo", _("查看照片")

    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, related_name="access_logs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    granted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("访问记录")
        verbose_name_plural = _("访问记录")

    def __str__(self):
        return f"{self.user} {self.action} {self.report}"


class PhoneRevealManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(action=AccessLog.Action.REVEAL_PHONE)


class PhoneReveal(AccessLog):
    """The phone-number reveals in the access log."""

    objects = PhoneRevealManager()

    class Meta:
        proxy = True
        verbose_name = _("电话查看记录")
