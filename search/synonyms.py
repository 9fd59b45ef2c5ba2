"""The editors' synonym list (search.models.SynonymGroup), ready for matching queries.

Applied at query time, identically for every backend: a query word that is in a group becomes
"this word or any other of the group" (search/planning.py). Chinese terms are found inside a run
of characters by longest match; latin terms (English names) as whole words.
"""

from dataclasses import dataclass

from .chinese import fold, stem
from .memo import Memo
from .models import SynonymGroup


@dataclass(frozen=True)
class Group:
    terms: tuple  # folded; English words stemmed

    def others(self, term):
        return tuple(t for t in self.terms if t != term)


def _fold_term(term):
    term = fold(term)
    if term.isascii():
        return " ".join(stem(word) for word in term.replace("-", " ").split())
    return term


class Synonyms:
    def __init__(self, groups):
        self.groups = [Group(tuple(dict.fromkeys(map(_fold_term, g)))) for g in groups]
        self._cjk = {}
        self._latin = {}
        for group in self.groups:
            for term in group.terms:
                if term.isascii():
                    self._latin.setdefault(tuple(term.split()), group)
                else:
                    self._cjk.setdefault(term, group)
        self._longest_cjk = max(map(len, self._cjk), default=0)
        self._longest_latin = max(map(len, self._latin), default=0)

    def in_run(self, run):
        """[(start, end, term, Group)] for the synonym terms in a run of Chinese characters,
        longest first, not overlapping."""
        found, i = [], 0
        while i < len(run):
            for length in range(min(self._longest_cjk, len(run) - i), 1, -1):
                term = run[i : i + length]
                if term in self._cjk:
                    found.append((i, i + length, term, self._cjk[term]))
                    i += length
                    break
            else:
                i += 1
        return found

    def in_words(self, words):
        """[(start, end, term, Group)] for the synonym phrases in a list of latin words."""
        found, i = [], 0
        while i < len(words):
            for length in range(min(self._longest_latin, len(words) - i), 0, -1):
                phrase = tuple(words[i : i + length])
                if phrase in self._latin:
                    found.append((i, i + length, " ".join(phrase), self._latin[phrase]))
                    i += length
                    break
            else:
                i += 1
        return found


def _build():
    return Synonyms(group.term_list() for group in SynonymGroup.objects.all())


_synonyms = Memo("synonyms", _build)


def current():
    return _synonyms.get()


def clear_cache(**kwargs):
    _synonyms.invalidate()
