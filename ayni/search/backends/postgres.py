"""PostgreSQL full-text search: ``tsvector`` columns with GIN indexes on the entries.

The migration ``0002_engines`` adds, on PostgreSQL only, two generated columns:

- ``search_tsv = to_tsvector('simple', terms)``: the terms analysed in Python (stemmed per
  language, accents folded, CJK bigrams), so PostgreSQL and SQLite find the same records;
  the ``simple`` configuration only splits them and keeps their positions for ranking;
- ``search_tsv_native = to_tsvector(<configuration of the entry's language>, title || body)``:
  PostgreSQL's own per-language analysis (``french``, ``spanish``, ...), indexed too, for
  SQL users and for comparing; the search service does not read it.

Ranking is ``ts_rank_cd`` (cover density), negated so that lower is better as on SQLite.
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

_NATIVE_CONFIGURATION = (
    "CASE language "
    + " ".join(
        f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in PG_CONFIGURATIONS.items()
    )
    + " ELSE 'simple'::regconfig END"
)

# Run by the migration 0002_engines: a change here needs a new migration, not an edit.
CREATE_SQL = [
    "ALTER TABLE search_searchentry ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (search_tsv)",
    "ALTER TABLE search_searchentry ADD COLUMN search_tsv_native tsvector "
    f"GENERATED ALWAYS AS (to_tsvector({_NATIVE_CONFIGURATION}, title || ' ' || body)) STORED",
    "CREATE INDEX search_entry_tsv_native ON search_searchentry USING gin (search_tsv_native)",
    # Facet and value are correlated ('grouping'/'developing' is common, 'country'/'TV' rare):
    # without these statistics the planner misjudges a filter's size by tenfold and more.
    "CREATE STATISTICS search_facet_value_stats (mcv) ON facet, value FROM search_searchfacet",
]
DROP_SQL = [
    "DROP STATISTICS IF EXISTS search_facet_value_stats",
    "DROP INDEX IF EXISTS search_entry_tsv_native",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_tsv_native",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_tsv",
]


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(groups: list[list[str]]) -> str:
    """The ``to_tsquery`` text: OR within a group, AND between groups."""
    return boolean_query(groups, quote=_quote, prefix=":*", any_of=" | ", all_of=" & ")


class PostgresBackend(SearchBackend):
    """Production: a GIN-indexed tsvector, ranked by ts_rank_cd."""

    vendor = "postgresql"

    def match(self, groups: list[list[str]]) -> Match:
        return Match(
            tables="search_searchentry e, to_tsquery('simple', %s) q",
            condition="e.search_tsv @@ q",
            score="-ts_rank_cd(e.search_tsv, q)",
            table_params=[tsquery_text(groups)],
        )

    def after_bulk_load(self) -> None:
        # VACUUM sets the visibility map, so the facet indexes serve index-only scans; it
        # cannot run inside a transaction, where ANALYZE alone refreshes the statistics.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} search_searchentry")
            cursor.execute(f"{command} search_searchfacet")
