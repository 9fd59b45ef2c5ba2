"""From what a resident typed to what to look for: the query plan.

    "請問玉华园停水了找誰？"
      fold        → "请问玉华园停水了找谁?"                 (full width, case, Traditional)
      question    → parts ["玉华园停水"], intents {who}     (search/questions.py)
      names       → 玉华园 sounds like the compound 裕华园   (search/names.py)
      synonyms    → 停水 or 断水, 没水, water cut…           (search/synonyms.py)
      concepts    → [裕华园 (or 玉华园)] [停水 (or 断水…)]

Each concept is one thing asked about, with its alternatives; each alternative is the list of
index terms (search/chinese.py) a page must hold to match it. Ranking (search/ranking.py) weighs
the concepts by how rare their terms are; the planner only says what they are.
"""

import re
from dataclasses import dataclass, field

from .chinese import bigrams, fold, has_cjk, query_terms, stem
from .questions import is_english_stopword, strip_question

MAX_QUERY = 100
MAX_CONCEPTS = 8
# A building, unit or room number says where in the compound, not which page.
_ADDRESS_NOISE = re.compile(r"(\d+|[一二三四五六七八九十]+)\s*(号楼|号院|栋|幢|单元|层|室)")


@dataclass
class Concept:
    text: str  # as typed (folded), or as corrected
    alternatives: list  # [tuple of terms]; the first is the typed (or corrected) form
    kind: str = "word"  # word | synonym | name

    @property
    def terms(self):
        return {term for alternative in self.alternatives for term in alternative}


@dataclass
class Plan:
    query: str
    concepts: list = field(default_factory=list)
    intents: frozenset = frozenset()
    names: dict = field(default_factory=dict)  # page id → (score, how)
    marks: list = field(default_factory=list)  # words to highlight

    @property
    def terms(self):
        found = []
        for concept in self.concepts:
            for alternative in concept.alternatives:
                found.extend(t for t in alternative if t not in found)
        return found

    @property
    def is_empty(self):
        return not self.concepts and not self.names


def _cjk_terms(text):
    return tuple(bigrams(text) or [text])


def _latin_terms(text):
    return tuple(stem(word) for word in re.findall(r"[a-z0-9]+", text))


def _alternatives_of(term, group):
    alternatives = []
    for other in group.others(term):
        terms = _cjk_terms(other) if has_cjk(other) else _latin_terms(other)
        if terms and terms not in alternatives:
            alternatives.append(terms)
    return alternatives


def build_plan(query, names=None, synonyms=None, locale_id=None):
    """The plan for `query`; `names` is a search.names.NameIndex, `synonyms` a
    search.synonyms.Synonyms (either may be None)."""
    text = _ADDRESS_NOISE.sub(" ", fold(query)[:MAX_QUERY])
    question = strip_question(text)
    plan = Plan(query=query, intents=question.intents)
    asked = " ".join(question.parts)
    mentions = names.mentions(asked, locale_id=locale_id) if names is not None else []
    for mention in mentions:
        plan.names[mention.entry.key] = (mention.score, mention.how)
    if names is not None and len(question.parts) == 1 and len(asked) >= 2:
        # A query that is one (partial) name is scored as the station finder scores it.
        for key, score in names.find(asked, locale_id=locale_id, limit=20, most=200):
            if score >= 1.5 and score > plan.names.get(key, (0,))[0]:
                plan.names[key] = (score, "name")

    latin = []
    for part in question.parts:
        if part.isascii():
            latin.extend(re.findall(r"[a-z0-9]+", part))
            continue
        _flush_latin(plan, latin, mentions, synonyms)
        latin = []
        _cjk_part(plan, part, mentions, synonyms)
    _flush_latin(plan, latin, mentions, synonyms)

    # A lone character next to longer words is what the question stripping left behind.
    if any(len(c.text) > 1 for c in plan.concepts):
        plan.concepts = [c for c in plan.concepts if len(c.text) > 1 or c.kind != "word"]
    plan.concepts = plan.concepts[:MAX_CONCEPTS]
    return plan


def _cjk_part(plan, part, mentions, synonyms):
    """Concepts for one piece of Chinese (with perhaps digits): names, synonyms, other runs."""
    spans = []  # (start, end, Concept)
    for mention in mentions:
        if mention.how in ("name", "sound") and mention.span in part:
            start = part.index(mention.span)
            terms = _cjk_terms(mention.replacement)
            alternatives = [terms]
            if mention.span != mention.replacement:
                alternatives.append(_cjk_terms(mention.span))
                plan.marks.append(mention.replacement)
            spans.append(
                (start, start + len(mention.span), Concept(mention.span, alternatives, "name"))
            )
    spans = _without_overlaps(spans)
    if synonyms is not None:
        for start, end, term, group in synonyms.in_run(part):
            if any(s < end and start < e for s, e, _c in spans):
                continue
            alternatives = [_cjk_terms(term), *_alternatives_of(term, group)]
            spans.append((start, end, Concept(term, alternatives, "synonym")))
            plan.marks.extend(t for t in group.terms if has_cjk(t))
    spans.sort(key=lambda span: span[0])
    position = 0
    for start, end, concept in spans:
        _plain(plan, part[position:start])
        plan.concepts.append(concept)
        plan.marks.append(concept.text)
        position = end
    _plain(plan, part[position:])


def _plain(plan, text):
    for piece in re.findall(r"[\u3400-\u9fff]+|[a-z0-9]+", text):
        terms = query_terms(piece)
        if terms:
            plan.concepts.append(Concept(piece, [tuple(terms)]))
            plan.marks.append(piece)


def _without_overlaps(spans):
    kept = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= s[0] or s[1] <= span[0] for s in kept):
            kept.append(span)
    return kept


def _flush_latin(plan, words, mentions, synonyms):
    """Concepts for a run of latin words: English names (synonyms), pinyin names, words."""
    if not words:
        return
    stemmed = [stem(word) for word in words]
    taken = [False] * len(words)
    if synonyms is not None:
        for start, end, term, group in synonyms.in_words(stemmed):
            alternatives = [_latin_terms(term), *_alternatives_of(term, group)]
            plan.concepts.append(Concept(term, alternatives, "synonym"))
            plan.marks.append(" ".join(words[start:end]))
            taken[start:end] = [True] * (end - start)
    by_word = {}
    for mention in mentions:
        if mention.how in ("pinyin", "initials"):
            by_word.setdefault(mention.span, []).append(mention)
    joined = "".join(w for w, t in zip(words, taken, strict=True) if not t)
    if joined in by_word and len(words) > 1:
        _pinyin_concept(plan, joined, by_word[joined])
        return
    for word, stemmed_word, is_taken in zip(words, stemmed, taken, strict=True):
        if is_taken:
            continue
        if word in by_word:
            _pinyin_concept(plan, word, by_word[word])
        elif not is_english_stopword(stemmed_word) and not is_english_stopword(word):
            plan.concepts.append(Concept(word, [(stemmed_word,)]))
            plan.marks.append(word)


def _pinyin_concept(plan, word, mentions):
    alternatives = [(word,)]
    for mention in mentions[:3]:
        terms = _cjk_terms(mention.replacement)
        if terms not in alternatives:
            alternatives.append(terms)
            plan.marks.append(mention.replacement)
    plan.concepts.append(Concept(word, alternatives, "name"))
    plan.marks.append(word)
