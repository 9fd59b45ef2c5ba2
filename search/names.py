"""Names residents type: station, compound, community and department names, matched by their
characters, by pinyin (full or initials) and by same-sounding characters.

Pure text, no models: the station finder (units/finder.py) and the site search
(search/planning.py) both match with `NameIndex`, so a name finds the same station in both.

- `NameIndex.find(query)` — what the finder asks: which names is the query a (partial,
  misspelt, same-sounding) form of? "玉华园" → 裕华园, "御景" → 御景园.
- `NameIndex.mentions(query)` — what the site search asks: which names does a longer query
  mention? "玉华园停水怎么办" mentions 裕华园 (and says which characters to correct),
  "yuhuayuan" and "yhy" mention 裕华园 by its pinyin and initials.

Latin input matches a whole name's pinyin or initials ("yujingyuan", "yjy"), never a fragment
("yujing"): fragments of pinyin match too many names to be useful.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import lazy_pinyin

from .chinese import fold

# Building, unit and room numbers do not help to find the station.
NOISE = re.compile(
    r"(\d+|[一二三四五六七八九十百]+)\s*(号楼|号院|栋|幢|号|单元|层|楼|室|门)|\d+|[^\w\u4e00-\u9fff]+"
)
GENERIC = ("邻里之家", "服务站", "小区", "社区", "片区", "家园", "花园")
# Suffixes that a mention of a name may leave out ("海馨园" for 海馨园邻里之家, "民政" for 民政局).
_MENTION_SUFFIXES = (
    "邻里之家",
    "平房片区",
    "服务站",
    "委员会",
    "小区",
    "社区",
    "片区",
    "分局",
    "局",
)
_PINYIN_SUFFIXES = ("linlizhijia", "xiaoqu", "shequ", "pianqu", "fuwuzhan")
_LATIN_RUN = re.compile(r"[a-z]+(?:\s+[a-z]+)*")
MAX_SOUNDED = 10  # longer texts (addresses) are matched by their characters only
# A query is scored by this much of its first few terms: no compound name is longer, and a
# query of 60 characters then costs what a short one does (bench/finder_cost.py).
MAX_TERMS = 3
MAX_TERM = 12


def normalise(text):
    return fold(text).strip()


def core_terms(query):
    """The meaningful pieces of a query: '东方小区 2号楼' → ['东方小区']."""
    text = NOISE.sub(" ", normalise(query))
    return [t for t in text.split() if t]


@lru_cache(maxsize=20000)
def _char_pinyin(char):
    syllable = lazy_pinyin(char)[0]
    return syllable if syllable.isascii() and syllable.isalpha() else ""


def syllables(text):
    """One toneless syllable per Chinese character; other characters are skipped. Each
    character is read on its own (its most common reading), the same way for names and queries."""
    return tuple(s for s in map(_char_pinyin, text) if s)


def initials(sounds):
    return "".join(s[0] for s in sounds)


def strip_generic(term):
    for word in GENERIC:
        if term.endswith(word) and len(term) > len(word):
            return term[: -len(word)]
    return term


def mention_core(name):
    """The shortest form of a name that still names it: 海馨园邻里之家 → 海馨园."""
    for suffix in _MENTION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class NameEntry:
    """One name of a page: `key` is the page's id, `weight` how much the name counts (a title
    1.0, an address 0.8…). `core` is the name without a generic suffix."""

    key: int
    locale_id: int
    text: str
    weight: float
    pinyin: tuple = field(default=())
    core: str = ""
    core_pinyin: tuple = field(default=())

    @classmethod
    def make(cls, key, locale_id, text, weight=1.0):
        text = normalise(text)
        core = mention_core(text)
        # Sounds only for names: an address or a long community title is typed by its
        # characters, and reading it costs most of the index's building time.
        return cls(
            key,
            locale_id,
            text,
            weight,
            syllables(text) if len(text) <= MAX_SOUNDED else (),
            core,
            syllables(core) if len(core) <= MAX_SOUNDED else (),
        )


def _common_run(needle, haystack):
    """Length of the longest run of needle's items that appears unbroken in haystack."""
    best = 0
    previous = [0] * (len(haystack) + 1)
    for item in needle:
        current = [0]
        for j, other in enumerate(haystack):
            run = previous[j] + 1 if item == other else 0
            current.append(run)
            if run > best:
                best = run
        previous = current
    return best


