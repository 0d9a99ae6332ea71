"""Ayni's settings: the base, then one module per integration, all read from the environment.

With no environment at all this is a working development configuration on 127.0.0.1.
``AYNI_ENVIRONMENT=production`` turns on the production checks (see ``production.py``).
"""

import os

# One BLAS thread per process (set before numpy is first imported, by the apps): matching's
# matrix-vector products are small, and extra threads per request only contend for the few
# cores a server has (docs/matching.md: top-10 p95 50.6 -> 46.1 ms over 100,000 providers).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from config.settings.base import *  # noqa: F403
from config.settings.cache import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.email import *  # noqa: F403
from config.settings.federation import *  # noqa: F403
from config.settings.production import *  # noqa: F403
from config.settings.tasks import *  # noqa: F403
