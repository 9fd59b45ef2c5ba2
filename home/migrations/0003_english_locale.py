from django.db import migrations


def create_english_locale(apps, schema_editor):
    """English exists from the start and follows the Chinese tree (wagtail-localize "sync from"),
    so every Chinese page has an English alias until someone translates it."""
    Locale = apps.get_model("wagtailcore.Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize.LocaleSynchronization")
    chinese = Locale.objects.filter(language_code="zh-hans").first()
    english, _ = Locale.objects.get_or_create(language_code="en")
    if chinese:
        LocaleSynchronization.objects.get_or_create(locale=english, defaults={"sync_from": chinese})


def remove_english_locale(apps, schema_editor):
    apps.get_model("wagtail_localize.LocaleSynchronization").objects.filter(
        locale__language_code="en"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_english_locale, remove_english_locale)]
