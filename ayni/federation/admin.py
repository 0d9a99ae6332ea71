"""Partner clearing-houses in the admin (curators only: permissions.CURATOR_ONLY_TYPES)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ayni.core.admin import AyniModelAdmin, RecordAdmin, record_list_display, record_list_filter
from ayni.federation.models import ClearingHouse, DuplicateLink, HarvestRun, OaiFragment


@admin.register(ClearingHouse)
class ClearingHouseAdmin(RecordAdmin):
    list_display = record_list_display("protocol", "schedule", "last_harvested_at")
    list_filter = record_list_filter("protocol", "schedule")
    search_fields = ("uid", "name", "url", "endpoint")
    readonly_fields = ("last_harvested_at", "last_harvest_report")


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ("clearing_house", "started_at", "finished_at", "status", "full")
    list_filter = ("status", "clearing_house")
    readonly_fields = ("state", "report", "heartbeat_at")


@admin.register(DuplicateLink)
class DuplicateLinkAdmin(admin.ModelAdmin):
    list_display = ("source", "source_id", "record_type", "record_uid", "reason", "created")
    list_filter = ("record_type", "source")
    search_fields = ("source_id", "record_uid", "duplicate_uid")


@admin.register(OaiFragment)
class OaiFragmentAdmin(AyniModelAdmin):
    """Stored OAI-PMH renderings, read-only: curators may look, or delete (rendered again)."""

    role_permissions = frozenset({"view", "delete"})
    list_display = ("record_type", "record_pk", "datestamp")
    list_filter = ("record_type",)
    search_fields = ("record_type",)
    readonly_fields = ["record_type", "record_pk", "datestamp", "facts", "sets", "places"]
    readonly_fields += ["oai_dc", "ayni"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
