"""The full-text structure of each engine over the entries' terms, made on its database only.

SQLite: an external-content FTS5 table and the triggers that keep it in step.
PostgreSQL: generated tsvector columns with GIN indexes.

The statements are written here, frozen: ``0003_filter_tokens`` replaces the FTS5 table and
the ``search_tsv`` column with ones that also index the entries' filter tokens.
"""

from django.db import migrations

SQLITE_CREATE = [
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
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]

_NATIVE_CONFIGURATION = (
    "CASE language WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig "
    "WHEN 'es' THEN 'spanish'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig "
    "WHEN 'ar' THEN 'arabic'::regconfig WHEN 'ru' THEN 'russian'::regconfig "
    "ELSE 'simple'::regconfig END"
)
POSTGRES_CREATE = [
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
POSTGRES_DROP = [
    "DROP STATISTICS IF EXISTS search_facet_value_stats",
    "DROP INDEX IF EXISTS search_entry_tsv_native",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_tsv_native",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_tsv",
]
STATEMENTS = {
    "sqlite": {"create": SQLITE_CREATE, "drop": SQLITE_DROP},
    "postgresql": {"create": POSTGRES_CREATE, "drop": POSTGRES_DROP},
}


def create(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, {}).get("create", []):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, {}).get("drop", []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
