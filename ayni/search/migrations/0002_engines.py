"""The full-text structure of each engine over the entries' terms, made on its database only.

SQLite: an external-content FTS5 table and the triggers that keep it in step.
PostgreSQL: generated tsvector columns with GIN indexes.
"""

from django.db import migrations


def _statements(vendor, action):
    if vendor == "sqlite":
        from ayni.search.backends import sqlite_fts5 as engine
    elif vendor == "postgresql":
        from ayni.search.backends import postgres as engine
    else:
        return []
    return engine.CREATE_SQL if action == "create" else engine.DROP_SQL


def create(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, "create"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, "drop"):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
