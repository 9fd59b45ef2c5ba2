"""Report handling on Wagtail's admin framework (the viewset is in feedback/viewsets.py): the
listing with filters, search, ordering and spreadsheet export; the inspect view with the
report, its photos and history; and the actions on one report, each a small POST view.

Permissions are those of feedback.permissions: every view works on `reports_for_user`, and a
report outside it answers 404 and leaves a line in the access log.
"""

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets.button import HeaderButton

from core.pagination import BoundedCountPaginator

from .admin_forms import REPLY, EscalateForm, ReassignForm, TransitionForm
from .models import AccessLog, MediationLevel, Report
from .permissions import (
    can_handle_reports,
    is_district_admin,
    is_station_handler,
    reports_for_user,
    team_ids,
)
from .services import (
    TransitionError,
    escalate,
    parse_tracking_number,
    reassign,
    reply,
    revoke_links,
    transition,
)


class CompactColumn(Column):
    """A cell drawn by its own template from the whole report (several facts per cell, so
    the table stays readable at 375 px)."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, accessor=lambda report: report, **kwargs)
        self.cell_template_name = template


def _csv_safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


EXPORT = [
    ("tracking_number", _("工单编号"), lambda r: r.tracking_number),
    (
        "created",
        _("提交时间"),
        lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
    ),
    ("status", _("状态"), lambda r: r.get_status_display()),
    ("category", _("类别"), lambda r: r.category.name),
    ("unit", _("邻里之家"), lambda r: r.unit.title if r.unit else _("待分派")),
    ("department", _("承办部门"), lambda r: r.department.title if r.department else ""),
    ("where", _("位置"), lambda r: r.where),
    ("description", _("问题描述"), lambda r: r.masked_description),
    ("phone", _("联系电话"), lambda r: r.masked_phone),
    ("overdue", _("超时"), lambda r: _("是") if r.is_overdue_now else ""),
    ("satisfaction", _("满意度"), lambda r: r.get_satisfaction_display()),
]


class ReportPaginator(BoundedCountPaginator, WagtailPaginator):
    """Wagtail's paging controls on a count that stops at a thousand (core.pagination)."""

    @cached_property
    def items_count_label(self):
        if self.count_is_bounded:
            return _("超过 %(limit)s 条") % {"limit": self.count}
        return super().items_count_label


class ReportIndexView(IndexView):
    template_name = "feedback/admin/report_index.html"
    results_template_name = "feedback/admin/report_index_results.html"
    paginator_class = ReportPaginator
    default_ordering = "-created_at"
    list_export = [key for key, _label, _value in EXPORT]
    export_headings = {key: label for key, label, _value in EXPORT}
    export_filename = "reports"

    def get_base_queryset(self):
        return (
            reports_for_user(self.request.user)
            .with_overdue()
            .select_related("category", "unit", "department")
        )

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        # Newest first, ties broken by id: one index (report_newest) serves the whole list.
        return queryset.order_by(self.ordering, "-pk" if self.ordering.startswith("-") else "pk")

    def get_valid_orderings(self):
        return ["created_at", "-created_at", "resolve_by", "-resolve_by"]

    def search_queryset(self, queryset):
        """A tracking number however typed (jh2026123) finds its report; other words are
        looked for in the number, the description and the compound."""
        number = parse_tracking_number(self.search_query) if self.search_query else ""
        if number:
            return queryset.filter(tracking_number=number)
        return super().search_queryset(queryset)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "tracking_number",
                label=_("工单编号"),
                get_url=lambda report: reverse("reports:inspect", args=[report.pk]),
            ),
            # One cell for the rest: a template per cell is most of the listing's time.
            CompactColumn("summary", "feedback/admin/cells/summary.html", label=_("工单情况")),
            DateColumn("created_at", label=_("提交时间"), sort_key="created_at"),
        ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if is_district_admin(self.request.user):
            # Counted up to a hundred: a queue that long needs attention, not a number.
            waiting = Report.objects.triage().values("pk")[:100].count()
            buttons.append(
                HeaderButton(
                    _("待分派（%(n)s）") % {"n": waiting if waiting < 100 else "99+"},
                    url=reverse("reports:index") + "?queue=triage",
                    icon_name="warning" if waiting else "tick",
                )
            )
        return buttons

    def to_row_dict(self, item):
        return OrderedDict((key, value(item)) for key, _label, value in EXPORT)

    def stream_csv(self, queryset):
        yield "\ufeff"  # so that Excel reads UTF-8
        yield from super().stream_csv(queryset.iterator(chunk_size=2000))

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({key: _csv_safe(value) for key, value in row_dict.items()})

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def write_xlsx(self, queryset, output):
        return super().write_xlsx(queryset.iterator(chunk_size=2000), output)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        paginator = context.get("paginator")
        context["count_is_bounded"] = bool(paginator and paginator.count_is_bounded)
        return context


