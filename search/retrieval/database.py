"""Candidates from the database backends' own index tables: SQLite FTS5 and PostgreSQL.

Both index the same pre-tokenised text (search/indexing.py) in modelsearch's tables; here we
query them directly, with a LIMIT on every statement, instead of through modelsearch's query
compilers, which rank every match (SQLite even re-runs the MATCH for each matching row).

For a query with concepts A, B, C (most telling first) the candidates are:
1. pages holding every concept (A AND B AND C), up to the limit;
2. for each of the first few concepts: pages with it in the title, then anywhere, up to the limit.
Rare concepts thus bring all their pages; common ones a bounded share, newest first on SQLite.
Each statement runs under the remaining time budget: SQLite through a progress handler that
interrupts it, PostgreSQL through statement_timeout; a statement cut short adds nothing and the
search answers with what the earlier ones found.
"""

import logging
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from ..memo import cached
from .base import (
    FREQUENCY_SECONDS,
    PAGE_COLUMNS,
    Candidate,
    Deadline,
    Retriever,
    page_fields,
    text_terms,
)

logger = logging.getLogger(__name__)

INDEX_TABLE = "wagtailsearch_indexentry"
FTS_TABLE = "wagtailsearch_indexentry_fts"
GIN_INDEX = "linli_indexentry_title_body_gin"  # search/migrations/0001
PER_CONCEPT = 4  # how many concepts get their own statements
SQLITE_TITLE_WALK = 30000  # pages a SQLite title statement may walk (see _worth_running)
OPTIONAL_STATEMENT = 0.02  # seconds a SQLite title statement over notices may take
COMMON_TITLE_SHARE = 0.3  # no SQLite title statement for words on a larger share of pages
DENSE = 0.05  # PostgreSQL reads pages in order for words on more than this share of them


def statements(query, group):
    """[(scope, expression tree)] to run for a type group, in order. A tree is ("and"|"or",
    [subtrees]) or a term. A group of fewer pages than the limit (departments, chapters) gets
    one statement for any of the concepts, common ones included: it finds them all, and the
    rows say which are titles. A group of more (2,000 stations) gets the pages holding every
    telling concept, then each telling concept, then the common ones. A large group (notices)
    gets, for its telling concepts only (a
    common one would match most pages and cost the most; ranking still counts it on the pages
    found): the pages holding every concept, then each concept in the title, then anywhere."""
    trees = [("or", [("and", list(alt)) for alt in alts]) for alts in query.concepts_for(group)]
    if not trees:
        return []
    if not group.large and group.pages <= query.limit:
        return [("any", ("or", trees) if len(trees) > 1 else trees[0])]
    if not group.large:
        # More pages than the limit (2,000 stations): the pages holding a common word, or a
        # telling but frequent one, must not fill the limit before those holding the rarest
        # word are read, which a statement without an order leaves to the table's layout. The
        # pages holding every telling concept, then each telling concept, rarest first, then
        # the common ones.
        telling = trees[: len(query.concepts)]
        found = [("any", ("and", telling))] if query.full_match and len(telling) > 1 else []
        found += [("any", tree) for tree in telling[:PER_CONCEPT]]
        common = trees[len(query.concepts) :]
        if common:
            found.append(("any", ("or", common) if len(common) > 1 else common[0]))
        return found
    found = []
    if query.full_match and len(trees) > 1:
        found.append(("any", ("and", trees)))
    for tree in trees[:PER_CONCEPT]:
        found.append(("title", tree))
        found.append(("any", tree))
    return found


def _literal(text):
    """A SQL string literal of text (single quotes doubled; backslashes are plain characters
    with standard_conforming_strings, PostgreSQL's default)."""
    return "'" + text.replace("'", "''") + "'"


def _tree_terms(tree):
    if isinstance(tree, str):
        return {tree}
    return set().union(*(_tree_terms(part) for part in tree[1]))


def _tree_share(tree, share):
    """The least share of pages an expression can match: an OR at least its largest part's,
    an AND only what its parts must have in common (often nothing: two common words need
    not meet on one page, and reading pages in order to find where they do reads them all)."""
    if isinstance(tree, str):
        return share(tree)
    operator, parts = tree
    shares = [_tree_share(part, share) for part in parts]
    if operator == "or":
        return max(shares)
    if all(isinstance(part, str) for part in parts):
        # The pairs of characters of one word (邻里 里之 之家) occur together: the word is on
        # about as many pages as its rarest pair.
        return min(shares)
    return max(0.0, sum(shares) - (len(shares) - 1))


class _Stopped(Exception):
    """A statement ran into the time budget."""


