"""The library (references and web links) in the admin."""

from django.contrib import admin

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter, related_filter
from ayni.library.models import Resource


@admin.register(Resource)
class ResourceAdmin(RecordAdmin):
    list_display = record_list_display(
        "resource_type", "publisher", "publication_date", "link_status"
    )
    # Curators find broken links with the link-status filter.
    list_filter = record_list_filter("resource_type", "link_status", related_filter("countries"))
    readonly_fields = (
        "link_status",
        "link_checked_at",
        "link_http_status",
        "link_final_url",
        "link_problem",
        "link_failures",
    )
    search_fields = ("uid", "authors", "publisher", "url")
    search_text_fields = ("title", "summary")
    autocomplete_fields = ("subjects", "gbf_targets", "aichi_targets", "countries", "languages")
    country_lookups = ("countries",)
