"""Case studies in the admin."""

from django.contrib import admin

from ayni.casestudies.models import CaseStudy
from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter, related_filter


@admin.register(CaseStudy)
class CaseStudyAdmin(RecordAdmin):
    list_display = record_list_display("modality", "start_date", "end_date")
    list_filter = record_list_filter(
        "modality", related_filter("provider_countries"), related_filter("beneficiary_countries")
    )
    search_fields = ("uid",)
    search_text_fields = ("title", "summary", "description", "results", "lessons")
    autocomplete_fields = (
        "provider_countries",
        "beneficiary_countries",
        "organizations",
        "funders",
        "subjects",
        "gbf_targets",
        "aichi_targets",
    )
    country_lookups = ("provider_countries", "beneficiary_countries")
