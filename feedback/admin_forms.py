"""Forms of the staff's report admin: the listing's filters and the actions on one report."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import AdminPageChooser

from core.ids import parse_id
from core.widgets import QuickSelect
from units.models import DepartmentPage, TownPage, UnitPage

from .models import Category, MediationLevel, Report, Status
from .permissions import is_district_admin, team_ids
from .routing import stations
from .services import TRANSITIONS

REPLY = "reply"
QUEUES = [
    ("triage", _("待分派（未匹配到邻里之家）")),
    ("overdue", _("超时")),
    ("open", _("未办结")),
]


def _stations_for(request):
    """The stations offered in the filter: all for district admins, else the user's own."""
    if request is None or is_district_admin(request.user):
        return stations().order_by("path").only("id", "title")
    return stations().filter(pk__in=team_ids(request.user)[0]).only("id", "title")


class ReportFilterSet(WagtailFilterSet):
    # The selects are drawn by core.widgets.QuickSelect: same HTML, without a template for
    # each of their few hundred options.
    queue = django_filters.ChoiceFilter(
        label=_("队列"),
        choices=QUEUES,
        method="filter_queue",
        empty_label=_("全部"),
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=Status.choices, empty_label=_("全部"), widget=QuickSelect
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), queryset=Category.objects.all(), empty_label=_("全部"), widget=QuickSelect
    )
    town = django_filters.ModelChoiceFilter(
        label=_("街镇"),
        queryset=TownPage.objects.source().order_by("path").only("id", "title", "path"),
        method="filter_town",
        empty_label=_("全部"),
        widget=QuickSelect,
    )
    # Chosen in Wagtail's page chooser: a select of every station (2,000 across Tianjin) took
    # most of the list's time to draw.
    unit = django_filters.ModelChoiceFilter(
        label=_("邻里之家"),
        queryset=_stations_for,
        widget=AdminPageChooser(target_models=[UnitPage]),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("承办部门"),
        queryset=DepartmentPage.objects.source().order_by("path").only("id", "title"),
        empty_label=_("全部"),
        widget=QuickSelect,
    )
    mediation_level = django_filters.ChoiceFilter(
        label=_("调处层级"),
        choices=MediationLevel.choices,
        empty_label=_("全部"),
        widget=QuickSelect,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("提交时间"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Report
        fields = []

    def filter_queue(self, queryset, name, value):
        if value == "triage":
            return queryset.triage()
        if value == "overdue":
            return queryset.overdue()
        if value == "open":
            return queryset.exclude(status__in=[Status.RESOLVED, Status.CLOSED])
        return queryset

    def filter_town(self, queryset, name, town):
        return queryset.filter(Q(unit__path__startswith=town.path) | Q(town=town))


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("操作"))
    department = forms.ModelChoiceField(
        label=_("派往部门"),
        queryset=DepartmentPage.objects.none(),
        required=False,
        help_text=_("派单时使用；默认为问题类别的责任部门"),
    )
    public_reply = forms.CharField(
        label=_("公开答复（居民可见）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    private_note = forms.CharField(
        label=_("内部备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, report, user, *args, **kwargs):
        kwargs.setdefault("initial", {"department": report.answering_department})
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(report.status, set())
        if not (is_district_admin(user) or report.unit_id in team_ids(user)[0]):
            # Department staff work on what they were sent; triage belongs to the station.
            allowed = allowed & {Status.IN_PROGRESS, Status.RESOLVED}
        choices = [(s.value, s.label) for s in Status if s in allowed]
        if report.status != Status.CLOSED:
            choices.append((REPLY, _("仅答复居民（状态不变）")))
        self.fields["to_status"].choices = choices
        self.fields["department"].queryset = (
            DepartmentPage.objects.source().order_by("path").only("id", "title")
        )


class EscalateForm(forms.Form):
    reason = forms.CharField(label=_("升级原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ReassignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("转派至邻里之家"),
        queryset=UnitPage.objects.none(),  # set in __init__: no query at import time
        widget=AdminPageChooser(target_models=[UnitPage]),
        error_messages={"required": _("请选择要转派的邻里之家。")},
    )
    note = forms.CharField(
        label=_("转派说明（内部）"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and parse_id(self.data.get("unit")) is None:
            # Not an id (crafted, or garbled): the chooser could not draw it again, so it is
            # treated as no choice ("请选择…").
            self.data = self.data.copy()
            self.data["unit"] = ""
        others = stations()
        if report.unit_id:
            others = others.exclude(pk=report.unit_id)
        self.fields["unit"].queryset = others
