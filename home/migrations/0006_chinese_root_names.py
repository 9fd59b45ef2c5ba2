"""Wagtail creates the page tree's root page and the root collection named "Root"; staff see
both in the admin (page chooser, collection lists), so they get Chinese names."""

from django.db import migrations

NAMES = {"page": ("Root", "根页面"), "collection": ("Root", "根文件夹")}


def chinese_names(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    english, chinese = NAMES["page"]
    Page.objects.filter(depth=1, title=english).update(title=chinese, draft_title=chinese)
    english, chinese = NAMES["collection"]
    Collection.objects.filter(depth=1, name=english).update(name=chinese)


def english_names(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    english, chinese = NAMES["page"]
    Page.objects.filter(depth=1, title=chinese).update(title=english, draft_title=english)
    english, chinese = NAMES["collection"]
    Collection.objects.filter(depth=1, name=chinese).update(name=english)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_page_depth_index"),
        ("wagtailcore", "0025_collection_initial_data"),
    ]

    operations = [migrations.RunPython(chinese_names, english_names)]