def _find_run(haystack, part):
    """Start of the first occurrence of the tuple `part` in the tuple `haystack`, or -1."""
    n = len(part)
    for i in range(len(haystack) - n + 1):
        if haystack[i : i + n] == part:
            return i
    return -1


def score_term(term, entry):
    """How well one query term names the entry: above 2 if the name contains it, down to 0.6
    for most of it in the same characters or sounds; 0 if it is not this name."""
    if term in entry.text:
        # A whole-word hit; shorter texts (closer matches) first.
        return 2.0 + len(term) / len(entry.text)
    core = strip_generic(term)
    if len(core) >= 2 and core in entry.text:
        return 1.5 + len(core) / len(entry.text)
    chars = _common_run(core, entry.text) / len(core)
    sounds_of_core = syllables(core)
    sounds = (
        _common_run(sounds_of_core, entry.pinyin) / len(sounds_of_core) if sounds_of_core else 0.0
    )
    best = max(chars, sounds * 0.95)
    # One character in common is chance; ask for most of the query.
    return best if best >= 0.6 and len(core) >= 2 else 0.0


def _latin_keys(word):
    """The pinyin forms a latin word may be: as typed, and without a generic suffix."""
    keys = {word}
    for suffix in _PINYIN_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            keys.add(word[: -len(suffix)])
    return keys


@dataclass(frozen=True)
class Mention:
    """A name found in a query. `span` is the part of the query (as folded) that named it and
    `how` says how: "name" (its characters), "sound" (same-sounding characters), "pinyin" or
    "initials". `replacement` is the name's own spelling of the span, for correcting typos."""

    entry: NameEntry
    score: float
    how: str
    span: str
    replacement: str


