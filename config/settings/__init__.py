"""Ayni's settings: the base, then one module per integration, all read from the environment.

With no environment at all this is a working development configuration on 127.0.0.1.
``AYNI_ENVIRONMENT=production`` turns on the production checks (see ``production.py``).
"""

from config.settings.base import *  # noqa: F403
from config.settings.cache import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.email import *  # noqa: F403
from config.settings.federation import *  # noqa: F403
from config.settings.production import *  # noqa: F403
from config.settings.tasks import *  # noqa: F403
