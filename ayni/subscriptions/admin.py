"""E-mail subscriptions in the admin: curators look them up and remove them on request."""

from django.contrib import admin

from ayni.core.admin import AyniModelAdmin
from ayni.subscriptions.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(AyniModelAdmin):
    """Confirmation and the unsubscribe token belong to the subscriber's e-mail links."""

    list_display = ("email", "language", "frequency", "confirmed", "created", "last_sent_at")
    list_filter = ("frequency", "confirmed", "language")
    search_fields = ("email",)
    date_hierarchy = "created"
    fields = (
        "email",
        "language",
        "frequency",
        "topics",
        "confirmed",
        "confirmed_at",
        "created",
        "last_sent_at",
        "token",
    )
    readonly_fields = ("confirmed", "confirmed_at", "created", "last_sent_at", "token")
