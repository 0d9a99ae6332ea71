"""PostgreSQL: a narrow table of what a search with words reads, apart from the display text.

A search with words matches and ranks ``search_tsv`` and then reads, for every entry found,
its record, language, date and filter tokens. On the entries table those rows also hold the
title, the body, the terms and the native ``tsvector``, so that ``search_tsv`` is compressed
or moved out of line (TOAST) and a broad search (thousands of entries) reads and unpacks
several pages per entry. ``search_entry_hot`` holds only ``(id, record_type, record_pk,
language, date, filter_tokens, search_tsv)``, with the GIN index the search uses; triggers
keep it in step with the entries (insert, update, delete, truncate), in the same
transaction, as FTS5's triggers do on SQLite. The GIN index of the entries' own
``search_tsv`` is dropped: nothing reads it any more.

The statements are written here, frozen. SQLite: nothing to do.
"""

from django.db import migrations

_COLUMNS = "id, record_type, record_pk, language, date, filter_tokens, search_tsv"

POSTGRES_CREATE = [
    "CREATE TABLE search_entry_hot ("
    "id bigint PRIMARY KEY, record_type varchar(32) NOT NULL, record_pk bigint NOT NULL, "
    "language varchar(8) NOT NULL, date timestamp with time zone NULL, "
    "filter_tokens text NOT NULL, search_tsv tsvector NOT NULL)",
    "CREATE FUNCTION search_entry_hot_write() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN "
    "DELETE FROM search_entry_hot WHERE id = OLD.id; "
    "END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN NULL; END IF; "
    f"INSERT INTO search_entry_hot ({_COLUMNS}) VALUES (NEW.id, NEW.record_type, "
    "NEW.record_pk, NEW.language, NEW.date, NEW.filter_tokens, NEW.search_tsv) "
    "ON CONFLICT (id) DO UPDATE SET record_type = EXCLUDED.record_type, "
    "record_pk = EXCLUDED.record_pk, language = EXCLUDED.language, date = EXCLUDED.date, "
    "filter_tokens = EXCLUDED.filter_tokens, search_tsv = EXCLUDED.search_tsv; "
    "RETURN NULL; "
    "END $$",
    "CREATE TRIGGER search_entry_hot_write AFTER INSERT OR UPDATE OR DELETE "
    "ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_hot_write()",
    "CREATE FUNCTION search_entry_hot_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN TRUNCATE search_entry_hot; RETURN NULL; END $$",
    "CREATE TRIGGER search_entry_hot_truncate AFTER TRUNCATE ON search_searchentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_entry_hot_truncate()",
    f"INSERT INTO search_entry_hot ({_COLUMNS}) SELECT {_COLUMNS} FROM search_searchentry",
    "CREATE INDEX search_entry_hot_tsv ON search_entry_hot USING gin (search_tsv)",
    "DROP INDEX IF EXISTS search_entry_tsv",
]
POSTGRES_DROP = [
    "CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_searchentry USING gin (search_tsv)",
    "DROP TRIGGER IF EXISTS search_entry_hot_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_hot_write ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_hot_truncate()",
    "DROP FUNCTION IF EXISTS search_entry_hot_write()",
    "DROP TABLE IF EXISTS search_entry_hot",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_filter_tokens")]

    operations = [migrations.RunPython(create, drop)]
