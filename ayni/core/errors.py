"""Errors of the application: each says what went wrong and where."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """Base of every error Ayni raises on purpose; ``message`` is shown to the user."""

    default_message = _("The request could not be completed.")

    def __init__(
        self, message: str | Promise | None = None, *, extra: dict[str, object] | None = None
    ):
        self.message = str(message if message is not None else self.default_message)
        self.extra = extra or {}
        super().__init__(self.message)


class PermissionDenied(ApplicationError):
    """The actor may not do this to this record."""

    default_message = _("You do not have permission to do this.")


class InvalidTransition(ApplicationError):
    """The record's status does not allow this step of the workflow."""

    default_message = _("This record cannot move to that status from its current one.")


class ValidationFailed(ApplicationError):
    """The data given does not follow the exchange format or the vocabularies."""

    default_message = _("The data is not valid.")
