"""SQLite FTS5: an external-content FTS5 table over ``search_searchentry.terms``.

The table ``search_entry_fts`` and the triggers keeping it in step with the entries are made
by the migration ``0002_engines`` on SQLite only. Ranking is FTS5's ``bm25()`` (lower is
better). The terms are already analysed in Python, so the ``unicode61`` tokenizer only splits
them on spaces.
"""

from django.db import connection

from ayni.search.backends.base import Match, SearchBackend, boolean_query

FTS_TABLE = "search_entry_fts"

# Run by the migration 0002_engines: a change here needs a new migration, not an edit.
CREATE_SQL = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(terms, content='search_searchentry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); "
    "END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE OF terms ON search_searchentry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, terms) "
    "VALUES ('delete', old.id, old.terms); "
    "INSERT INTO search_entry_fts(rowid, terms) VALUES (new.id, new.terms); END",
    # Rebuild from the entries already there (none on a fresh database).
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


def fts5_query(groups: list[list[str]]) -> str:
    """The FTS5 MATCH expression: OR within a group, AND between groups."""
    return boolean_query(groups, quote=_quote, prefix="*", any_of=" OR ", all_of=" AND ")


class SQLiteFTS5Backend(SearchBackend):
    """The embedded default: FTS5 with bm25 ranking."""

    vendor = "sqlite"

    def match(self, groups: list[list[str]]) -> Match:
        return Match(
            tables="search_entry_fts JOIN search_searchentry e ON e.id = search_entry_fts.rowid",
            condition="search_entry_fts MATCH %s",
            score="bm25(search_entry_fts)",
            condition_params=[fts5_query(groups)],
        )

    def after_bulk_load(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
