"""Find a resident's station from what they type: a compound name, part of it, or an address.

Works the same on every database: the names are matched in Python by search.names, the code
the site search uses too, so the finder and the site search agree. Chinese input is matched by
substring, by characters in order, and by pinyin so that a homophone typed by a pinyin keyboard
(玉华园 for 裕华园) still finds the right station; latin input by a whole name's pinyin or
initials (yuhuayuan, yhy).
"""

from search.memo import Memo
from search.names import NameEntry, NameIndex, core_terms

from .models import UnitPage

__all__ = ["MAX_QUERY", "clear_cache", "core_terms", "find_units"]

MAX_QUERY = 60


def build_index():
    names = UnitPage.search_names(UnitPage.objects.visible())
    return NameIndex(
        NameEntry.make(pk, locale_id, text, weight) for pk, locale_id, text, weight in names
    )


_index = Memo("finder", build_index)


def clear_cache(**kwargs):
    _index.invalidate()


def find_units(query, locale_id=None, limit=10):
    """[(unit_id, score)] best first. Empty if nothing is close enough."""
    return _index.get().find(query, locale_id=locale_id, limit=limit)
