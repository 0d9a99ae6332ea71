from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Matching needs to expertise: the pure engine, the stored text vectors, the services."""

    name = "ayni.matching"
    verbose_name = _("Matching")
