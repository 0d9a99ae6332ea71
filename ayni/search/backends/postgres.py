"""PostgreSQL full-text search: ``tsvector`` columns with GIN indexes on the entries.

The migrations ``0002_engines`` and ``0003_filter_tokens`` add, on PostgreSQL only, two
generated columns:

- ``search_tsv = to_tsvector('simple', terms) || array_to_tsvector(filter tokens)``: the
  terms analysed in Python (stemmed per language, accents folded, CJK bigrams), so
  PostgreSQL and SQLite find the same records (the ``simple`` configuration only splits
  them and keeps their positions for ranking), and the filter tokens (``status:published``,
  ``country:SN``) as lexemes, so one GIN scan applies the words and the filters;
- ``search_tsv_native = to_tsvector(<configuration of the entry's language>, title || body)``:
  PostgreSQL's own per-language analysis (``french``, ``spanish``, ...), indexed too, for
  SQL users and for comparing; the search service does not read it.

Ranking is ``ts_rank_cd`` (cover density), negated so that lower is better as on SQLite.

A search reads a narrow copy of the columns it needs, ``search_entry_hot`` (migration
``0004_postgres_hot_table``), rather than the entries themselves: see ``HOT_TABLE``.
"""

from django.db import connection

from ayni.search.backends.base import Match, SearchBackend, boolean_query

#: PostgreSQL's text search configuration of each language the native column analyses.
PG_CONFIGURATIONS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "ar": "arabic",
    "ru": "russian",
}

# Run by the migration 0003_filter_tokens (after 0002_engines made the native column): a
# change here needs a new migration, not an edit. The filter tokens join the terms in
# ``search_tsv`` as lexemes taken verbatim (``array_to_tsvector``: no parsing, no positions).
CREATE_SQL = [
    "ALTER TABLE search_searchentry ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms) || "
    "array_to_tsvector(string_to_array(filter_tokens, ' '))) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (search_tsv)",
]
DROP_SQL = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_tsv",
]


#: The narrow table a search with words reads (migration ``0004_postgres_hot_table``, made
#: again by ``0005_facet_codes``): the entries' ``id, record_type, record_pk, language, date,
#: facet_codes, search_tsv``, kept in step by triggers, with the GIN index over
#: ``search_tsv``. Its columns are named as the entries' own, so the selectors read it as
#: ``e``.
HOT_TABLE = "search_entry_hot"


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(groups: list[list[str]]) -> str:
    """The ``to_tsquery`` text: OR within a group, AND between groups."""
    return boolean_query(groups, quote=_quote, prefix=":*", any_of=" | ", all_of=" & ")


def filter_tsquery(filters: list[list[str]], exclude: list[str] | None = None) -> str:
    """The filter tokens as a ``tsquery`` literal (quoted lexemes, taken verbatim): each group
    one of its tokens, and none of the ``exclude`` tokens."""
    parts = []
    if filters:
        parts.append(boolean_query(filters, quote=_quote, prefix="", any_of=" | ", all_of=" & "))
    if exclude:
        parts.append("!(" + " | ".join(_quote(token) for token in exclude) + ")")
    return " & ".join(parts)


class PostgresBackend(SearchBackend):
    """Production: a GIN-indexed tsvector, ranked by ts_rank_cd."""

    vendor = "postgresql"
    # Fixed-width text in UTC to the microsecond: it sorts like the date, and thousands of
    # rows need no datetime parsing on the client.
    sort_date = "to_char(e.date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"

    def match(
        self,
        groups: list[list[str]],
        filters: list[list[str]] | None = None,
        exclude: list[str] | None = None,
    ) -> Match:
        if not filters and not exclude:
            return Match(
                tables=f"{HOT_TABLE} e, to_tsquery('simple', %s) q",
                condition="e.search_tsv @@ q",
                score="-ts_rank_cd(e.search_tsv, q)",
                table_params=[tsquery_text(groups)],
            )
        # One GIN scan for words and filters; the words alone rank.
        return Match(
            tables=f"{HOT_TABLE} e, to_tsquery('simple', %s) q, CAST(%s AS tsquery) qf",
            condition="e.search_tsv @@ (q && qf)",
            score="-ts_rank_cd(e.search_tsv, q)",
            table_params=[tsquery_text(groups), filter_tsquery(filters or [], exclude)],
        )

    def after_bulk_load(self) -> None:
        # VACUUM sets the visibility map, so the facet indexes serve index-only scans; it
        # cannot run inside a transaction, where ANALYZE alone refreshes the statistics.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} search_searchentry")
            cursor.execute(f"{command} {HOT_TABLE}")
            cursor.execute(f"{command} search_searchfacet")
