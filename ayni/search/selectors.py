"""Reading the search index: ``search(query) -> SearchResult``, the same on both engines.

The query's words are analysed like the records' texts (``ayni.search.analysis``), in the
language asked for or in every UI language at once (the variants of a word are OR-ed, the
words AND-ed). The engine (``ayni.search.backends``) finds and ranks the entries; the rest is
SQL both engines run alike: facet filters (AND between facets, OR within one), one hit per
record (its best entry, the reader's language first), facet counts over the records found,
sorting by relevance or date, and paging. Snippets are highlighted here, in Python.
"""

import datetime as dt
import heapq
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from ayni.core.choices import RecordStatus
from ayni.search.analysis import QUERY_LANGUAGES, WORD, bigrams, fold, query_variants, stem
from ayni.search.backends import get_backend
from ayni.search.backends.base import CODE_TABLE, ENTRY_TABLE, FACET_TABLE
from ayni.search.documents import CODE_DTYPE, FACETS, STATUS_PSEUDO_FACET, facet_token

SORTS = ("relevance", "date")
MAX_PAGE_SIZE = 100
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class SearchQuery:
    """What a reader asks: words, facet filters, their language, the order and the page."""

    text: str = ""
    filters: Mapping[str, list[str]] = field(default_factory=dict)
    language: str = ""
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    statuses: tuple[str, ...] = (RecordStatus.PUBLISHED,)
    #: Analyse the words in ``language`` only (else in every UI language).
    language_only: bool = False


@dataclass(frozen=True)
class SearchHit:
    """One record found: its entry in the best language, and a highlighted snippet."""

    record_type: str
    uid: str
    record_pk: int
    language: str
    title: str
    snippet: SafeString
    date: dt.datetime | None
    score: float


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the number of records found, and facet counts over all of them."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]]


def _language(code: str) -> str:
    return (code or "").split("-")[0].lower()


def _filter_values(query: SearchQuery) -> list[tuple[str, list[str]]]:
    """The facets filtered on, in the order of ``FACETS``, with their values."""
    chosen = []
    for facet in FACETS:
        values = [str(v) for v in query.filters.get(facet) or [] if str(v)]
        if values:
            chosen.append((facet, values))
    return chosen


def _filter_groups(query: SearchQuery) -> tuple[list[list[str]], list[str]]:
    """The status and facet filters as filter tokens for the engine: groups (OR within a
    group, AND between groups), ``[["grouping:ldc", "grouping:sids"], ["type:need"]]``, and
    the tokens no entry found may hold.

    The status: when the statuses asked include ``published`` (a visitor's search, most of
    the index), the entries of the *other* statuses are excluded (``NOT status:draft ...``),
    whose tokens are few, rather than requiring ``status:published``, held by nearly every
    entry (FTS5's bm25 reads the whole list of each token of the query once to weigh it, and
    PostgreSQL's GIN intersects it). Otherwise the statuses asked are required.
    """
    groups = [
        [facet_token(facet, value) for value in values] for facet, values in _filter_values(query)
    ]
    statuses = [str(status) for status in query.statuses]
    if RecordStatus.PUBLISHED in statuses:
        exclude = [
            facet_token(STATUS_PSEUDO_FACET, status)
            for status in RecordStatus.values
            if status not in statuses
        ]
        return groups, exclude
    required = [facet_token(STATUS_PSEUDO_FACET, status) for status in statuses]
    # No status asked: a token no entry holds, so that nothing is found.
    return [required or [facet_token(STATUS_PSEUDO_FACET, "")], *groups], []


def _filters(query: SearchQuery) -> tuple[str, list[Any]]:
    """Without words: the status and facet conditions on the entries ``e`` (AND between
    facets, OR within), each facet through the ``(facet, value, entry)`` index."""
    marks = ", ".join(["%s"] * len(query.statuses))
    # No status asked: nothing is found (``IN ()`` is not SQL on every engine).
    conditions = [f"e.status IN ({marks})" if marks else "1 = 0"]
    params: list[Any] = list(query.statuses)
    for facet, values in _filter_values(query):
        marks = ", ".join(["%s"] * len(values))
        conditions.append(
            f"e.id IN (SELECT f.entry_id FROM {FACET_TABLE} f "  # noqa: S608
            f"WHERE f.facet = %s AND f.value IN ({marks}))"
        )
        params.extend([facet, *values])
    return " AND ".join(conditions), params


