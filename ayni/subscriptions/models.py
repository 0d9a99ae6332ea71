"""E-mail updates: subscriptions that need no account."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.subscriptions.choices import Frequency


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """An address that receives updates on topics; confirmed by e-mail, cancelled by token.

    ``topics`` holds lists keyed by kind: ``record_types``, ``subjects``, ``countries``,
    ``regions``, ``search`` (a saved query) and ``need`` (matches for a need's id).
    """

    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="en")
    topics = models.JSONField(_("topics"), default=dict, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=new_token, editable=False
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="subscriptions_subscription_frequency_valid",
                violation_error_message=_("The frequency is not a known frequency."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed=False) | Q(confirmed_at__isnull=False),
                name="subscriptions_subscription_confirmed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.frequency})"
