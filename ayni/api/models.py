"""API tokens: how a program acts as a person on the JSON API."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A key a person gives a program; the API acts as that person, with their role.

    Only the SHA-256 hash of the key is stored: the key itself is shown once, when the token
    is made, and cannot be read again. A revoked token stays for the record but opens nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'nightly sync'.")
    )
    key_hash = models.CharField(
        _("key hash"), max_length=64, unique=True, editable=False, help_text=_("SHA-256, hex.")
    )
    key_prefix = models.CharField(
        _("key prefix"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the key, to tell tokens apart."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
