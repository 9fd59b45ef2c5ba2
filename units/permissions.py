"""Who may post: every station has an editors' group limited to its own subtree."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from .models.notices import StationGroup

STATION_GROUP_PREFIX = "邻里之家编辑："
REVIEWER_GROUP_NAME = "社区/区级审核员"
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def approval_required():
    return getattr(settings, "NOTICE_APPROVAL_REQUIRED", False)


def station_page_permissions():
    """Publishers bypass Wagtail workflows, so with approval on, staff may only submit."""
    types = ["add", "change", "lock", "unlock"]
    if not approval_required():
        types.append("publish")
    return types


def _page_permission(permission_type):
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
    )


def access_admin_permission():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _group_name(unit, taken_by_other):
    name = f"{STATION_GROUP_PREFIX}{unit.title}"[:140]
    return f"{name}（{unit.pk}）" if taken_by_other(name) else name


@transaction.atomic
def ensure_station_group(unit):
    """Create or repair the station's group, collection and permissions. Safe to repeat."""
    link = StationGroup.objects.select_related("group").filter(unit=unit).first()

    def taken_by_other(name):
        others = Group.objects.filter(name=name)
        if link:
            others = others.exclude(pk=link.group_id)
        return others.exists()

    name = _group_name(unit, taken_by_other)
    if link is None:
        group = Group.objects.create(name=name)
        collection = Collection.get_first_root_node().add_child(name=unit.title)
        link = StationGroup.objects.create(unit=unit, group=group, collection=collection)
    elif link.group.name != name:
        link.group.name = name
        link.group.save(update_fields=["name"])
    if link.collection is None:
        link.collection = Collection.get_first_root_node().add_child(name=unit.title)
        link.save(update_fields=["collection"])

    group = link.group
    group.permissions.add(access_admin_permission())
    wanted = station_page_permissions()
    for permission_type in wanted:
        GroupPagePermission.objects.get_or_create(
            group=group, page=unit, permission=_page_permission(permission_type)
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


def sync_all_stations():
    from .models import UnitPage

    units = UnitPage.objects.filter(locale=Locale.get_default()).order_by("path")
    return [ensure_station_group(unit) for unit in units]


def station_group(unit):
    link = StationGroup.objects.filter(unit=unit).select_related("group").first()
    return link.group if link else ensure_station_group(unit)


def add_staff(unit, user):
    user.groups.add(station_group(unit))


def remove_staff(unit, user):
    user.groups.remove(station_group(unit))


def staff_of(unit):
    return station_group(unit).user_set.order_by("username")


def stations_for_user(user):
    """The stations whose editors' group the user belongs to."""
    from .models import UnitPage

    if not user.is_authenticated:
        return UnitPage.objects.none()
    return UnitPage.objects.filter(station_group__group__user=user).order_by("path")


def find_unit(value):
    """A station by page id or exact title, for commands typed by a district admin."""
    from .models import UnitPage

    value = str(value).strip()
    units = UnitPage.objects.filter(pk=int(value)) if value.isdigit() else None
    if not units:
        units = UnitPage.objects.filter(title=value, locale=Locale.get_default())
    found = list(units[:2])
    if len(found) != 1:
        raise LookupError(
            _("没有找到邻里之家“%(value)s”") % {"value": value}
            if not found
            else _("有多个邻里之家名为“%(value)s”，请改用编号") % {"value": value}
        )
    return found[0]


def _in_default_locale(page):
    # Translations (under /en/) are made by the district, not by station staff.
    return page.locale_id == Locale.get_default().pk


def _on_unit_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and _in_default_locale(instance):
        ensure_station_group(instance)


def _on_unit_published(sender, instance, **kwargs):
    # Keeps the group's name in step with a renamed station.
    if _in_default_locale(instance):
        ensure_station_group(instance)


def connect():
    from django.db.models.signals import post_save
    from wagtail.signals import page_published

    from .models import UnitPage

    post_save.connect(_on_unit_saved, sender=UnitPage, dispatch_uid="station-group-created")
    page_published.connect(_on_unit_published, sender=UnitPage, dispatch_uid="station-group-pub")


WORKFLOW_NAME = "通知审核"
TASK_NAME = "社区/区级审核"


def reviewer_group(directory):
    """Approving publishes the page as the reviewer, so reviewers need publish rights."""
    group, _created = Group.objects.get_or_create(name=REVIEWER_GROUP_NAME)
    group.permissions.add(access_admin_permission())
    for permission_type in ("change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=directory, permission=_page_permission(permission_type)
        )
    return group


@transaction.atomic
def enable_notice_workflow():
    """Every page below the station directory (so every station's notices) needs approval."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from .models import DirectoryPage

    directory = DirectoryPage.objects.filter(locale=Locale.get_default()).first()
    if directory is None:
        raise LookupError("There is no station directory page yet.")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.active = True
    task.save()
    task.groups.set([reviewer_group(directory)])
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=directory, defaults={"workflow": workflow})
    sync_all_stations()
    return workflow


@transaction.atomic
def disable_notice_workflow():
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    sync_all_stations()
