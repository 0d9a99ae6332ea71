"""Partner clearing-houses in the admin (curators only: permissions.CURATOR_ONLY_TYPES)."""

from django.contrib import admin

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter
from ayni.federation.models import ClearingHouse, DuplicateLink, HarvestRun


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
