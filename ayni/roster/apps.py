from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "ayni.roster"
    verbose_name = _("Roster of expertise")
