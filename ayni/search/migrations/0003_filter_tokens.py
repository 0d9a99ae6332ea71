"""Filter tokens (the status and the facet values) indexed by each engine next to the terms.

The entries gain ``filter_tokens`` (``status:published country:SN subject:marine-coastal``),
filled here from their facet rows; the FTS5 table (SQLite) and the ``search_tsv`` column
(PostgreSQL) are made again to index them too, so that a search with words and filters is
one intersection in the engine's index instead of a probe per matching entry.
"""

import importlib

from django.db import migrations, models

FILL_SQL = {
    "sqlite": (
        "UPDATE search_searchentry SET filter_tokens = 'status:' || status || COALESCE(("
        "SELECT ' ' || group_concat(f.facet || ':' || f.value, ' ') FROM search_searchfacet f "
        "WHERE f.entry_id = search_searchentry.id), '')"
    ),
    "postgresql": (
        "UPDATE search_searchentry e SET filter_tokens = 'status:' || e.status || COALESCE(("
        "SELECT ' ' || string_agg(f.facet || ':' || f.value, ' ' ORDER BY f.facet, f.value) "
        "FROM search_searchfacet f WHERE f.entry_id = e.id), '')"
    ),
}


def _engines(vendor):
    """The statements of 0002 (the old structures) and of the engine module (the new)."""
    previous = importlib.import_module("ayni.search.migrations.0002_engines").STATEMENTS
    if vendor == "sqlite":
        from ayni.search.backends import sqlite_fts5 as engine
    elif vendor == "postgresql":
        from ayni.search.backends import postgres as engine
    else:
        return None, None
    old = {"sqlite": previous["sqlite"], "postgresql": previous["postgresql"]}[vendor]
    return old, engine


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    old, engine = _engines(vendor)
    if engine is None:
        return
    if vendor == "sqlite":
        for statement in old["drop"]:
            schema_editor.execute(statement)
    else:  # keep the native column, its index and the statistics of 0002
        for statement in engine.DROP_SQL:
            schema_editor.execute(statement)
    schema_editor.execute(FILL_SQL[vendor])
    for statement in engine.CREATE_SQL:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    old, engine = _engines(vendor)
    if engine is None:
        return
    for statement in engine.DROP_SQL:
        schema_editor.execute(statement)
    if vendor == "sqlite":
        for statement in old["create"]:
            schema_editor.execute(statement)
    else:
        schema_editor.execute(old["create"][0])
        schema_editor.execute(old["create"][1])


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engines")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="filter_tokens",
            field=models.TextField(
                blank=True,
                default="",
                help_text=(
                    "The status and facet values as tokens (status:published country:SN ...), "
                    "indexed by the engine next to the terms so that filters are matched there."
                ),
                verbose_name="filter tokens",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, backwards),
    ]
