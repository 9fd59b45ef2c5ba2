"""Report handling in the Wagtail admin: list with filters, CSV export, detail with actions."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.widgets import AdminPageChooser

from core.pagination import BoundedCountPaginator
from units.models import DepartmentPage, UnitPage
from units.teams import department_ids, station_ids

from .models import AccessLog, Category, Report, Status
from .permissions import can_handle_reports, is_district_admin, reports_for_user
from .services import TRANSITIONS, TransitionError, escalate, transition


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.BooleanField(label=_("只看超时"), required=False)
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.all(), required=False
    )
    # Chosen in Wagtail's page chooser: a select of every station (2,000 across Tianjin) took
    # most of the list's time to draw.
    unit = forms.ModelChoiceField(
        label=_("邻里之家"),
        queryset=UnitPage.objects.none(),
        required=False,
        widget=AdminPageChooser(target_models=[UnitPage]),
    )
    department = forms.ModelChoiceField(
        label=_("承办部门"), queryset=DepartmentPage.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部"))] + list(Status.choices)
        self.fields["unit"].queryset = UnitPage.objects.source()
        self.fields["department"].queryset = DepartmentPage.objects.source().order_by("path")

    def apply(self, reports):
        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data["q"]:
            reports = reports.filter(
                Q(tracking_number__icontains=data["q"])
                | Q(description__icontains=data["q"])
                | Q(compound__icontains=data["q"])
            )
        if data["status"]:
            reports = reports.filter(status=data["status"])
        if data["overdue"]:
            reports = reports.overdue()
        for key in ("category", "unit", "department"):
            if data[key]:
                reports = reports.filter(**{key: data[key]})
        return reports


def _require_handler(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_handle_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _context(title, **extra):
    return {"page_title": title, "header_title": title, "header_icon": "warning", **extra}


def _filtered(request):
    form = FilterForm(request.GET or None)
    reports = form.apply(reports_for_user(request.user)).select_related(
        "category", "unit", "department"
    )
    return form, reports


@_require_handler
def report_list(request):
    form, reports = _filtered(request)
    page = BoundedCountPaginator(reports, 50).get_page(request.GET.get("p"))
    overdue = set(
        reports.overdue().filter(pk__in=[r.pk for r in page]).values_list("pk", flat=True)
    )
    for item in page:
        item.overdue = item.pk in overdue
    return TemplateResponse(
        request,
        "feedback/admin/report_list.html",
        _context(
            _("吹哨工单"),
            form=form,
            page_obj=page,
            export_url=reverse("feedback_admin_export") + "?" + request.GET.urlencode(),
        ),
    )


CSV_COLUMNS = [
    ("tracking_number", _("工单编号")),
    ("created", _("提交时间")),
    ("status", _("状态")),
    ("category", _("类别")),
    ("unit", _("邻里之家")),
    ("department", _("承办部门")),
    ("where", _("位置")),
    ("description", _("问题描述")),
    ("phone", _("联系电话")),
    ("overdue", _("超时")),
    ("satisfaction", _("满意度")),
]


def _csv_safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@_require_handler
def report_export(request):
    _form, reports = _filtered(request)
    overdue = set(reports.overdue().values_list("pk", flat=True))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reports.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(response)
    writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for item in reports.iterator():
        writer.writerow(
            _csv_safe(v)
            for v in [
                item.tracking_number,
                timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M"),
                item.get_status_display(),
                item.category.name,
                item.unit.title if item.unit else "",
                item.department.title if item.department else "",
                item.where,
                item.masked_description,
                item.masked_phone,
                _("是") if item.pk in overdue else "",
                item.get_satisfaction_display(),
            ]
        )
    return response


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("操作"))
    department = forms.ModelChoiceField(
        label=_("派往部门"), queryset=DepartmentPage.objects.none(), required=False
    )
    public_reply = forms.CharField(
        label=_("公开答复（居民可见）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    private_note = forms.CharField(
        label=_("内部备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, report, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(report.status, set())
        if not (is_district_admin(user) or report.unit_id in station_ids(user)):
            # Department staff work on what they were sent; triage belongs to the station.
            allowed = allowed & {Status.IN_PROGRESS, Status.RESOLVED}
        self.fields["to_status"].choices = [(s.value, s.label) for s in Status if s in allowed]
        self.fields["department"].queryset = DepartmentPage.objects.source().order_by("path")


class EscalateForm(forms.Form):
    reason = forms.CharField(label=_("升级原因"), widget=forms.Textarea(attrs={"rows": 2}))


def _get_report(request, pk, action=AccessLog.Action.VIEW):
    report = Report.objects.select_related("category", "unit", "department").filter(pk=pk).first()
    if report is None:
        raise Http404
    if not reports_for_user(request.user).filter(pk=pk).exists():
        AccessLog.objects.create(report=report, user=request.user, action=action)
        raise Http404
    return report


@_require_handler
def report_detail(request, pk, transition_form=None, escalate_form=None):
    report = _get_report(request, pk)
    context = _context(
        str(report),
        report=report,
        events=report.events.select_related("actor", "department"),
        photos=report.photos.all(),
        overdue=report.is_overdue(),
        transition_form=transition_form or TransitionForm(report, request.user),
        escalate_form=escalate_form or EscalateForm(),
        canned_replies=report.category.canned_reply_list(),
        revealed_phone=getattr(request, "_revealed_phone", ""),
        is_department_staff=report.department_id in department_ids(request.user),
    )
    return TemplateResponse(request, "feedback/admin/report_detail.html", context)


@require_POST
@_require_handler
def report_transition(request, pk):
    report = _get_report(request, pk)
    form = TransitionForm(report, request.user, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            transition(
                report,
                data["to_status"],
                actor=request.user,
                public_reply=data["public_reply"],
                private_note=data["private_note"],
                department=data["department"],
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已更新工单状态。"))
            return redirect("feedback_admin_detail", pk=pk)
    return report_detail(request, pk, transition_form=form)


@require_POST
@_require_handler
def report_escalate(request, pk):
    report = _get_report(request, pk)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            escalate(report, form.cleaned_data["reason"], actor=request.user)
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已升级调处层级。"))
            return redirect("feedback_admin_detail", pk=pk)
    return report_detail(request, pk, escalate_form=form)


@require_POST
@_require_handler
def reveal_phone(request, pk):
    """Shows the full number once, on this response only, and logs who asked."""
    report = _get_report(request, pk, action=AccessLog.Action.REVEAL_PHONE)
    AccessLog.objects.create(
        report=report, user=request.user, action=AccessLog.Action.REVEAL_PHONE, granted=True
    )
    request._revealed_phone = report.phone
    response = report_detail(request, pk)
    response["Cache-Control"] = "private, no-store"
    return response
