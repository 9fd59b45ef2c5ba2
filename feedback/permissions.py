"""Who handles which reports: station teams their station's, department teams those dispatched
to their department (units.teams), district admins (`feedback.handle_all_reports`, the role
group a migration creates) and superusers all of them, including the triage queue of reports
that reached no station.

`ReportPermissionPolicy` says the same to Wagtail's admin framework (the reports viewset):
staff may view (list, inspect, export) the reports they handle; nobody adds, edits or deletes
reports there (every change is an action with its event, feedback.services).
"""

from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from units.teams import department_ids, station_ids

from .models import Report

DISTRICT_ADMIN_PERMISSION = "feedback.handle_all_reports"


def is_district_admin(user):
    return user.is_active and (user.is_superuser or user.has_perm(DISTRICT_ADMIN_PERMISSION))


def team_ids(user):
    """(station ids, department ids) of the user's teams, looked up once per user object (a
    request asks several times)."""
    cached = getattr(user, "_feedback_team_ids", None)
    if cached is None:
        cached = (station_ids(user), department_ids(user))
        user._feedback_team_ids = cached
    return cached


def reports_for_user(user):
    if not (user.is_authenticated and user.is_active):
        return Report.objects.none()
    if is_district_admin(user):
        return Report.objects.all()
    stations, departments = team_ids(user)
    return Report.objects.filter(Q(unit__in=stations) | Q(department__in=departments))


def can_handle_reports(user):
    """Whether to show the reports menu at all."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_district_admin(user) or any(team_ids(user))


def can_handle(user, report):
    return reports_for_user(user).filter(pk=report.pk).exists()


def is_station_handler(user, report):
    """District admins, and the team of the report's station: they triage, move the report to
    another station and revoke its status links; department staff answer what they were sent."""
    return is_district_admin(user) or (
        report.unit_id is not None and report.unit_id in team_ids(user)[0]
    )


class ReportPermissionPolicy(BasePermissionPolicy):
    def __init__(self):
        super().__init__(Report)

    def user_has_permission(self, user, action):
        return action == "view" and can_handle_reports(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and can_handle_reports(user)

    def users_with_any_permission(self, actions):
        raise NotImplementedError("Report handlers are found through units.teams.")

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and can_handle(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return reports_for_user(user) if "view" in actions else Report.objects.none()
