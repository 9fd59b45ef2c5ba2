"""An index on live pages' titles, for the site search's "N more stations posted the same
notice" count: identical notices share a title, and at Tianjin scale (200,000 notices) counting
them without an index read every page (150 ms on SQLite)."""

from django.db import migrations

INDEX = "linli_page_live_title"


def create(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page "
            "(title, locale_id, content_type_id) WHERE live"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_synonyms"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
