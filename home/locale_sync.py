"""The English tree mirrors the Chinese one, the wagtail-localize way.

The English locale has a "sync from 简体中文" setting (wagtail-localize's LocaleSynchronization):
saving it gives every Chinese page an English alias, and wagtail-localize's `after_create_page`
hook gives one to each page created in the admin afterwards (a notice posted by station
staff, say). An alias shows the Chinese content, and follows it on every publish, until an
editor translates the page. Code that creates pages outside the admin (the demo, the roster
import) calls `enable_sync` or `add_to_synced_trees` itself; `manage.py sync_locale_trees`
fills the gaps for the whole site.
"""

from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree


def enable_sync(language_code="en"):
    """Make the `language_code` tree follow the default locale's, then bring it up to date."""
    source = Locale.get_default()
    target, _created = Locale.objects.get_or_create(language_code=language_code)
    sync, created = LocaleSynchronization.objects.get_or_create(
        locale=target, defaults={"sync_from": source}
    )
    if not created:  # a new setting has just synchronised the tree (its post_save signal)
        synchronize_tree(sync.sync_from, sync.locale)
    return target


def add_to_synced_trees(page):
    """An alias of a new page (and of its untranslated parents) in each locale that syncs
    from the page's locale, as the admin's after_create_page hook makes."""
    syncs = LocaleSynchronization.objects.filter(sync_from_id=page.locale_id)
    for sync in syncs.select_related("locale"):
        if not page.get_translations().filter(locale=sync.locale).exists():
            page.copy_for_translation(sync.locale, copy_parents=True, alias=True)