class NameIndex:
    """Names with lookup tables, so that a query is compared with the few names that share a
    character or a syllable (pair) with it, not with every name in the district."""

    def __init__(self, entries):
        self.entries = list(entries)
        self._by_chars, self._by_sounds = {}, {}
        self._by_core_chars, self._by_core_sounds = {}, {}
        self._by_pinyin, self._by_initials = {}, {}
        for number, entry in enumerate(self.entries):
            for gram in _grams(entry.text):
                self._by_chars.setdefault(gram, set()).add(number)
            for gram in _grams(entry.pinyin):
                self._by_sounds.setdefault(gram, set()).add(number)
            for gram in _grams(entry.core):
                self._by_core_chars.setdefault(gram, set()).add(number)
            for gram in _grams(entry.core_pinyin):
                self._by_core_sounds.setdefault(gram, set()).add(number)
            for sounds in {entry.pinyin, entry.core_pinyin}:
                if len(sounds) >= 2:
                    self._by_pinyin.setdefault("".join(sounds), set()).add(number)
                    self._by_initials.setdefault(initials(sounds), set()).add(number)

    def __len__(self):
        return len(self.entries)

    def _in_locale(self, numbers, locale_id):
        if locale_id is None:
            return numbers
        return {n for n in numbers if self.entries[n].locale_id == locale_id}

    def _candidates(self, term):
        """Every entry that score_term() can score above 0. A score needs a run of characters
        (or syllables) in common of ceil(0.6 × the core's length), which shares one pair fewer
        than that with the entry: only entries sharing that many pairs are scored. One
        character is looked for in every name."""
        core = strip_generic(term)
        if len(term) < 2 or len(core) < 2:
            return {n for n, entry in enumerate(self.entries) if term in entry.text}
        found = _sharing(self._by_chars, _grams(term), math.ceil(0.6 * len(core)) - 1)
        sounds = syllables(core)
        if len(sounds) >= 2:
            needed = math.ceil(0.6 / 0.95 * len(sounds)) - 1
            found |= _sharing(self._by_sounds, _grams(sounds), needed)
        return found

    def find(self, query, locale_id=None, limit=10, most=None):
        """[(key, score)] best first for a query that is (a form of) one name, as the station
        finder asks. Each name scores the sum over the query's terms; a page its best name.
        Empty if nothing is close enough, or if a term could be more than `most` names (a
        generic word such as 邻里之家 names nothing in particular)."""
        totals = {}
        for term in [term[:MAX_TERM] for term in core_terms(query)[:MAX_TERMS]]:
            latin = self._latin(term, locale_id)
            candidates = self._candidates(term)
            if most is not None and len(candidates) > most:
                return []
            for number in self._in_locale(set(latin) | candidates, locale_id):
                entry = self.entries[number]
                score = latin.get(number) or score_term(term, entry)
                if score:
                    totals[number] = totals.get(number, 0.0) + score * entry.weight
        scores = {}
        for number in sorted(totals):  # entry order breaks ties, as the names were given
            key = self.entries[number].key
            if totals[number] > scores.get(key, 0.0):
                scores[key] = totals[number]
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        return ranked[:limit]

    def _latin(self, word, locale_id):
        """{entry number: score} for a latin word that is a whole name's pinyin or initials."""
        if not word.isascii() or not word.isalpha() or len(word) < 2:
            return {}
        found = {}
        for key in _latin_keys(word):
            for number in self._by_pinyin.get(key, ()):
                found[number] = 2.5
            if len(key) <= 6:
                for number in self._by_initials.get(key, ()):
                    found.setdefault(number, 1.2)
        return {n: found[n] for n in self._in_locale(set(found), locale_id)}

    def mentions(self, query, locale_id=None):
        """[Mention] of the names a (longer) query mentions, best first; one per key."""
        text = normalise(query)
        best = {}
        found = []
        for run in _LATIN_RUN.findall(text):
            words = run.split()
            for word in {*words, "".join(words)}:
                for number, score in self._latin(word, locale_id).items():
                    entry = self.entries[number]
                    how = "pinyin" if score > 2 else "initials"
                    found.append(Mention(entry, score * entry.weight, how, word, entry.core))
        for run in re.findall(r"[\u3400-\u9fff]+", text):
            found.extend(self._run_mentions(run, locale_id))
        for mention in found:
            key = mention.entry.key
            if key not in best or mention.score > best[key].score:
                best[key] = mention
        return sorted(best.values(), key=lambda m: (-m.score, m.entry.key))

    def _run_mentions(self, run, locale_id):
        chars, sounds = set(), set()
        for gram in _grams(run):
            chars |= self._by_core_chars.get(gram, set())
        run_sounds = syllables(run)
        for gram in _grams(run_sounds):
            sounds |= self._by_core_sounds.get(gram, set())
        found, exact_spans, exact = [], [], set()
        for number in sorted(self._in_locale(chars, locale_id)):
            entry = self.entries[number]
            for name in (entry.text, entry.core):
                if len(name) >= 2 and name in run:
                    score = (2.0 + len(name) / len(run)) * entry.weight
                    found.append(Mention(entry, score, "name", name, name))
                    exact_spans.append(name)
                    exact.add(number)
                    break
        for number in sorted(self._in_locale(sounds - exact, locale_id)):
            entry = self.entries[number]
            core_sounds = entry.core_pinyin
            if len(core_sounds) < 3 or len(core_sounds) != len(entry.core):
                continue
            if len(run_sounds) != len(run):  # a character without a reading: no positions
                continue
            start = _find_run(run_sounds, core_sounds)
            if start < 0:
                continue
            span = run[start : start + len(core_sounds)]
            if any(span in exact for exact in exact_spans):
                continue  # a name written right covers it (a shorter one inside does not)
            # Same sounds, other characters: a pinyin keyboard's wrong choice.
            score = (1.6 + len(span) / len(run)) * entry.weight
            found.append(Mention(entry, score, "sound", span, entry.core))
        return found


def _grams(items):
    return {items[i : i + 2] for i in range(len(items) - 1)}


def _sharing(table, grams, needed):
    """Entry numbers listed under at least `needed` (at least 1) of `grams` in `table`."""
    counts = Counter()
    for gram in grams:
        counts.update(table.get(gram, ()))
    needed = max(needed, 1)
    return {number for number, count in counts.items() if count >= needed}