class DatabaseRetriever(Retriever):
    text_columns = ("title", "body")

    def candidates(self, query, deadline):
        found = {}
        # Concepts whose title statement filled the limit: the pages that say them only in
        # the body would rank below those, so their "anywhere" statement is not run (for a
        # word in 20,000 notices it was the dearest statement of the query).
        titled = set()
        try:
            with self._session(deadline):
                for group, scope, tree in self._ordered(query):
                    if deadline.passed():
                        break
                    if scope == "any" and (id(group), repr(tree)) in titled:
                        continue
                    if not self._worth_running(scope, tree, query, group):
                        continue
                    step = self._step_deadline(scope, group, deadline)
                    try:
                        rows = self._run(scope, tree, query, group, step)
                    except DatabaseError as error:
                        if not self._cut_short(error):
                            raise
                        if step is deadline or deadline.passed():
                            raise _Stopped from error
                        continue  # an optional statement ran over its own share: skip it
                    query.limited = query.limited or len(rows) >= query.limit
                    if scope == "title" and len(rows) >= query.limit:
                        titled.add((id(group), repr(tree)))
                    for row in rows:
                        if row[0] not in found:
                            found[row[0]] = self._candidate(row, query.wanted)
        except _Stopped:
            deadline.expired = True
            logger.info("search statement stopped at the time budget")
        return list(found.values())

    def _worth_running(self, scope, tree, query, group):
        """No title statement over a large group for a word on most pages: which of them say
        it in the title tells little, and finding them reads a posting list of tens of
        thousands of pages (the pages are still found by the "anywhere" statement)."""
        if scope != "title" or not group.large:
            return True
        frequencies = self.frequencies(sorted(_tree_terms(tree)))
        n = max(self.document_count(), 1)
        return _tree_share(tree, lambda term: frequencies.get(term, 0) / n) <= COMMON_TITLE_SHARE

    def _step_deadline(self, scope, group, deadline):
        return deadline

    def _ordered(self, query):
        """Each statement for every type group before the next statement: if time runs out,
        every group has had its most telling statements."""
        plans = [statements(query, group) for group in query.groups]
        for step in range(max(map(len, plans), default=0)):
            for group, steps in zip(query.groups, plans, strict=True):
                if step < len(steps):
                    yield group, *steps[step]

    def fetch(self, page_ids, wanted):
        if not page_ids:
            return []
        placeholders = ", ".join(["%s"] * len(page_ids))
        sql = (
            f"SELECT p.id, ie.content_type_id, p.path, {self._columns()} "  # noqa: S608
            f"FROM wagtailcore_page p JOIN {INDEX_TABLE} ie "
            f"ON ie.content_type_id = p.content_type_id AND ie.object_id = {self._page_id_text()} "
            f"WHERE p.id IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [int(pk) for pk in page_ids])
            rows = cursor.fetchall()
        return [self._candidate(row, wanted) for row in rows]

    def _candidate(self, row, wanted):
        page_id, content_type_id, path, title, body = row[:5]
        title_terms = text_terms(title, wanted)
        anywhere = title_terms | text_terms(body, wanted)
        return Candidate(
            page_id, content_type_id, path, title_terms, anywhere, **page_fields(row[5:])
        )

    def _filters(self, query, group):
        types = ", ".join(str(int(pk)) for pk in group.content_type_ids) or "NULL"
        locales = ", ".join(str(int(pk)) for pk in query.locale_ids) or "NULL"
        return f"ie.content_type_id IN ({types}) AND p.live AND p.locale_id IN ({locales})"

    def _columns(self):
        """The index's text columns, then the page's (see PAGE_COLUMNS)."""
        columns = [f"ie.{column}" for column in self.text_columns]
        columns += [f"p.{column}" for column in PAGE_COLUMNS]
        return ", ".join(columns)


class SQLiteRetriever(DatabaseRetriever):
    key = "sqlite"

    def count_documents(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {INDEX_TABLE}")  # noqa: S608
            return cursor.fetchone()[0]

    def _vocabulary(self, cursor):
        # fts5vocab reads FTS5's own term statistics: no scan of the pages. "row": pages
        # holding a term; "col": pages holding it in each column.
        for kind in ("row", "col"):
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.linli_search_vocab_{kind} "
                f"USING fts5vocab(main, '{FTS_TABLE}', '{kind}')"
            )

    def _frequencies(self, terms):
        with connection.cursor() as cursor:
            self._vocabulary(cursor)
            found = {}
            for term in terms:
                cursor.execute(
                    "SELECT doc FROM temp.linli_search_vocab_row WHERE term = %s", [term]
                )
                row = cursor.fetchone()
                found[term] = row[0] if row else 0
            return found

    def title_frequencies(self, terms):
        """{term: pages holding it in the title}, cached like frequencies()."""
        prefix = f"search:tdf:{self.key}:"

        def count(keys):
            found = {}
            with connection.cursor() as cursor:
                self._vocabulary(cursor)
                for key in keys:
                    cursor.execute(
                        "SELECT doc FROM temp.linli_search_vocab_col "
                        "WHERE term = %s AND col = 'title'",
                        [key[len(prefix) :]],
                    )
                    row = cursor.fetchone()
                    found[key] = row[0] if row else 0
            return found

        found = cached([prefix + term for term in terms], count, FREQUENCY_SECONDS)
        return {term: found[prefix + term] for term in terms}

    def _worth_running(self, scope, tree, query, group):
        """A title statement for a word that is everywhere but in few titles walks every page
        holding the word to find the few: skip it when that walk is long (the pages are still
        found, by the "anywhere" statement)."""
        if scope != "title" or not group.large:
            return True
        if not super()._worth_running(scope, tree, query, group):
            return False
        alternatives = [parts for _op, parts in tree[1]] if tree[0] == "or" else [tree[1]]
        terms = {t for parts in alternatives for t in parts}
        frequencies = self.frequencies(sorted(terms))
        in_titles = self.title_frequencies(sorted(terms))
        walk = sum(min(frequencies[t] for t in parts) for parts in alternatives)
        found = sum(min(in_titles[t] for t in parts) for parts in alternatives)
        if found == 0:
            return False
        return min(walk, query.limit * walk / found) <= SQLITE_TITLE_WALK

    def _object_id(self):
        return "CAST(ie.object_id AS INTEGER)"

    def _page_id_text(self):
        return "CAST(p.id AS TEXT)"

    def _expression(self, tree):
        if isinstance(tree, str):
            return '"' + tree.replace('"', "") + '"'
        operator, parts = tree
        joined = f" {operator.upper()} ".join(self._expression(part) for part in parts)
        return f"({joined})" if len(parts) > 1 else joined

    def _run(self, scope, tree, query, group, deadline):
        columns = "{title}" if scope == "title" else "{title body}"
        match = f"{columns} : ({self._expression(tree)})"
        if not group.large and group.markers:
            # Only the group's pages: FTS5 walks the markers' short lists, not every page
            # holding a common word (see search.indexing.type_marker).
            markers = self._expression(("or", group.markers))
            match = f"({match}) AND ({{autocomplete}} : {markers})"
        sql = (
            f"SELECT p.id, ie.content_type_id, p.path, {self._columns()} "  # noqa: S608
            f"FROM {FTS_TABLE} f JOIN {INDEX_TABLE} ie ON ie.id = f.rowid "
            f"JOIN wagtailcore_page p ON p.id = {self._object_id()} "
            f"WHERE {FTS_TABLE} MATCH %s AND {self._filters(query, group)} "
            f"ORDER BY f.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, query.limit])
            return cursor.fetchall()

    @contextmanager
    def _session(self, deadline):
        """SQLite calls the handler every few thousand steps of a statement and stops the
        statement ("interrupted") when it answers non-zero: here when the statement's deadline
        (see _step_deadline) has passed."""
        connection.ensure_connection()
        raw = connection.connection
        raw.set_progress_handler(lambda: int(self._current.passed()), 500)
        self._current = deadline
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)

    def _step_deadline(self, scope, group, deadline):
        """A title statement over notices may walk every notice holding a word to find the
        few titles with it; it gets a share of the budget of its own, and is skipped when
        that runs out (its pages are still found by the "anywhere" statement)."""
        if scope == "title" and group.large:
            step = Deadline(min(OPTIONAL_STATEMENT, max(deadline.remaining(), 0)))
        else:
            step = deadline
        self._current = step
        return step

    def _cut_short(self, error):
        return "interrupted" in str(error)


class PostgresRetriever(DatabaseRetriever):
    key = "postgresql"
    text_columns = ("title_text", "body_text")

    def __init__(self, config=None):
        # The text search configuration the index was built with: the backend's
        # SEARCH_CONFIG, or the database's default (english: "lively" is indexed as "live").
        self.config = config

    def _tsquery(self):
        """SQL for to_tsquery() with the index's configuration; the query is a parameter."""
        if self.config:
            return f"to_tsquery('{self.config.replace(chr(39), '')}', %s)"
        return "to_tsquery(%s)"

    def count_documents(self):
        # Counted, not the planner's estimate (reltuples), which after a bulk re-index was a
        # third of the truth here; kept an hour by document_count().
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {INDEX_TABLE}")  # noqa: S608
            return cursor.fetchone()[0]

    def _frequencies(self, terms):
        """Common terms from PostgreSQL's own statistics (ANALYZE samples the index
        expression and keeps its most common lexemes with their frequencies); any other term
        is rarer than those, so counting its pages up to that frequency is quick."""
        common, floor = self._lexeme_statistics()
        n = self.document_count()
        cap = max(1000, int(floor * n))
        found = {}
        with connection.cursor() as cursor:
            for term in terms:
                if term in common:
                    found[term] = max(1, round(common[term] * n))
                    continue
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {INDEX_TABLE} "  # noqa: S608
                    f"WHERE (title || body) @@ {self._tsquery()} LIMIT %s) s",
                    [self._expression(term), cap],
                )
                found[term] = cursor.fetchone()[0]
        return found

    def _lexeme_statistics(self, column=None):
        """({lexeme: share of rows}, smallest share listed) for the searched expression, or
        for one column of the index table."""
        key = f"search:pg-lexemes:{column}"
        statistics = cached(
            [key], lambda _keys: {key: self._read_lexeme_statistics(column)}, FREQUENCY_SECONDS
        )
        return statistics[key]

    def _read_lexeme_statistics(self, column):
        table, attribute = (INDEX_TABLE, column) if column else (GIN_INDEX, "expr")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs "
                "FROM pg_stats WHERE tablename = %s AND attname = %s",
                [table, attribute],
            )
            row = cursor.fetchone()
        if row and row[0]:
            # The last three numbers are the minimum, maximum and null share.
            shares = dict(zip(row[0], row[1][: len(row[0])], strict=True))
            return shares, min(shares.values())
        return {}, 0.0

    def _object_id(self):
        return "ie.object_id::integer"

    def _page_id_text(self):
        return "p.id::text"

    def _expression(self, tree):
        if isinstance(tree, str):
            return "'" + tree.replace("'", "").replace("\\", "") + "'"
        operator, parts = tree
        symbol = " & " if operator == "and" else " | "
        joined = symbol.join(self._expression(part) for part in parts)
        return f"({joined})" if len(parts) > 1 else joined

    def _run(self, scope, tree, query, group, deadline):
        vector = "ie.title" if scope == "title" else "(ie.title || ie.body)"
        budget_ms = max(1, int(deadline.remaining() * 1000))
        # A word on many pages is found soonest by reading pages in order until the limit; a
        # bitmap of the GIN index would first collect every page holding it (15 ms for 20,000).
        bitmap = "off" if group.large and self._density(scope, tree) > DENSE else "on"
        # One round trip: the settings and the statement as one text. The values are inlined,
        # which is safe: terms are runs of CJK characters or of [a-z0-9] (search.chinese),
        # quoted by _literal(), and the rest are integers.
        tsquery = self._tsquery().replace("%s", _literal(self._expression(tree)))
        sql = (
            f"SET LOCAL statement_timeout = {budget_ms}; "
            f"SET LOCAL enable_bitmapscan = {bitmap}; "
            f"SELECT p.id, ie.content_type_id, p.path, {self._columns()} "  # noqa: S608
            f"FROM {INDEX_TABLE} ie JOIN wagtailcore_page p ON p.id = {self._object_id()} "
            f"WHERE {vector} @@ {tsquery} AND {self._filters(query, group)} "
            f"LIMIT {int(query.limit)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            while cursor.description is None and cursor.nextset():
                pass
            return cursor.fetchall()

    def _density(self, scope, tree):
        """The least share of pages a tree's expression matches, from the terms' frequencies
        (in titles, from PostgreSQL's statistics of that column)."""
        n = max(self.document_count(), 1)
        if scope == "title":
            shares = self._lexeme_statistics(column="title")[0]
            return _tree_share(tree, lambda term: shares.get(term, 0.0))
        frequencies = self.frequencies(sorted(_tree_terms(tree)))
        return _tree_share(tree, lambda term: frequencies.get(term, 0) / n)

    def _session(self, deadline):
        """One transaction for the statements, so that SET LOCAL ends with it; a statement
        over the budget aborts it, and leaving the block by exception rolls it back."""
        return transaction.atomic()

    def _cut_short(self, error):
        return "statement timeout" in str(error)


def database_retriever(backend):
    """The retriever for a database backend (the default one, or Elasticsearch's fallback)."""
    if connection.vendor == "sqlite":
        return SQLiteRetriever()
    if connection.vendor == "postgresql":
        return PostgresRetriever(backend.config)
    raise NotImplementedError(f"Site search has no retriever for {connection.vendor}")
