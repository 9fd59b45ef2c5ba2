"""Moderators are those with `ratings.moderate_ratings`, given to the group of 0002."""

from django.db import migrations

from core.groups import create_role_group

MODERATORS = "评议审核员"


def moderators(apps, schema_editor):
    create_role_group(apps, MODERATORS, ["ratings.moderate_ratings", "wagtailadmin.access_admin"])


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_moderator_group")]

    operations = [
        migrations.AlterModelOptions(
            name="rating",
            options={
                "permissions": [("moderate_ratings", "审核评议留言")],
                "verbose_name": "评议",
                "verbose_name_plural": "评议",
            },
        ),
        migrations.RunPython(moderators, migrations.RunPython.noop),
    ]
