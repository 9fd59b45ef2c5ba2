"""District report admins keep the holiday calendar (feedback.HolidayYear) up to date."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HOLIDAY_PERMISSIONS = ["add_holidayyear", "change_holidayyear", "delete_holidayyear"]


def grant(apps, schema_editor):
    config = apps.get_app_config("feedback")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    holidays = Permission.objects.filter(
        content_type__app_label="feedback", codename__in=HOLIDAY_PERMISSIONS
    )
    # The role's group is the one carrying its permission, whatever it is called now.
    for group in Group.objects.filter(
        permissions__content_type__app_label="feedback",
        permissions__codename="handle_all_reports",
    ):
        group.permissions.add(*holidays)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0005_report_routing_notifications_holidays")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
