"""The search engines behind one interface, chosen from the database in use."""

from django.db import connection

from ayni.search.backends.base import SearchBackend


def get_backend() -> SearchBackend:
    """The engine of the database: FTS5 on SQLite, full-text search on PostgreSQL."""
    if connection.vendor == "postgresql":
        from ayni.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from ayni.search.backends.sqlite_fts5 import SQLiteFTS5Backend

        return SQLiteFTS5Backend()
    raise NotImplementedError(f"no search engine for the database '{connection.vendor}'")
