import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0004_page_title_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingIndexChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("backend", models.CharField(max_length=50)),
                ("object_id", models.CharField(max_length=64)),
                (
                    "action",
                    models.CharField(
                        choices=[("update", "update"), ("delete", "delete")], max_length=10
                    ),
                ),
                ("error", models.CharField(blank=True, max_length=200)),
                ("failures", models.PositiveIntegerField(default=1)),
                ("first_failed_at", models.DateTimeField(auto_now_add=True)),
                ("changed_at", models.DateTimeField(auto_now=True)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "待补的索引更新",
                "verbose_name_plural": "待补的索引更新",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("backend", "content_type", "object_id"),
                        name="one_pending_change_per_object",
                    )
                ],
            },
        ),
    ]
