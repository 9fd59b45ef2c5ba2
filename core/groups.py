"""Role groups: groups that migrations create for a role (district report admins, rating
moderators, notice reviewers), each carrying the one permission that defines the role.

Code checks a person's role with `user.has_perm(permission)`, never by a group's name, and finds
a role's group by that permission, so that the district may rename groups in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group


def role_group(permission):
    """The group that carries `permission` ("app_label.codename"), created by a migration."""
    app_label, codename = permission.split(".")
    group = (
        Group.objects.filter(
            permissions__content_type__app_label=app_label, permissions__codename=codename
        )
        .order_by("pk")
        .first()
    )
    if group is None:
        raise LookupError(f"No group carries {permission}: run `manage.py migrate`.")
    return group


def create_role_group(apps, name, permissions):
    """For a data migration: a group `name` with `permissions` (["app_label.codename"]).
    Permissions are normally created after all migrations; create this app's now."""
    for app_label in {p.split(".")[0] for p in permissions}:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:  # an app without models, whose own migration made its permission
            continue
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=name)
    for permission in permissions:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group