def get_report_or_404(request, pk, action=AccessLog.Action.VIEW):
    """The report if the user handles it; otherwise 404, and the refusal is logged."""
    report = (
        reports_for_user(request.user)
        .with_overdue()
        .select_related("category", "unit", "department", "proposed_department", "town")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        refused = Report.objects.filter(pk=pk).first()
        if refused is not None:
            AccessLog.objects.create(report=refused, user=request.user, action=action)
        raise Http404
    return report


class ReportInspectView(InspectView):
    template_name = "feedback/admin/report_inspect.html"
    page_title = _("工单")

    def get_object(self, queryset=None):
        return get_report_or_404(self.request, self.pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        bound = getattr(self.request, "_report_forms", {})
        station_handler = is_station_handler(user, report)
        context.update(
            report=report,
            events=report.events.select_related("actor", "department", "unit", "from_unit"),
            photos=report.photos.all(),
            overdue=report.is_overdue_now,
            transition_form=bound.get("transition") or TransitionForm(report, user),
            escalate_form=bound.get("escalate") or EscalateForm(),
            reassign_form=(bound.get("reassign") or ReassignForm(report))
            if station_handler
            else None,
            candidates=report.candidate_units.all() if station_handler else [],
            can_revoke=station_handler,
            can_escalate=report.mediation_level != MediationLevel.CITY
            and (station_handler or report.department_id in team_ids(user)[1]),
            canned_replies=report.category.canned_reply_list(),
            revealed_phone=getattr(self.request, "_revealed_phone", ""),
        )
        return context


class ReportActionView(View):
    """A POST that changes one report, then back to its inspect view (with the form and its
    errors when it failed)."""

    http_method_names = ["post"]
    form_name = ""
    success_message = ""
    access_action = AccessLog.Action.VIEW
    inspect_view = None  # set by the viewset

    def dispatch(self, request, pk):
        if not can_handle_reports(request.user):
            raise PermissionDenied
        self.report = get_report_or_404(request, pk, self.access_action)
        return super().dispatch(request, pk)

    def get_form(self):
        raise NotImplementedError

    def inspect(self, request, pk):
        """The report's inspect view, drawn as the answer to this POST."""
        view = self.inspect_view.view_class(**self.inspect_view.view_initkwargs)
        view.setup(request, pk=pk)
        return view.get(request, pk=pk)

    def perform(self, form):
        raise NotImplementedError

    def after(self, request, pk):
        return redirect("reports:inspect", pk)

    def post(self, request, pk):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, self.success_message)
                return self.after(request, pk)
        request._report_forms = {self.form_name: form}
        return self.inspect(request, pk)


class TransitionView(ReportActionView):
    form_name = "transition"
    success_message = _("已更新工单，居民选择了通知的会收到短信或邮件。")

    def get_form(self):
        return TransitionForm(self.report, self.request.user, self.request.POST)

    def perform(self, form):
        data = form.cleaned_data
        if data["to_status"] == REPLY:
            reply(self.report, data["public_reply"], self.request.user, data["private_note"])
        else:
            transition(
                self.report,
                data["to_status"],
                actor=self.request.user,
                public_reply=data["public_reply"],
                private_note=data["private_note"],
                department=data["department"],
            )


class EscalateView(ReportActionView):
    form_name = "escalate"
    success_message = _("已升级调处层级。")

    def get_form(self):
        return EscalateForm(self.request.POST)

    def perform(self, form):
        escalate(self.report, form.cleaned_data["reason"], actor=self.request.user)


class ReassignView(ReportActionView):
    form_name = "reassign"
    success_message = _("已转派，新的邻里之家工作人员可以看到这条工单。")

    def post(self, request, pk):
        if not is_station_handler(request.user, self.report):
            raise PermissionDenied
        return super().post(request, pk)

    def get_form(self):
        return ReassignForm(self.report, self.request.POST)

    def perform(self, form):
        data = form.cleaned_data
        reassign(self.report, data["unit"], actor=self.request.user, note=data["note"])

    def after(self, request, pk):
        # A station that passed the report on can no longer open it: back to its list.
        if not reports_for_user(request.user).filter(pk=pk).exists():
            return redirect("reports:index")
        return super().after(request, pk)


class RevokeLinksView(ReportActionView):
    success_message = _("已撤销此前发出的查看链接，下次通知会附上新链接。")

    def post(self, request, pk):
        if not is_station_handler(request.user, self.report):
            raise PermissionDenied
        revoke_links(self.report, actor=request.user)
        messages.success(request, self.success_message)
        return redirect("reports:inspect", pk)


class RevealPhoneView(ReportActionView):
    """Shows the full number once, on this response only, and logs who asked."""

    access_action = AccessLog.Action.REVEAL_PHONE

    def post(self, request, pk):
        AccessLog.objects.create(
            report=self.report,
            user=request.user,
            action=AccessLog.Action.REVEAL_PHONE,
            granted=True,
        )
        request._revealed_phone = self.report.phone
        response = self.inspect(request, pk)
        response["Cache-Control"] = "private, no-store"
        return response
