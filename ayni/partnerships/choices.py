from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    """Where a proposed match stands: both sides accept, and it becomes a partnership."""

    PROPOSED = "proposed", _("Proposed")
    ACCEPTED_BY_NEED = "accepted-by-need", _("Accepted by the requesting side")
    ACCEPTED_BY_PROVIDER = "accepted-by-provider", _("Accepted by the provider")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The states in which a proposal still waits for an answer.
OPEN_STATES = (
    ProposalState.PROPOSED,
    ProposalState.ACCEPTED_BY_NEED,
    ProposalState.ACCEPTED_BY_PROVIDER,
)


class Side(models.TextChoices):
    """The two sides of a match."""

    NEED = "need", _("the requesting side")
    PROVIDER = "provider", _("the provider")


class NoticeVerb(models.TextChoices):
    """What a notice tells its recipient."""

    PROPOSED = "proposed", _("A match was proposed")
    ACCEPTED = "accepted", _("A proposal was accepted")
    AGREED = "agreed", _("Both sides agreed: a partnership begins")
    DECLINED = "declined", _("A proposal was declined")
    WITHDRAWN = "withdrawn", _("A proposal was withdrawn")
    STARTED = "started", _("A partnership is now active")
    COMPLETED = "completed", _("A partnership was completed: a draft case study awaits")
    CANCELLED = "cancelled", _("A partnership was cancelled")
