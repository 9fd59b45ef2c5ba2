"""Department teams join station teams in units (they were feedback.DepartmentGroup); the
notice reviewers' role group; Wagtail's default groups and workflow get Chinese names."""

import django.db.models.deletion
from django.db import migrations, models

from core.groups import create_role_group

REVIEWERS = "社区/区级审核员"
# Wagtail's own initial data, named in English: shown as-is to Chinese-speaking staff.
WAGTAIL_NAMES = {
    "group": {"Moderators": "审核员", "Editors": "编辑"},
    "workflow": {"Moderators approval": "审核员审批"},
    "task": {"Moderators approval": "审核员审批"},
}


def copy_department_groups(apps, schema_editor):
    Old = apps.get_model("feedback", "DepartmentGroup")
    New = apps.get_model("units", "DepartmentGroup")
    New.objects.bulk_create(
        New(department_id=link.department_id, group_id=link.group_id) for link in Old.objects.all()
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("feedback", "DepartmentGroup")
    New = apps.get_model("units", "DepartmentGroup")
    Old.objects.bulk_create(
        Old(department_id=link.department_id, group_id=link.group_id) for link in New.objects.all()
    )


def roles_and_names(apps, schema_editor):
    create_role_group(
        apps, REVIEWERS, ["units.review_notices", "wagtailadmin.access_admin"]
    )
    models_by_kind = {
        "group": apps.get_model("auth", "Group"),
        "workflow": apps.get_model("wagtailcore", "Workflow"),
        "task": apps.get_model("wagtailcore", "Task"),
    }
    for kind, names in WAGTAIL_NAMES.items():
        for english, chinese in names.items():
            model = models_by_kind[kind]
            if not model.objects.filter(name=chinese).exists():
                model.objects.filter(name=english).update(name=chinese)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("feedback", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("units", "0003_notice_list_order"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="noticepage",
            options={
                "permissions": [("review_notices", "审核站点通知")],
                "verbose_name": "通知公告",
                "verbose_name_plural": "通知公告",
            },
        ),
        migrations.AlterModelOptions(
            name="unitpage",
            options={
                "permissions": [("import_roster", "导入邻里之家名册")],
                "verbose_name": "邻里之家",
                "verbose_name_plural": "邻里之家",
            },
        ),
        migrations.CreateModel(
            name="DepartmentGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "department",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="department_group",
                        to="units.departmentpage",
                        verbose_name="职能部门",
                    ),
                ),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="department_group",
                        to="auth.group",
                        verbose_name="部门人员组",
                    ),
                ),
            ],
            options={"verbose_name": "部门人员组", "verbose_name_plural": "部门人员组"},
        ),
        migrations.RunPython(copy_department_groups, copy_back),
        migrations.RunPython(roles_and_names, migrations.RunPython.noop),
    ]
