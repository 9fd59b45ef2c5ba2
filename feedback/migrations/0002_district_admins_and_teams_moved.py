"""The district admins' role group (they handle every report); department teams now live in
units (units.0004 copied them)."""

from django.db import migrations

from core.groups import create_role_group

DISTRICT_ADMINS = "区管理员（吹哨工单）"


def district_admins(apps, schema_editor):
    create_role_group(
        apps,
        DISTRICT_ADMINS,
        [
            "feedback.handle_all_reports",
            "feedback.add_category",
            "feedback.change_category",
            "wagtailadmin.access_admin",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("units", "0004_teams_and_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(district_admins, migrations.RunPython.noop),
        migrations.DeleteModel(name="DepartmentGroup"),
    ]
