"""Facet codes: every entry's facet values also as small integer codes, counted with numpy.

A search with words counts the facet values of the records it finds (thousands for a broad
search, some 23 values each). Split out of the ``filter_tokens`` strings that costs a string
object and a hash per value; as codes (``SearchEntry.facet_codes``, one little-endian
unsigned 32-bit integer per facet token, the status left out) the count is one
``numpy.bincount`` over the entries' codes joined. ``SearchFacetCode`` gives each token its
code, once and for good (never changed nor reused), so counting codes is counting tokens.

This migration makes the code table and the column (added as ``NOT NULL DEFAULT x''`` in
place: on SQLite an added ``NOT NULL`` field would otherwise have the entries' table copied,
losing the FTS5 triggers), fills both from the entries' filter tokens (so an existing index
needs no ``reindex``), and on PostgreSQL makes ``search_entry_hot`` again with
``facet_codes`` in place of ``filter_tokens`` (which a search no longer reads), its trigger
function carrying the new column. The statements are written here, frozen.
"""

import importlib

from django.db import migrations, models

BATCH = 5000

ADD_COLUMN = {
    "sqlite": "ALTER TABLE search_searchentry ADD COLUMN facet_codes BLOB NOT NULL DEFAULT x''",
    "postgresql": (
        "ALTER TABLE search_searchentry ADD COLUMN facet_codes bytea NOT NULL DEFAULT ''::bytea"
    ),
}
DROP_COLUMN = "ALTER TABLE search_searchentry DROP COLUMN facet_codes"

_HOT_COLUMNS = "id, record_type, record_pk, language, date, facet_codes, search_tsv"

#: PostgreSQL, before the fill: the trigger copying every entry written to the hot table
#: (the fill rewrites every entry, and the hot table is made again after it).
POSTGRES_BEFORE_FILL = [
    "DROP TRIGGER IF EXISTS search_entry_hot_write ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_hot_write()",
]
#: PostgreSQL, after the fill: the hot table with ``facet_codes``, its trigger, its index.
POSTGRES_HOT_CREATE = [
    "DROP TABLE IF EXISTS search_entry_hot",
    "CREATE TABLE search_entry_hot ("
    "id bigint PRIMARY KEY, record_type varchar(32) NOT NULL, record_pk bigint NOT NULL, "
    "language varchar(8) NOT NULL, date timestamp with time zone NULL, "
    "facet_codes bytea NOT NULL, search_tsv tsvector NOT NULL)",
    "CREATE FUNCTION search_entry_hot_write() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN "
    "DELETE FROM search_entry_hot WHERE id = OLD.id; "
    "END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN NULL; END IF; "
    f"INSERT INTO search_entry_hot ({_HOT_COLUMNS}) VALUES (NEW.id, NEW.record_type, "
    "NEW.record_pk, NEW.language, NEW.date, NEW.facet_codes, NEW.search_tsv) "
    "ON CONFLICT (id) DO UPDATE SET record_type = EXCLUDED.record_type, "
    "record_pk = EXCLUDED.record_pk, language = EXCLUDED.language, date = EXCLUDED.date, "
    "facet_codes = EXCLUDED.facet_codes, search_tsv = EXCLUDED.search_tsv; "
    "RETURN NULL; "
    "END $$",
    "CREATE TRIGGER search_entry_hot_write AFTER INSERT OR UPDATE OR DELETE "
    "ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_hot_write()",
    f"INSERT INTO search_entry_hot ({_HOT_COLUMNS}) SELECT {_HOT_COLUMNS} FROM search_searchentry",
    "CREATE INDEX search_entry_hot_tsv ON search_entry_hot USING gin (search_tsv)",
    "ANALYZE search_entry_hot",
]


def _hot_table_0004():
    return importlib.import_module("ayni.search.migrations.0004_postgres_hot_table")


def add_column(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(ADD_COLUMN[vendor])


def drop_column(apps, schema_editor):
    schema_editor.execute(DROP_COLUMN)


def fill_codes(connection) -> int:
    """Give every entry the codes of its facet tokens (its filter tokens but the status),
    coding each token not yet in the code table. Returns the number of entries filled."""
    code_of: dict[str, int] = {}
    filled = 0
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, filter_tokens FROM search_searchentry WHERE id > %s "
                "ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return filled
            last = rows[-1][0]
            tokens = [
                [token for token in text.split() if not token.startswith("status:")]
                for _id, text in rows
            ]
            missing = sorted({token for some in tokens for token in some} - code_of.keys())
            if missing:
                marks = ", ".join(["%s"] * len(missing))
                cursor.execute(
                    f"SELECT token, code FROM search_searchfacetcode WHERE token IN ({marks})",  # noqa: S608
                    missing,
                )
                code_of.update(cursor.fetchall())
                new = [token for token in missing if token not in code_of]
                if new:
                    cursor.executemany(
                        "INSERT INTO search_searchfacetcode (token) VALUES (%s)",
                        [(token,) for token in new],
                    )
                    marks = ", ".join(["%s"] * len(new))
                    cursor.execute(
                        f"SELECT token, code FROM search_searchfacetcode WHERE token IN ({marks})",  # noqa: S608
                        new,
                    )
                    code_of.update(cursor.fetchall())
            cursor.executemany(
                "UPDATE search_searchentry SET facet_codes = %s WHERE id = %s",
                [
                    (_pack([code_of[token] for token in some]), entry_id)
                    for (entry_id, _text), some in zip(rows, tokens, strict=True)
                ],
            )
            filled += len(rows)


def _pack(codes: list[int]) -> bytes:
    """As ``ayni.search.documents.pack_codes``, frozen: little-endian unsigned 32-bit."""
    return b"".join(code.to_bytes(4, "little") for code in codes)


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        for statement in POSTGRES_BEFORE_FILL:
            schema_editor.execute(statement)
    fill_codes(schema_editor.connection)
    if postgres:
        for statement in POSTGRES_HOT_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The hot table of 0004 (with filter_tokens), its trigger function and its index.
        create = _hot_table_0004().POSTGRES_CREATE
        schema_editor.execute("DROP TRIGGER IF EXISTS search_entry_hot_write ON search_searchentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS search_entry_hot_write()")
        schema_editor.execute("DROP TABLE IF EXISTS search_entry_hot")
        for statement in [create[0], create[1], create[2], create[5], create[6]]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_hot_table")]

    operations = [
        migrations.CreateModel(
            name="SearchFacetCode",
            fields=[
                ("code", models.AutoField(primary_key=True, serialize=False, verbose_name="code")),
                (
                    "token",
                    models.CharField(max_length=96, unique=True, verbose_name="filter token"),
                ),
            ],
            options={
                "verbose_name": "search facet code",
                "verbose_name_plural": "search facet codes",
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="facet_codes",
                    field=models.BinaryField(
                        blank=True,
                        default=b"",
                        help_text=(
                            "The facet values of the filter tokens (not the status) as codes "
                            "of the facet code table, little-endian unsigned 32-bit integers, "
                            "for counting them."
                        ),
                        verbose_name="facet codes",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.RunPython(forwards, backwards),
    ]
