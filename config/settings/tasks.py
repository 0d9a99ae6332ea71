"""Background work through Django's tasks API, stored in the database (no broker needed)."""

from config.env import env_str

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
