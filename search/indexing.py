"""Index a model's text as Chinese-searchable tokens (see search/chinese.py).

`ChineseSearchable` is a mixin for indexed models: it leaves `search_fields` as declared but
hands the backends fields whose values pass through `index_text()`, plus a type marker
(`type_marker`, see search/retrieval/database.py). Field names (and so the
Elasticsearch mapping, the `fields=` argument and the title boost) are unchanged. In the
database backends only fields named "title" go into the weighted title column, which is why the
title itself is tokenised rather than copied into an extra callable field.
"""

import hashlib

from modelsearch import index

from .chinese import index_text


def type_marker(model):
    """A token that only pages of `model` hold (in the autocomplete column), so that a SQLite
    FTS5 statement can ask for "stations that say 通知" without walking the 200,000 notices that
    say it too: FTS5 intersects with the marker's short list. Two CJK Extension C characters,
    which no query produces: latin words would match admin autocomplete prefixes."""
    digest = hashlib.sha1(model._meta.label_lower.encode()).digest()
    return "".join(chr(0x2A700 + byte) for byte in digest[:2])


class TypeMarkerField(index.AutocompleteField):
    def __init__(self):
        super().__init__("search_type_marker")

    def get_definition_model(self, cls):
        return cls


def _tokenised(value):
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = " ".join(str(item) for item in value if item is not None)
    return index_text(str(value))


class ChineseSearchField(index.SearchField):
    def get_value(self, obj):
        return _tokenised(super().get_value(obj))


class ChineseAutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        return _tokenised(super().get_value(obj))


def chinese_field(field):
    """The Chinese-tokenising counterpart of a search_fields entry (filters are left alone)."""
    if isinstance(field, ChineseSearchField | ChineseAutocompleteField):
        return field
    if isinstance(field, index.SearchField):
        return ChineseSearchField(field.field_name, boost=field.boost, **field.kwargs)
    if isinstance(field, index.AutocompleteField):
        return ChineseAutocompleteField(field.field_name, **field.kwargs)
    if isinstance(field, index.RelatedFields):
        return index.RelatedFields(field.field_name, [chinese_field(f) for f in field.fields])
    return field


class ChineseSearchable:
    """Mixin for page (or other indexed) models: put it before `Page` in the bases."""

    def search_type_marker(self):
        return type_marker(type(self))

    @classmethod
    def get_search_fields(cls):
        return [chinese_field(field) for field in super().get_search_fields()] + [TypeMarkerField()]
