"""Find a resident's station from what they type: a compound name, part of it, or an address.

Works the same on every database: the names are matched in Python by search.names, the code
the site search uses too, so the finder and the site search agree. Chinese input is matched by
substring, by characters in order, and by pinyin so that a homophone typed by a pinyin keyboard
(玉华园 for 裕华园) still finds the right station; latin input by a whole name's pinyin or
initials (yuhuayuan, yhy).
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.chinese import fold
from search.memo import Memo
from search.names import NameEntry, NameIndex, core_terms

from .models import UnitPage

__all__ = ["MAX_QUERY", "StationMatch", "clear_cache", "core_terms", "find_units", "match_station"]

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


# A runner-up within this share of the best score is as likely the resident's station.
AMBIGUOUS_SHARE = 0.85
# Below this, the best station shares only part of the name (学府里 for 幸福里): a candidate
# for whoever assigns the report, not a match. A same-sounding typo (玉华园) scores 0.95.
SURE_SCORE = 0.9
# More stations than this fit equally well: the text names none of them (邻里之家, 花园小区).
MAX_CANDIDATES = 4


@dataclass(frozen=True)
class StationMatch:
    """Where a report's compound or address text leads: one station, several that fit
    equally well (`candidates`, best first), or none."""

    unit_id: int | None = None
    candidates: tuple = ()

    @property
    def status(self):
        if self.unit_id is not None:
            return "matched"
        return "ambiguous" if self.candidates else "unmatched"


def match_station(text, locale_id=None):
    """The station that a compound name or address as residents write it belongs to, with the
    finder's matching (partial names, homophone typos, building numbers ignored), Traditional
    characters read as Simplified. Ambiguous when another station scores nearly as well, or
    when the best one shares only part of the name."""
    text = fold((text or "")[:MAX_QUERY])
    ranked = find_units(text, locale_id=locale_id, limit=MAX_CANDIDATES + 1)
    if not ranked:
        return StationMatch()
    best = ranked[0][1]
    close = tuple(unit_id for unit_id, score in ranked if score >= best * AMBIGUOUS_SHARE)
    if len(close) > MAX_CANDIDATES:
        return StationMatch()
    if len(close) == 1 and best >= SURE_SCORE:
        return StationMatch(unit_id=close[0])
    return StationMatch(candidates=close)


def connect():
    """Rebuild the index in every process when stations or who may see them change."""
    for signal in (page_published, page_unpublished, post_delete, post_page_move):
        signal.connect(clear_cache, sender=UnitPage, dispatch_uid=f"finder-{id(signal)}")
    for signal in (post_save, post_delete):
        signal.connect(
            clear_cache, sender=PageViewRestriction, dispatch_uid=f"finder-restriction-{id(signal)}"
        )
