"""Who handles which reports: station teams their station's, department teams those dispatched
to their department (units.teams), district admins (`feedback.handle_all_reports`, the role
group a migration creates) and superusers all of them."""

from django.db.models import Q

from units.teams import department_ids, station_ids

from .models import Report

DISTRICT_ADMIN_PERMISSION = "feedback.handle_all_reports"


def is_district_admin(user):
    return user.is_active and (user.is_superuser or user.has_perm(DISTRICT_ADMIN_PERMISSION))


def reports_for_user(user):
    if not (user.is_authenticated and user.is_active):
        return Report.objects.none()
    if is_district_admin(user):
        return Report.objects.all()
    return Report.objects.filter(
        Q(unit__in=station_ids(user)) | Q(department__in=department_ids(user))
    )


def can_handle_reports(user):
    """Whether to show the reports menu at all."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_district_admin(user) or bool(station_ids(user)) or bool(department_ids(user))


def can_handle(user, report):
    return reports_for_user(user).filter(pk=report.pk).exists()
