"""Errors of the partnership loop; each says what went wrong and what to do."""

from django.utils.translation import gettext_lazy as _

from ayni.core.errors import ApplicationError
from ayni.core.errors import InvalidTransition as CoreInvalidTransition
from ayni.core.errors import PermissionDenied as CorePermissionDenied


class NotAParty(CorePermissionDenied):
    """The actor speaks for neither side of the match (and is no curator)."""

    default_message = _("Only the two sides of this match, or a curator, can do this.")


class ProposalClosed(CoreInvalidTransition):
    """The proposal was already agreed, declined or withdrawn."""

    default_message = _("This proposal is no longer open.")


class ProposalExists(ApplicationError):
    """An open proposal of the same provider for the same need already exists."""

    default_message = _(
        "This provider has already been proposed for this need and awaits an answer."
    )


class InvalidProposal(ApplicationError):
    """The need or the provider cannot be matched (unpublished, closed, no provider record)."""

    default_message = _("This match cannot be proposed.")


class SideRequired(ApplicationError):
    """The actor may answer for both sides: they must say for which."""

    default_message = _("You may answer for both sides: choose the side you answer for.")


class InvalidProgress(CoreInvalidTransition):
    """The partnership's progress does not allow this step."""

    default_message = _("The partnership cannot take this step from where it stands.")


class AlreadyAnswered(CoreInvalidTransition):
    """The actor's side has already accepted; the other side's answer is awaited."""

    default_message = _("Your side has already accepted; the other side's answer is awaited.")
