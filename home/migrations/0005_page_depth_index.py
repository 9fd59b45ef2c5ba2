"""An index on wagtailcore_page.depth, which Wagtail leaves unindexed.

Every admin page looks up the tree's root (depth 1) for the "Pages" menu; without an index
PostgreSQL reads all pages for it: 40-70 ms a staff page at 200,000 pages (bench/page_times.py
--preset staff on bench/load.py's scale dataset).
"""

from django.db import migrations

INDEX = "linli_page_depth"


def create(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_page_url_path_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
