"""PostgreSQL: an index on the searched expression for the page types with few pages.

The site search asks stations, departments and handbook chapters (about 2,100 rows at Tianjin
scale) in one statement that includes common words (通知, 邻里之家), since those name stations.
Through the whole-table index a common word's posting list covers the 200,000 notices, so the
planner instead read every few-page row and built `title || body` for each: 30–45 ms a query.
This partial index leaves out the types listed in SEARCH_LARGE_TYPES (notices); PostgreSQL
proves that a statement's `content_type_id IN (…)` implies the index's condition and reads the
short posting lists instead (0.4 ms). Statements over notices keep the whole-table index.
"""

from django.conf import settings
from django.db import migrations

INDEX = "linli_indexentry_few_types_gin"
LARGE_TYPES = ("units.noticepage",)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    ids = []
    for label in getattr(settings, "SEARCH_LARGE_TYPES", LARGE_TYPES):
        app_label, model = label.lower().split(".")
        # Created here if the app's own content types are not yet (a fresh database): Django's
        # post-migrate step then finds it.
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        ids.append(content_type.pk)
    condition = " AND ".join(f"content_type_id <> {int(pk)}" for pk in ids) or "true"
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON wagtailsearch_indexentry USING gin ((title || body)) "
        f"WHERE {condition}"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0005_pendingindexchange"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
