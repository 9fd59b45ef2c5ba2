"""One ranking for every backend: rare, telling words count; question filler does not.

Each concept of the plan (search/planning.py) weighs the IDF of its rarest term, from the
document frequencies the backend reports (search/retrieval), so 裕华园 outweighs 小区 and
邻里之家; a name or a word of the synonym list weighs twice as much.
A page scores, for each concept, the share of that weight it holds (in the title fully, in the
body a little less; a synonym a little less than the word typed). Then:

1. pages holding every telling concept come before pages holding only some ("full" before
   "partial"); both are always searched. A concept found in more than COMMON_SHARE of all pages
   (邻里之家, 通知) adds to the score but is not needed for a full match;
2. within each, by score, with a bonus for the pages the query names (search/names.py) and a
   preference for the kind of page a question asks for ("找谁" → a department);
3. ties go to departments, stations, handbook, notices in that order, then to the newest page.
"""

import math
from dataclasses import dataclass, field

from .questions import HOW, WHEN, WHERE, WHO

COMMON_SHARE = 0.3
SYNONYM_FACTOR = 0.85
# Words in the editors' synonym list and names of places and departments are what residents
# ask about; a word outside them (孩子, 条件, 门口) is as likely to be how they said it.
KNOWN_FACTOR = 2.0
BODY_FACTOR = 0.6
# A page the query names gains up to this share of the concepts' total weight.
NAME_SHARE = 0.8
INTENT_BOOST = {
    WHO: {"department": 1.5, "station": 1.1},
    WHERE: {"station": 1.25, "department": 1.2},
    HOW: {"handbook": 1.15, "department": 1.15, "notice": 1.1},
    WHEN: {"notice": 1.25},
}
TYPE_ORDER = {"department": 0, "station": 1, "handbook": 2, "notice": 3}


def idf(df, n):
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@dataclass
class WeightedConcept:
    text: str
    alternatives: list  # [(terms, factor)]
    weight: float
    common: bool


@dataclass
class Hit:
    page_id: int
    content_type_id: int
    path: str
    score: float
    full: bool
    type_key: str = ""
    name: str = ""  # how the query named this page, if it did
    matched: set = field(default_factory=set)  # terms the page holds
    title: str = ""


def _chains(terms, frequencies):
    """A free run's pairs of characters split where a pair occurs on no page: "小区桥牌" has
    小区, 区桥, 桥牌 and no page says 区桥, so it asks about 小区 and 桥牌, two things."""
    chains, chain = [], []
    for term in terms:
        if frequencies.get(term, 0) > 0:
            chain.append(term)
        elif chain:
            chains.append(tuple(chain))
            chain = []
    if chain:
        chains.append(tuple(chain))
    return chains


def weigh(plan, frequencies, n):
    """The plan's concepts with weights, most telling first. A free run of words is split into
    the chains of its terms that occur on some page; a name or synonym alternative with a term
    no page holds is left out whole; so is a concept left with nothing."""
    n = max(n, 1)
    weighted = []
    for concept in plan.concepts:
        if concept.kind == "word":
            groups = [[(chain, 1.0)] for chain in _chains(concept.alternatives[0], frequencies)]
        else:
            alternatives = []
            # When the word typed is on no page, the site says it another way: the synonyms
            # then stand for it in full.
            typed_found = all(frequencies.get(t, 0) > 0 for t in concept.alternatives[0])
            for number, terms in enumerate(concept.alternatives):
                if any(frequencies.get(t, 0) == 0 for t in terms) or terms in (
                    a for a, _f in alternatives
                ):
                    continue
                synonym = number and concept.kind == "synonym" and typed_found
                alternatives.append((terms, SYNONYM_FACTOR if synonym else 1.0))
            groups = [alternatives] if alternatives else []
        for alternatives in groups:
            # A word is at least as rare as its rarest pair of characters: that pair's IDF is
            # the word's weight, whatever the word's length.
            weight = max(
                max(idf(frequencies[t], n) for t in terms) * f for terms, f in alternatives
            )
            # A word that is common in any of its forms (邻里之家 / 服务站) does not tell.
            common = any(
                min(frequencies[t] for t in terms) > COMMON_SHARE * n for terms, _f in alternatives
            )
            weighted.append(WeightedConcept(concept.text, alternatives, weight, common))
    weighted.sort(key=lambda concept: -concept.weight)
    if weighted and all(concept.common for concept in weighted):
        weighted[0].common = False  # only common words: the least common must still match
    return weighted


def _concept_score(alternatives, candidate):
    """(share of the concept held, whether one alternative is held whole); `alternatives` are
    [(((term, idf)…), total idf, factor)]."""
    best, whole = 0.0, False
    title, anywhere = candidate.title_terms, candidate.terms
    for weighted_terms, total, factor in alternatives:
        held, complete = 0.0, True
        for term, weight in weighted_terms:
            if term in title:
                held += weight
            elif term in anywhere:
                held += weight * BODY_FACTOR
            else:
                complete = False
        best = max(best, factor * held / total)
        whole = whole or complete
    return best, whole


def rank(plan, concepts, candidates, frequencies, n, type_keys):
    """[Hit] best first. `type_keys` maps a content type id to its result type key."""
    n = max(n, 1)
    telling = COMMON_SHARE * n
    total_weight = sum(concept.weight for concept in concepts) or 1.0
    boosts = {}
    for intent in plan.intents:
        for type_key, boost in INTENT_BOOST.get(intent, {}).items():
            boosts[type_key] = max(boosts.get(type_key, 1.0), boost)
    idfs = {term: idf(df, n) for term, df in frequencies.items()}
    prepared = []
    for concept in concepts:
        alternatives = []
        for terms, factor in concept.alternatives:
            weighted = tuple((term, idfs[term]) for term in terms)
            alternatives.append((weighted, sum(w for _t, w in weighted), factor))
        prepared.append((concept, alternatives))
    rare = {term for term, df in frequencies.items() if 0 < df <= telling}
    hits = []
    for candidate in candidates:
        score, full = 0.0, True
        # Partial matches are always candidates, but a page holding only common words
        # (邻里之家, 通知) of a query about something else is not an answer.
        useful = not rare.isdisjoint(candidate.terms)
        for concept, alternatives in prepared:
            share, whole = _concept_score(alternatives, candidate)
            score += concept.weight * share
            if not concept.common and not whole:
                full = False
            useful = useful or (whole and not concept.common)
        name_score, how = plan.names.get(candidate.page_id, (0.0, ""))
        if name_score:
            score += total_weight * NAME_SHARE * min(name_score, 3.0) / 3.0
            useful = True
        if not useful:
            continue
        type_key = type_keys.get(candidate.content_type_id, "")
        score *= boosts.get(type_key, 1.0)
        hits.append(
            Hit(
                candidate.page_id,
                candidate.content_type_id,
                candidate.path,
                score,
                full and bool(concepts),
                type_key,
                how,
                candidate.terms,
                candidate.title,
            )
        )
    hits.sort(
        key=lambda h: (not h.full, -round(h.score, 6), TYPE_ORDER.get(h.type_key, 9), -h.page_id)
    )
    return hits
