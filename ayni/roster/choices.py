from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    RESEARCH = "research", _("Research institute")
    ACADEMIC = "academic", _("Academic")
    NGO = "ngo", _("Non-governmental organization")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
    PRIVATE = "private", _("Private sector")
    COMMUNITY = "community", _("Community organization")
    FUNDER = "funder", _("Funder")
