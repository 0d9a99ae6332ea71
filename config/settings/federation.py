"""Federation and the API: OAI-PMH identity and paging, API write limits."""

from config.env import env_int, env_list, env_str
from config.settings.base import AYNI_NAMESPACE

# OAI-PMH: the repository identifier in oai:<identifier>:<record id> (the site's domain in
# production), records a page, and the addresses Identify gives as adminEmail.
AYNI_OAI_REPOSITORY_IDENTIFIER = env_str("AYNI_OAI_REPOSITORY_IDENTIFIER", AYNI_NAMESPACE)
AYNI_OAI_PAGE_SIZE = env_int("AYNI_OAI_PAGE_SIZE", default=1000)
AYNI_OAI_ADMIN_EMAILS = env_list("AYNI_OAI_ADMIN_EMAILS")  # empty: ADMINS, else DEFAULT_FROM_EMAIL

# The API: writes a token may make in a window of seconds (429 beyond).
AYNI_API_WRITES_PER_WINDOW = env_int("AYNI_API_WRITES_PER_WINDOW", default=60)
AYNI_API_WRITE_WINDOW_SECONDS = env_int("AYNI_API_WRITE_WINDOW_SECONDS", default=60)

# Harvesting: a run with no progress for this many seconds is taken as crashed and resumed.
AYNI_HARVEST_STALE_SECONDS = env_int("AYNI_HARVEST_STALE_SECONDS", default=600)
