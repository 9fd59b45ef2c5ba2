"""What every search backend answers for the site search, within a time budget.

The site search asks a backend two questions only, so that ranking (search/ranking.py) is the
same Python code whatever the backend:

- `frequencies(terms)`: in how many indexed pages each term occurs (its document frequency,
  for IDF weights). Counted by the backend's own term statistics (SQLite's fts5vocab,
  Elasticsearch's term counts) or by a capped count (PostgreSQL), and kept in the cache.
- `candidates(query, deadline)`: a bounded set of pages that hold the concepts, each with the
  terms it holds in its title and anywhere. Never every match: a query made of the commonest
  notice words matches most of 200,000 notices, and ranking them all is what took minutes.
"""

import time
from dataclasses import dataclass, field

from ..memo import cached

FREQUENCY_SECONDS = 3600


class Deadline:
    def __init__(self, seconds):
        self.started = time.monotonic()
        self.at = self.started + seconds
        self.expired = False  # set when a step was cut short

    def remaining(self):
        return self.at - time.monotonic()

    def passed(self):
        if self.remaining() <= 0:
            self.expired = True
        return self.expired


@dataclass
class Candidate:
    page_id: int
    content_type_id: int
    path: str
    title_terms: set = field(default_factory=set)
    terms: set = field(default_factory=set)  # anywhere, title included
    locale_id: int = 0
    alias: bool = False  # an alias page (an untranslated copy in another language tree)
    translation_key: str = ""
    title: str = ""


# The page columns each candidate carries, in this order, after the index's own.
PAGE_COLUMNS = ("locale_id", "alias_of_id", "translation_key", "title")


def page_fields(row):
    """Candidate keyword arguments from the PAGE_COLUMNS of a row."""
    locale_id, alias_of_id, translation_key, title = row
    return {
        "locale_id": locale_id,
        "alias": alias_of_id is not None,
        "translation_key": str(translation_key),
        "title": title,
    }


@dataclass
class TypeGroup:
    """Page types searched by the same statements: a type with many pages (notices) gets
    statements of its own, so that it cannot crowd the few stations and departments out of
    a statement's limit."""

    content_type_ids: list
    model_names: list  # "units.NoticePage"…, as Elasticsearch documents name their types
    large: bool = False  # statements for common concepts too, unless large
    markers: list = field(default_factory=list)  # the types' search.indexing.type_marker
    pages: int = 0  # how many pages the types have (0: unknown, or few)


@dataclass
class CandidateQuery:
    """concepts: [[tuple of terms]], the telling ones, most telling first: a page matches a
    concept if it holds every term of one of its alternatives. Common concepts (邻里之家) get
    statements only in the groups of few pages, where they are cheap and name stations."""

    concepts: list
    groups: list  # [TypeGroup]
    locale_ids: list
    limit: int = 150
    full_match: bool = True  # also ask for pages that hold every concept
    wanted: set = field(default_factory=set)  # every term ranking looks for on a page
    common: list = field(default_factory=list)  # the common concepts, in the same form
    limited: bool = False  # set by the retriever: a statement reached the limit

    def concepts_for(self, group):
        return self.concepts if group.large else self.concepts + self.common


def text_terms(text, wanted):
    """Which of `wanted` are tokens of the indexed `text` (space-separated tokens). A
    substring search per wanted term: splitting a notice's body into its thousands of tokens
    to intersect them was most of a search's CPU time at scale."""
    if not text:
        return set()
    padded = f" {text} "
    return {term for term in wanted if f" {term} " in padded}


class Retriever:
    key = "base"
    external = False  # a search engine that may be away (search/breaker.py)

    def fallback(self):
        """The retriever to ask while this one is away."""
        raise NotImplementedError

    def count_documents(self):
        raise NotImplementedError

    def _frequencies(self, terms):
        raise NotImplementedError

    def candidates(self, query, deadline):
        raise NotImplementedError

    def fetch(self, page_ids, wanted):
        """Candidates for the given pages (names the planner found), whatever they match."""
        raise NotImplementedError

    def document_count(self):
        key = f"search:n:{self.key}"
        return cached([key], lambda _keys: {key: self.count_documents()}, FREQUENCY_SECONDS)[key]

    def frequencies(self, terms):
        """{term: number of indexed pages holding it}, from the caches where known."""
        prefix = f"search:df:{self.key}:"

        def count(keys):
            counted = self._frequencies([key[len(prefix) :] for key in keys])
            return {key: counted.get(key[len(prefix) :], 0) for key in keys}

        found = cached([prefix + term for term in terms], count, FREQUENCY_SECONDS)
        return {term: found[prefix + term] for term in terms}
