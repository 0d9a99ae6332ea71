"""Partner clearing-houses in the admin (curators only: permissions.CURATOR_ONLY_TYPES)."""

from django.contrib import admin

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter
from ayni.federation.models import ClearingHouse


@admin.register(ClearingHouse)
class ClearingHouseAdmin(RecordAdmin):
    list_display = record_list_display("protocol", "schedule", "last_harvested_at")
    list_filter = record_list_filter("protocol", "schedule")
    search_fields = ("uid", "name", "url", "endpoint")
    readonly_fields = ("last_harvested_at", "last_harvest_report")