def _page_cte(query: SearchQuery) -> tuple[str, list[Any]]:
    """Without words: ``WITH b AS (...)``, the primary entry of each record passing the
    filters (every entry of such a record matches; the primary one stands for it)."""
    where, params = _filters(query)
    sql = (
        "WITH b AS (SELECT e.id, 0.0 AS score, e.date, 1 AS n "  # noqa: S608
        f"FROM {ENTRY_TABLE} e WHERE e.is_primary AND {where}) "
    )
    return sql, params


def _records_cte(query: SearchQuery) -> tuple[str, list[Any]]:
    """Without words: ``WITH b AS (...)``, one entry per record passing the filters."""
    where, params = _filters(query)
    sql = f"WITH b AS (SELECT e.id FROM {ENTRY_TABLE} e WHERE e.is_primary AND {where}) "  # noqa: S608
    return sql, params


def _date_key(row: tuple[Any, ...]) -> tuple[bool, Any]:
    """Latest first, undated last, when sorted in reverse (``date DESC NULLS LAST``)."""
    return (row[4] is not None, row[4] if row[4] is not None else "")


def _search_words(
    query: SearchQuery, groups: list[list[str]], reader: str, sort: str
) -> tuple[list[tuple[int, float]], int, dict[str, list[tuple[str, int]]]]:
    """With words: the page ``(entry id, score)``, the number of records and the facet counts.

    One query: the engine matches the words and the filter tokens (status, facets) in its own
    index and gives the entries found with the few columns needed; the rest is done here, on
    those rows alone: the best entry of each record (the reader's language first, then the
    score, then the id), the total, the facet counts (from the entries' facet codes, one
    entry per record) and the order (``score, date DESC NULLS LAST, id`` by relevance,
    ``date DESC NULLS LAST, id DESC`` by date), the same as in SQL.
    """
    backend = get_backend()
    filters, exclude = _filter_groups(query)
    match = backend.match(groups, filters, exclude)
    sql = (
        f"SELECT e.id, e.record_type, e.record_pk, e.language, {backend.sort_date}, "  # noqa: S608
        f"{match.score}, e.facet_codes FROM {match.tables} WHERE {match.condition}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match.table_params, *match.condition_params])
        found = cursor.fetchall()
    best: dict[tuple[str, int], tuple[Any, ...]] = {}
    for row in found:
        key = (row[1], row[2])
        current = best.get(key)
        if current is None or (row[3] != reader, row[5], row[0]) < (
            current[3] != reader,
            current[5],
            current[0],
        ):
            best[key] = row
    records = list(best.values())
    facets = _count_codes([row[6] for row in records])
    page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    offset = (max(1, query.page) - 1) * page_size
    ordered = _first_in_order(records, sort, offset + page_size)
    page = [(int(row[0]), float(row[5])) for row in ordered[offset : offset + page_size]]
    return page, len(records), facets


def _count_codes(blobs: list[bytes]) -> dict[str, list[tuple[str, int]]]:
    """The facet counts of entries given by their facet codes (``SearchEntry.facet_codes``):
    every code counted at once (``numpy.bincount`` over the codes joined), then each code
    found read back as its token, ``facet:value``."""
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    codes = np.frombuffer(b"".join(blobs), dtype=CODE_DTYPE)
    if not codes.size:
        return facets
    counts = np.bincount(codes)
    present = np.flatnonzero(counts)
    # The whole table (a few hundred codes), read after the entries: a code is in it before
    # any entry carries it and is never removed, so every code found is there. Cheaper than
    # choosing the codes in SQL, and never stale as a copy kept by the process could be.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, token FROM {CODE_TABLE}")  # noqa: S608
        tokens = dict(cursor.fetchall())
    for code, count in zip(present.tolist(), counts[present].tolist(), strict=True):
        facet, _colon, value = tokens[code].partition(":")
        if facet in facets:
            facets[facet].append((value, count))
    return facets


def _first_in_order(records: list[tuple[Any, ...]], sort: str, count: int) -> list[Any]:
    """The first ``count`` rows in the order of the search (or more, never fewer): by date
    ``date DESC NULLS LAST, id DESC``; by relevance ``score, date DESC NULLS LAST, id``.
    Only the rows that can be on the pages up to ``count`` are sorted whole."""
    if sort == "date":
        return heapq.nlargest(count, records, key=lambda row: (*_date_key(row), row[0]))
    if len(records) > count:
        # Every row scoring at most the count-th best score (ties included) and no other.
        worst = heapq.nsmallest(count, [row[5] for row in records])[-1]
        records = [row for row in records if row[5] <= worst]
    records.sort(key=lambda row: row[0])
    records.sort(key=_date_key, reverse=True)
    records.sort(key=lambda row: row[5])
    return records


def _order(sort: str) -> str:
    if sort == "date":
        return "b.date DESC NULLS LAST, b.id DESC"
    return "b.score, b.date DESC NULLS LAST, b.id"


def search(query: SearchQuery) -> SearchResult:
    """The records matching the query: a page of hits, their number and the facet counts.

    Without words every record passing the filters matches (sorted by date unless asked).
    Only published records are searched unless ``statuses`` says otherwise.
    """
    reader = _language(query.language)
    languages = (reader,) if query.language_only and reader else QUERY_LANGUAGES
    groups = query_variants(query.text, languages) if query.text.strip() else []
    if query.text.strip() and not groups:
        return SearchResult(hits=[], total=0, facets={})
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort '{query.sort}'")
    sort = query.sort if groups else "date"
    if groups:
        page, total, facets = _search_words(query, groups, reader, sort)
    else:
        page, total, facets = _browse(query, sort)
    for values in facets.values():
        values.sort(key=lambda item: (-item[1], item[0]))
    hits = _hits(page, groups, reader)
    return SearchResult(hits=hits, total=total, facets=facets)


def _browse(
    query: SearchQuery, sort: str
) -> tuple[list[tuple[int, float]], int, dict[str, list[tuple[str, int]]]]:
    """Without words: the page, the number of records and the facet counts, in SQL (every
    record passing the filters matches, which may be most of the index)."""
    page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    offset = (max(1, query.page) - 1) * page_size
    cte, params = _page_cte(query)
    page_sql = (
        f"{cte}SELECT b.id, b.score, COUNT(*) OVER () FROM b WHERE b.n = 1 "  # noqa: S608
        f"ORDER BY {_order(sort)} LIMIT %s OFFSET %s"
    )
    records_cte, records_params = _records_cte(query)
    facet_sql = (
        f"{records_cte}SELECT f.facet, f.value, COUNT(*) FROM b "  # noqa: S608
        f"JOIN {FACET_TABLE} f ON f.entry_id = b.id GROUP BY f.facet, f.value"
    )
    with connection.cursor() as cursor:
        cursor.execute(page_sql, [*params, page_size, offset])
        rows = cursor.fetchall()
        if rows:
            total = int(rows[0][2])
        else:
            cursor.execute(f"{records_cte}SELECT COUNT(*) FROM b", records_params)  # noqa: S608
            total = int(cursor.fetchone()[0])
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        if total:
            cursor.execute(facet_sql, records_params)
            for facet, value, count in cursor.fetchall():
                facets.setdefault(facet, []).append((value, int(count)))
    return [(int(pk), float(score)) for pk, score, _total in rows], total, facets


def _hits(rows: list[tuple[int, float]], groups: list[list[str]], reader: str) -> list[SearchHit]:
    """The hits of a page, in order; without words, each in the reader's language if it has it."""
    if not rows:
        return []
    columns = "id, record_type, uid, record_pk, language, title, body, date"
    ids = [pk for pk, _ in rows]
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT {columns} FROM {ENTRY_TABLE} WHERE id IN ({marks})", ids)  # noqa: S608
        entries = {row[0]: row for row in cursor.fetchall()}
        if not groups and reader:
            keys = [(entries[pk][1], entries[pk][3]) for pk in ids]
            cursor.execute(
                f"SELECT {columns} FROM {ENTRY_TABLE} WHERE language = %s AND "  # noqa: S608
                f"record_pk IN ({marks})",
                [reader, *[key[1] for key in keys]],
            )
            in_reader = {(row[1], row[3]): row for row in cursor.fetchall()}
            for pk, key in zip(ids, keys, strict=True):
                if key in in_reader:
                    entries[pk] = in_reader[key]
    terms = {term for group in groups for term in group}
    hits = []
    for pk, score in rows:
        _id, record_type, uid, record_pk, language, title, body, date = entries[pk]
        if isinstance(date, str):  # SQLite gives the text stored, in UTC
            date = dt.datetime.fromisoformat(date)
        if date is not None and date.tzinfo is None:
            date = date.replace(tzinfo=dt.UTC)
        hits.append(
            SearchHit(
                record_type=record_type,
                uid=uid,
                record_pk=int(record_pk),
                language=language,
                title=title,
                snippet=highlight(body, terms, language),
                date=date,
                score=score,
            )
        )
    return hits


#: A character beyond the CJK symbols block (ideographs, kana, ...).
_WIDE = re.compile("[\u3000-\U0010ffff]")


@lru_cache(maxsize=65536)
def _word_forms(word: str, language: str) -> tuple[str, str, tuple[str, ...]]:
    """A word of a text as the snippet maker compares it: folded, its stem in the text's
    language and, if it is wide (CJK), its bigrams (cached: texts repeat their words)."""
    folded = fold(word)
    grams = tuple(bigrams(folded)) if _WIDE.search(folded) else ()
    return folded, stem(folded, language), grams


def _marked_spans(word: str, start: int, terms: set[str], language: str) -> list[tuple[int, int]]:
    """The spans of a word of the text to mark: the whole word, or CJK bigrams inside it."""
    folded, stemmed, grams = _word_forms(word, language)
    if len(folded) == len(word) and _WIDE.search(word):
        spans = []
        for index in range(len(folded)):
            pair = folded[index : index + 2]
            if (len(pair) == 2 and pair in terms) or folded[index] in terms:
                spans.append((start + index, start + index + len(pair)))
        return spans
    if stemmed in terms or folded in terms or any(g in terms for g in grams):
        return [(start, start + len(word))]
    return []


def highlight(text: str, terms: set[str], language: str, words: int = SNIPPET_WORDS) -> SafeString:
    """About ``words`` words of the text around the first one matching a term, HTML-escaped,
    with each matching word (or CJK bigram) in ``<mark>``."""
    # The words are read only as far as needed: to the first hit, then to one word past the
    # snippet's end (to know whether the text goes on), not through a long text to its end.
    matches = WORD.finditer(text)
    tokens: list[re.Match[str]] = []
    first, hit = 0, False
    if terms:
        for token in matches:
            tokens.append(token)
            if _marked_spans(token.group(), token.start(), terms, language):
                first, hit = len(tokens) - 1, True
                break
    begin = max(0, first - words // 3)
    for token in matches:
        tokens.append(token)
        if len(tokens) > begin + words:
            break
    if not tokens:
        return mark_safe(html.escape(text[:200]))  # noqa: S308 (escaped)
    end = min(len(tokens), begin + words)
    # Only the words shown can be marked: from the first hit to the end of the snippet.
    spans = [
        span
        for token in (tokens[first:end] if hit else [])
        for span in _marked_spans(token.group(), token.start(), terms, language)
    ]
    text_start = tokens[begin].start() if begin > 0 else 0
    text_end = tokens[end - 1].end() if end < len(tokens) else len(text)
    pieces = ["…"] if begin > 0 else []
    cursor = text_start
    for span_start, span_end in sorted(spans):
        if span_start < cursor or span_end > text_end:
            continue
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append("<mark>" + html.escape(text[span_start:span_end]) + "</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:text_end]))
    if end < len(tokens):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped)
