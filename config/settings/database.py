"""The database: the one ``DATABASE_URL`` names, else the embedded SQLite file in WAL mode."""

import dj_database_url

from config.env import env_int, env_str
from config.settings.base import VAR_DIR

DATABASE_URL = env_str("DATABASE_URL")

SQLITE_OPTIONS = {
    # WAL lets readers go on while a writer writes; IMMEDIATE avoids lock upgrades failing.
    # A page cache of up to 64 MiB per connection (filled only as pages are read) and up to
    # 256 MiB of the file read through memory-mapped I/O (the OS's page cache, shared by
    # every process): the search index's pages are read without a copy each time
    # (docs/search.md, "Third round": about 10% less CPU per search).
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=5000; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
    ),
    "transaction_mode": "IMMEDIATE",
}

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60)
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "ayni.sqlite3"),
        }
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
