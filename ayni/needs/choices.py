from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerScope(models.TextChoices):
    """How far from home a need looks for partners (by UN M49)."""

    SUBREGIONAL = "subregional", _("Sub-regional")
    REGIONAL = "regional", _("Regional")
    GLOBAL = "global", _("Global")


class NeedProgress(models.TextChoices):
    """Where a need stands, apart from its publication status."""

    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    IN_PARTNERSHIP = "in-partnership", _("In partnership")
    CLOSED = "closed", _("Closed")


class PartnershipProgress(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
