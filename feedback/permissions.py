"""Who handles which reports: station staff their station's, department staff those dispatched
to their department, district admins (and superusers) all of them."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from units.permissions import access_admin_permission

from .models import DepartmentGroup, Report

DEPARTMENT_GROUP_PREFIX = "部门人员："
DISTRICT_ADMIN_GROUP = "区管理员（吹哨工单）"


def is_district_admin(user):
    return user.is_active and (user.is_superuser or user.has_perm("feedback.handle_all_reports"))


def department_ids(user):
    return list(
        DepartmentGroup.objects.filter(group__user=user).values_list("department_id", flat=True)
    )


def unit_ids(user):
    from units.models import UnitPage

    return list(
        UnitPage.objects.filter(station_group__group__user=user).values_list("pk", flat=True)
    )


def reports_for_user(user):
    if not (user.is_authenticated and user.is_active):
        return Report.objects.none()
    if is_district_admin(user):
        return Report.objects.all()
    return Report.objects.filter(
        Q(unit__in=unit_ids(user)) | Q(department__in=department_ids(user))
    )


def can_handle_reports(user):
    """Whether to show the reports menu at all."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_district_admin(user) or bool(unit_ids(user)) or bool(department_ids(user))


def can_handle(user, report):
    return reports_for_user(user).filter(pk=report.pk).exists()


@transaction.atomic
def ensure_department_group(department):
    link = DepartmentGroup.objects.select_related("group").filter(department=department).first()
    if link is None:
        name = f"{DEPARTMENT_GROUP_PREFIX}{department.title}"[:150]
        group, _created = Group.objects.get_or_create(name=name)
        link = DepartmentGroup.objects.create(department=department, group=group)
    link.group.permissions.add(access_admin_permission())
    return link.group


def add_department_staff(department, user):
    user.groups.add(ensure_department_group(department))


def district_admin_group():
    from django.contrib.auth.models import Permission

    group, _created = Group.objects.get_or_create(name=DISTRICT_ADMIN_GROUP)
    group.permissions.add(
        access_admin_permission(),
        *Permission.objects.filter(
            content_type__app_label="feedback",
            codename__in=["handle_all_reports", "add_category", "change_category"],
        ),
    )
    return group
