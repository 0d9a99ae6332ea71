"""Back office for curators: proposals and notices, read-only (the services write them)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ayni.partnerships.models import Notice, Proposal


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to curators; changed only through the pages and their services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_curator", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_curator", False))


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("need", "provider_uid", "state", "created", "partnership")
    list_filter = ("state",)
    search_fields = ("need__uid", "provider_uid")
    raw_id_fields = ("need", "provider_expert", "provider_organization", "provider_offer")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "verb", "subject", "created", "read_at")
    list_filter = ("verb",)
