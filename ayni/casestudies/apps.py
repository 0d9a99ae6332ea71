from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasestudiesConfig(AppConfig):
    name = "ayni.casestudies"
    verbose_name = _("Case studies")
