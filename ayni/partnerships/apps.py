from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "ayni.partnerships"
    verbose_name = _("Proposals and the partnership loop")
