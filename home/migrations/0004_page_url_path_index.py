"""An index on wagtailcore_page.url_path, which Wagtail leaves unindexed.

home/routing.py finds the page for a URL by its url_path in one query; without an index that
query reads every page (28 ms at 200,000 pages on PostgreSQL, bench/load.py's scale dataset).
"""

from django.db import migrations

INDEX = "linli_page_url_path"


def create(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_english_locale"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
