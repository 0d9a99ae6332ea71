"""The roles of the people who sign in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in person may do; visitors are not signed in and only read."""

    CONTRIBUTOR = "contributor", _("Contributor")
    FOCAL_POINT = "focal-point", _("National focal point")
    CURATOR = "curator", _("Curator")
    ADMINISTRATOR = "administrator", _("Administrator")
