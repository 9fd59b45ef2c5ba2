"""Which language copy counts, and the English tree that mirrors the Chinese one.

**The one locale rule.** Simplified Chinese (settings.LANGUAGE_CODE) is the source language.
Every page exists once per language, but only the source copy is the record: reports and
ratings point at it, statistics count it, imports and exports read it. Code asks for it in
one of three ways, never by spelling the language code itself:

- ``Model.objects.source()`` (pages whose manager is built on ``SourceQuerySetMixin``) or
  ``queryset.filter(source_tree())``: the source copies only;
- ``page.source_pk`` / ``page.source_page`` (``SourcePageMixin``): the source copy of the page
  a visitor is reading, whichever language that is;
- ``source_locale()``: the Locale object itself.

**The English tree mirrors the Chinese one**, the wagtail-localize way. The English locale has
a "sync from 简体中文" setting (wagtail-localize's LocaleSynchronization): saving it gives every
Chinese page an English alias, and wagtail-localize's `after_create_page` hook gives one to
each page created in the admin afterwards (a notice posted by station staff, say). An alias
shows the Chinese content, and follows it on every publish, until an editor translates the
page. Code that creates pages outside the admin (the demo, the roster import) calls
`enable_sync` or `add_to_synced_trees` itself; `manage.py sync_locale_trees` fills the gaps.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import get_language
from wagtail.models import Locale, PageManager
from wagtail.query import PageQuerySet
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from .visibility import VisibleQuerySetMixin


def source_language():
    return settings.LANGUAGE_CODE


def source_locale():
    """The Locale of the source language (one query)."""
    return Locale.objects.get(language_code=source_language())


def active_locale():
    """The Locale of the request's language, or the source locale if it has none."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return source_locale()


def source_tree(prefix=""):
    """A filter for pages (or `limit_choices_to` of a foreign key to pages): source copies.
    `prefix` reaches the page through a relation, e.g. "page__"."""
    return Q(**{f"{prefix}locale__language_code": source_language()})


def reading_source_language():
    """Whether the current request reads the source-language tree."""
    return (get_language() or source_language()) == source_language()


class SourceQuerySetMixin:
    def source(self):
        """Only the source-language copies."""
        return self.filter(source_tree())


class SourcePageQuerySet(SourceQuerySetMixin, VisibleQuerySetMixin, PageQuerySet):
    pass


SourcePageManager = PageManager.from_queryset(SourcePageQuerySet)


class SourcePageMixin:
    """For page models whose figures and records belong to the source copy."""

    @cached_property
    def source_pk(self):
        """The pk of this page's source-language copy (no query on the Chinese tree or for
        an alias)."""
        if self.alias_of_id:
            return self.alias_of_id
        if self.locale_id and reading_source_language():
            return self.pk
        source = self.get_translations(inclusive=True).filter(source_tree())
        return source.values_list("pk", flat=True).first() or self.pk

    @cached_property
    def source_page(self):
        if self.source_pk == self.pk:
            return self
        return type(self).objects.get(pk=self.source_pk)


def enable_sync(language_code="en"):
    """Make the `language_code` tree follow the source locale's, then bring it up to date."""
    source = source_locale()
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


def localized(pages):
    """{pk: the page's copy in the request's language (a translation or an alias), or the page
    itself where it has none}, in one query: links on an English page stay in the English tree."""
    pages = list(pages)
    language = get_language() or source_language()
    locale_id = locale_id_for(language)
    if locale_id is None or all(page.locale_id == locale_id for page in pages):
        return {page.pk: page for page in pages}
    model = type(pages[0])
    keys = {page.translation_key for page in pages}
    copies = model.objects.live().filter(locale_id=locale_id, translation_key__in=keys)
    by_key = {copy.translation_key: copy for copy in copies}
    return {page.pk: by_key.get(page.translation_key, page) for page in pages}


_LOCALE_CODES = {}


def locale_code(locale_id):
    """The language code of a Locale id. Locales are created once and never change code:
    no query per page view."""
    if locale_id not in _LOCALE_CODES:
        _LOCALE_CODES.update(Locale.objects.values_list("id", "language_code"))
    return _LOCALE_CODES.get(locale_id)


def content_language(page):
    """The language a page's text is in: an alias shows its source's text (in this site, the
    source language); any other page its own locale's."""
    return source_language() if page.alias_of_id else locale_code(page.locale_id)


def locale_id_for(language_code):
    """The id of the Locale of a language code, or None (no query after the first)."""
    if language_code not in _LOCALE_CODES.values():
        _LOCALE_CODES.update(Locale.objects.values_list("id", "language_code"))
    return next((pk for pk, code in _LOCALE_CODES.items() if code == language_code), None)
