"""SQLite FTS5: an external-content FTS5 table over ``search_searchentry.terms``.

The table ``search_entry_fts`` and the triggers keeping it in step with the entries are made
by the migration ``0002_engines`` on SQLite only. Ranking is FTS5's ``bm25()`` (lower is
better). The terms are already analysed in Python, so the ``unicode61`` tokenizer only splits
them on spaces.
"""

from django.db import connection

from ayni.search.backends.base import Match, SearchBackend, boolean_query

FTS_TABLE = "search_entry_fts"

# Run by the migration 0003_filter_tokens: a change here needs a new migration, not an edit.
# Two columns: the analysed terms and the filter tokens ('status:published', 'country:SN',
# 'subject:marine-coastal'); ':' and '-' are token characters so that a token stays whole.
CREATE_SQL = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(terms, filter_tokens, "
    "content='search_searchentry', content_rowid='id', "
    "tokenize=\"unicode61 remove_diacritics 0 tokenchars ':-'\")",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(rowid, terms, filter_tokens) "
    "VALUES (new.id, new.terms, new.filter_tokens); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, terms, filter_tokens) "
    "VALUES ('delete', old.id, old.terms, old.filter_tokens); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF terms, filter_tokens "
    "ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, terms, filter_tokens) "
    "VALUES ('delete', old.id, old.terms, old.filter_tokens); "
    "INSERT INTO search_entry_fts(rowid, terms, filter_tokens) "
    "VALUES (new.id, new.terms, new.filter_tokens); END",
    # Rebuild from the entries already there.
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_query(
    groups: list[list[str]],
    filters: list[list[str]] | None = None,
    exclude: list[str] | None = None,
) -> str:
    """The FTS5 MATCH expression: OR within a group, AND between groups; the words in the
    ``terms`` column, the filter tokens (each group one facet) in ``filter_tokens``, and
    ``NOT`` any of the ``exclude`` tokens."""
    words = boolean_query(groups, quote=_quote, prefix="*", any_of=" OR ", all_of=" AND ")
    if not filters and not exclude:
        return words
    parts = [f"terms : ({words})"]
    if filters:
        tokens = boolean_query(filters, quote=_quote, prefix="", any_of=" OR ", all_of=" AND ")
        parts.append(f"filter_tokens : ({tokens})")
    expression = " AND ".join(parts)
    if exclude:
        excluded = " OR ".join(_quote(token) for token in exclude)
        expression = f"({expression}) NOT filter_tokens : ({excluded})"
    return expression


def words_query(groups: list[list[str]]) -> str:
    """The FTS5 MATCH expression of the words alone, in the ``terms`` column."""
    return f"terms : ({fts5_query(groups)})"


#: With facet filters: the entries passing words and filters (the inner MATCH, one
#: intersection of posting lists), ranked by a second MATCH of the words alone. ``bm25()``
#: weighs every phrase of its query by reading the phrase's whole posting list once, and
#: a filter token such as ``subject:marine-coastal`` is held by tens of thousands of
#: entries: ranked this way, only the words' lists are read to weigh them. The scores are
#: those of the single query ``bm25(search_entry_fts, 1.0, 0.0)`` over words and filters
#: (a filter phrase has weight 0, and a row's length counts both columns either way).
#: ``+rowid`` keeps SQLite from driving the ranked MATCH by the rowids one at a time.
RANKED_WORDS_SQL = (
    "(SELECT rowid AS id, bm25(search_entry_fts, 1.0, 0.0) AS score FROM search_entry_fts "
    "WHERE search_entry_fts MATCH %s AND +rowid IN ("
    "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)) r, "
    "search_searchentry e"
)


class SQLiteFTS5Backend(SearchBackend):
    """The embedded default: FTS5 with bm25 ranking."""

    vendor = "sqlite"
    # The text as stored (ISO 8601, in UTC): it sorts like the date, without parsing each one.
    sort_date = "CAST(e.date AS TEXT)"

    def match(
        self,
        groups: list[list[str]],
        filters: list[list[str]] | None = None,
        exclude: list[str] | None = None,
    ) -> Match:
        if not filters:
            return Match(
                tables=(
                    "search_entry_fts JOIN search_searchentry e ON e.id = search_entry_fts.rowid"
                ),
                condition="search_entry_fts MATCH %s",
                # The words alone rank: the filter tokens weigh nothing.
                score="bm25(search_entry_fts, 1.0, 0.0)",
                condition_params=[fts5_query(groups, filters, exclude)],
            )
        return Match(
            tables=RANKED_WORDS_SQL,
            condition="e.id = r.id",
            score="r.score",
            table_params=[words_query(groups), fts5_query(groups, filters, exclude)],
        )

    def after_bulk_load(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        if not connection.in_atomic_block:
            # Move the load out of the write-ahead log into the database file, where reads
            # find it without the log's lookups (SQLite checkpoints by itself only later).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
