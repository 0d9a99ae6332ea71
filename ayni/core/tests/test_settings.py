"""The settings read from the environment: production checks, DEBUG and the database.

Settings are read once per process, so each environment is tried in a fresh Python.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

REPO_ROOT = Path(__file__).resolve().parents[3]
SECRET = "x" * 50  # a key long enough for the production check (40 characters at least)
SHOW_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
    "PORT": str(database.get("PORT", "")),
    "OPTIONS": database.get("OPTIONS", {}),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
}))
"""


def _start(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh Python with only these Ayni/Django/database variables set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AYNI_", "DJANGO_", "DATABASE_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["AYNI_VAR_DIR"] = str(tmp_path / "var")
    env.update(variables)
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(tmp_path: Path, **variables: str) -> dict[str, Any]:
    started = _start(tmp_path, **variables)
    assert started.returncode == 0, started.stderr
    shown: dict[str, Any] = json.loads(started.stdout.strip().splitlines()[-1])
    return shown


def test_production_without_secret_key_refuses_to_start(tmp_path):
    """AYNI_ENVIRONMENT=production without DJANGO_SECRET_KEY stops with ImproperlyConfigured."""
    started = _start(
        tmp_path, AYNI_ENVIRONMENT="production", DJANGO_ALLOWED_HOSTS="ayni.example.org"
    )
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "DJANGO_SECRET_KEY" in started.stderr


def test_production_with_a_short_secret_key_refuses_to_start(tmp_path):
    """A production secret key shorter than 40 characters is refused."""
    started = _start(
        tmp_path,
        AYNI_ENVIRONMENT="production",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS="ayni.example.org",
    )
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "DJANGO_SECRET_KEY" in started.stderr


def test_production_without_allowed_hosts_refuses_to_start(tmp_path):
    """A production secret key but no DJANGO_ALLOWED_HOSTS stops with ImproperlyConfigured."""
    started = _start(tmp_path, AYNI_ENVIRONMENT="production", DJANGO_SECRET_KEY=SECRET)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "DJANGO_ALLOWED_HOSTS" in started.stderr


def test_production_with_key_and_hosts_starts_without_debug(tmp_path):
    """With a secret key and allowed hosts, production starts, and DEBUG is off."""
    shown = _settings(
        tmp_path,
        AYNI_ENVIRONMENT="production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="ayni.example.org,www.ayni.example.org",
    )
    assert shown["DEBUG"] is False
    assert shown["ALLOWED_HOSTS"] == ["ayni.example.org", "www.ayni.example.org"]


def test_no_environment_is_development_on_sqlite(tmp_path):
    """With no environment at all, DEBUG is on and the database is the SQLite file in var/."""
    shown = _settings(tmp_path)
    assert shown["DEBUG"] is True
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["NAME"] == str(tmp_path / "var" / "ayni.sqlite3")
    assert "journal_mode=WAL" in shown["OPTIONS"]["init_command"]


def test_sqlite_database_url_selects_that_file(tmp_path):
    """DATABASE_URL=sqlite:////path selects that file, still in WAL mode."""
    database = tmp_path / "x.sqlite3"
    shown = _settings(tmp_path, DATABASE_URL=f"sqlite:///{database}")
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["NAME"] == str(database)
    assert "journal_mode=WAL" in shown["OPTIONS"]["init_command"]


def test_postgres_database_url_selects_postgresql(tmp_path):
    """DATABASE_URL=postgres://... selects PostgreSQL there (settings only, no connection)."""
    shown = _settings(tmp_path, DATABASE_URL="postgres://u@h:5432/db")
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert (shown["NAME"], shown["HOST"], shown["PORT"]) == ("db", "h", "5432")
    assert "init_command" not in shown["OPTIONS"]


@pytest.mark.django_db
def test_sqlite_connections_are_in_wal_mode(tmp_path):
    """A connection made with the configured SQLite options puts its file in WAL mode."""
    if connection.vendor != "sqlite":
        pytest.skip(f"WAL is a SQLite journal mode; this run uses {connection.vendor}")
    # The test database itself may be in memory (no WAL there): open the configured
    # connection on a file instead.
    default = connections["default"]
    settings_dict = {**default.settings_dict, "NAME": str(tmp_path / "wal.sqlite3")}
    wrapper = type(default)(settings_dict, alias="wal_check")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            (mode,) = cursor.fetchone()
            cursor.execute("PRAGMA foreign_keys")
            (foreign_keys,) = cursor.fetchone()
    finally:
        wrapper.close()
    assert mode == "wal"
    assert foreign_keys == 1


@pytest.mark.django_db
def test_database_is_postgresql_when_required():
    """With AYNI_REQUIRE_POSTGRES=1 (CI's second run) the tests really ran on PostgreSQL."""
    if os.environ.get("AYNI_REQUIRE_POSTGRES") != "1":
        pytest.skip("AYNI_REQUIRE_POSTGRES=1 is not set: this run need not use PostgreSQL")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert version.startswith("PostgreSQL")
