"""An index on wagtailcore_page (depth, path), which Wagtail leaves unindexed.

Every admin page looks up the tree's root (depth 1) for the "Pages" menu; without an index
PostgreSQL reads all pages for it: 40-70 ms a staff page at 200,000 pages (bench/page_times.py
--preset staff on bench/load.py's scale dataset).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_page_url_path_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS linli_page_depth ON wagtailcore_page (depth, path)",
            reverse_sql="DROP INDEX IF EXISTS linli_page_depth",
            elidable=False,
        )
    ]
