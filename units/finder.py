"""Find a resident's station from what they type: a compound name, part of it, or an address.

Works the same on every database: the few thousand names are scored in Python. Chinese
input is matched by substring, by characters in order, and by pinyin so that a homophone
typed by a pinyin keyboard (玉华园 for 裕华园) still finds the right station.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from core.cache import generation_cached

from .models import UnitPage

CACHE_KEY = "finder:index:v2"
MAX_QUERY = 60
# Building, unit and room numbers do not help to find the station.
_NOISE = re.compile(
    r"(\d+|[一二三四五六七八九十百]+)\s*(号楼|号院|栋|幢|号|单元|层|楼|室|门)|\d+|[^\w\u4e00-\u9fff]+"
)
_GENERIC = ("邻里之家", "服务站", "小区", "社区", "片区", "家园", "花园")


@dataclass(frozen=True)
class Entry:
    unit_id: int
    locale_id: int
    text: str
    weight: float
    pinyin: tuple


def normalise(text):
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def core_terms(query):
    """The meaningful pieces of a query: '东方小区 2号楼' → ['东方小区']."""
    text = _NOISE.sub(" ", normalise(query))
    return [t for t in text.split() if t]


@lru_cache(maxsize=50_000)
def _pinyin(text):
    return tuple(s for s in lazy_pinyin(text) if s.strip() and s.isalpha())


def build_entries():
    units = UnitPage.objects.live().prefetch_related("compounds")
    entries = []
    for unit in units.only("id", "title", "address", "locale_id"):
        texts = [(unit.title, 1.0), (unit.address, 0.8)]
        texts += [(c.name, 1.0) for c in unit.compounds.all()]
        for text, weight in texts:
            text = normalise(text)
            if text:
                entries.append(Entry(unit.pk, unit.locale_id, text, weight, _pinyin(text)))
    return entries


def get_entries():
    """The index of every live station's names (core.cache: kept until a page changes)."""
    return generation_cached(CACHE_KEY, build_entries)


def _common_run(needle, haystack):
    """Length of the longest run of needle's items that appears unbroken in haystack."""
    best = 0
    for start in range(len(needle)):
        for end in range(len(needle), start + best, -1):
            if _contains(haystack, needle[start:end]):
                best = end - start
                break
    return best


def _contains(haystack, part):
    if isinstance(haystack, str):
        return part in haystack
    n = len(part)
    return any(tuple(haystack[i : i + n]) == tuple(part) for i in range(len(haystack) - n + 1))


def _strip_generic(term):
    for word in _GENERIC:
        if term.endswith(word) and len(term) > len(word):
            return term[: -len(word)]
    return term


def score_term(term, entry):
    if term in entry.text:
        # A whole-word hit; shorter texts (closer matches) first.
        return 2.0 + len(term) / len(entry.text)
    core = _strip_generic(term)
    if len(core) >= 2 and core in entry.text:
        return 1.5 + len(core) / len(entry.text)
    chars = _common_run(core, entry.text) / len(core)
    syllables = _pinyin(core)
    sounds = _common_run(syllables, entry.pinyin) / len(syllables) if syllables else 0.0
    best = max(chars, sounds * 0.95)
    # One character in common is chance; ask for most of the query.
    return best if best >= 0.6 and len(core) >= 2 else 0.0


def find_units(query, locale_id=None, limit=10):
    """[(unit_id, score)] best first. Empty if nothing is close enough."""
    terms = core_terms(query)[:5]
    if not terms:
        return []
    scores = {}
    for entry in get_entries():
        if locale_id is not None and entry.locale_id != locale_id:
            continue
        total = 0.0
        for term in terms:
            total += score_term(term, entry) * entry.weight
        if total > scores.get(entry.unit_id, 0.0):
            scores[entry.unit_id] = total
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    return [(unit_id, score) for unit_id, score in ranked if score > 0][:limit]
