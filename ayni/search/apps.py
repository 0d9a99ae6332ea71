from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search across every record type: the index, its engines and the services."""

    name = "ayni.search"
    verbose_name = _("Search")
