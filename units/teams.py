"""Teams: who works for a station or a department, in one API.

A station's team (its `StationGroup`) edits the station's pages and documents, and handles
its whistle reports; a department's team (`DepartmentGroup`) answers the reports dispatched to
the department. Both are Django groups with a link model, created on demand and kept in step
with the page (a renamed station renames its group). Everything else asks here:
`add_member(page, user)`, `members(page)`, `station_ids(user)`, `department_ids(user)`.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.signals import page_published

from core.locale import source_locale

from .models import DepartmentGroup, DepartmentPage, StationGroup, UnitPage

STATION_GROUP_PREFIX = "邻里之家编辑："
DEPARTMENT_GROUP_PREFIX = "部门人员："
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def access_admin_permission():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def page_permission(permission_type):
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
    )


def approval_required():
    """Whether station notices need a reviewer's approval (units.workflow)."""
    return getattr(settings, "NOTICE_APPROVAL_REQUIRED", False)


def station_page_permissions():
    """Publishers bypass Wagtail workflows, so with approval on, staff may only submit."""
    types = ["add", "change", "lock", "unlock"]
    if not approval_required():
        types.append("publish")
    return types


def _group_name(prefix, page, taken_by_other, max_length=140):
    name = f"{prefix}{page.title}"[:max_length]
    return f"{name}（{page.pk}）" if taken_by_other(name) else name


def _link_group(link_model, page_field, page, prefix):
    """Create or rename the group linked to `page`; returns the link."""
    link = link_model.objects.select_related("group").filter(**{page_field: page}).first()

    def taken_by_other(name):
        others = Group.objects.filter(name=name)
        return (others.exclude(pk=link.group_id) if link else others).exists()

    name = _group_name(prefix, page, taken_by_other)
    if link is None:
        link = link_model.objects.create(
            **{page_field: page}, group=Group.objects.create(name=name)
        )
    elif link.group.name != name:
        link.group.name = name
        link.group.save(update_fields=["name"])
    link.group.permissions.add(access_admin_permission())
    return link


@transaction.atomic
def ensure_station_group(unit):
    """Create or repair the station's group, collection and permissions. Safe to repeat."""
    link = _link_group(StationGroup, "unit", unit, STATION_GROUP_PREFIX)
    if link.collection is None:
        link.collection = Collection.get_first_root_node().add_child(name=unit.title)
        link.save(update_fields=["collection"])
    group = link.group
    wanted = station_page_permissions()
    for permission_type in wanted:
        GroupPagePermission.objects.get_or_create(
            group=group, page=unit, permission=page_permission(permission_type)
        )
    GroupPagePermission.objects.filter(group=group).exclude(
        page=unit, permission__codename__in=[f"{t}_page" for t in wanted]
    ).delete()
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=link.collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return group


@transaction.atomic
def ensure_department_group(department):
    return _link_group(DepartmentGroup, "department", department, DEPARTMENT_GROUP_PREFIX).group


def sync_all_stations():
    return [ensure_station_group(unit) for unit in UnitPage.objects.source().order_by("path")]


def team_group(page):
    """The team of a station or a department page (created when missing)."""
    page = page.specific
    if isinstance(page, UnitPage):
        link = StationGroup.objects.filter(unit=page).select_related("group").first()
        return link.group if link else ensure_station_group(page)
    if isinstance(page, DepartmentPage):
        link = DepartmentGroup.objects.filter(department=page).select_related("group").first()
        return link.group if link else ensure_department_group(page)
    raise TypeError(f"{type(page).__name__} has no team")


def add_member(page, user):
    user.groups.add(team_group(page))


def remove_member(page, user):
    user.groups.remove(team_group(page))


def members(page):
    return team_group(page).user_set.order_by("username")


def stations_of(user):
    """The stations whose team the user belongs to."""
    if not user.is_authenticated:
        return UnitPage.objects.none()
    return UnitPage.objects.filter(station_group__group__user=user).order_by("path")


def station_ids(user):
    return list(stations_of(user).values_list("pk", flat=True))


def department_ids(user):
    if not user.is_authenticated:
        return []
    return list(
        DepartmentGroup.objects.filter(group__user=user).values_list("department_id", flat=True)
    )


def station_team_emails(unit_id):
    """Addresses of the active members of a station's team."""
    link = StationGroup.objects.filter(unit_id=unit_id).select_related("group").first()
    if link is None:
        return []
    users = link.group.user_set.filter(is_active=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def find_unit(value):
    """A station by page id or exact title, for commands typed by a district admin."""
    value = str(value).strip()
    units = UnitPage.objects.filter(pk=int(value)) if value.isdigit() else None
    if not units:
        units = UnitPage.objects.source().filter(title=value)
    found = list(units[:2])
    if len(found) != 1:
        raise LookupError(
            _("没有找到邻里之家“%(value)s”") % {"value": value}
            if not found
            else _("有多个邻里之家名为“%(value)s”，请改用编号") % {"value": value}
        )
    return found[0]


def _in_source_locale(page):
    # Translations (under /en/) are made by the district, not by station staff.
    return page.locale_id == source_locale().pk


def _on_unit_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and _in_source_locale(instance):
        ensure_station_group(instance)


def _on_published(sender, instance, **kwargs):
    # Keeps the group's name in step with a renamed station or department.
    if _in_source_locale(instance):
        if isinstance(instance, UnitPage):
            ensure_station_group(instance)
        elif DepartmentGroup.objects.filter(department=instance).exists():
            ensure_department_group(instance)


def connect():
    post_save.connect(_on_unit_saved, sender=UnitPage, dispatch_uid="station-group-created")
    page_published.connect(_on_published, sender=UnitPage, dispatch_uid="station-group-pub")
    page_published.connect(_on_published, sender=DepartmentPage, dispatch_uid="dept-group-pub")
