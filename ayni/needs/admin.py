"""Needs, offers and partnerships in the admin."""

from django.contrib import admin

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter, related_filter
from ayni.needs.models import Need, Offer, Partnership


@admin.register(Need)
class NeedAdmin(RecordAdmin):
    list_display = record_list_display("country", "progress", "partner_scope")
    list_filter = record_list_filter("progress", "partner_scope", related_filter("country"))
    list_select_related = ("country",)
    search_fields = ("uid", "institution_name")
    search_text_fields = ("title", "description")
    autocomplete_fields = (
        "country",
        "institution",
        "subjects",
        "gbf_targets",
        "aichi_targets",
        "assistance_types",
        "languages",
    )
    country_lookups = ("country",)


@admin.register(Offer)
class OfferAdmin(RecordAdmin):
    list_display = record_list_display(
        "provider_country", "provider_organization", "provider_expert"
    )
    list_filter = record_list_filter(related_filter("provider_country"))
    list_select_related = ("provider_country", "provider_organization", "provider_expert")
    search_fields = ("uid",)
    search_text_fields = ("title", "description", "eligibility")
    autocomplete_fields = (
        "provider_organization",
        "provider_expert",
        "provider_country",
        "subjects",
        "gbf_targets",
        "assistance_types",
        "languages",
        "regions_covered",
    )
    country_lookups = (
        "provider_country",
        "provider_organization__country",
        "provider_expert__country",
    )


@admin.register(Partnership)
class PartnershipAdmin(RecordAdmin):
    list_display = record_list_display("need", "progress", "start_date", "end_date")
    list_filter = record_list_filter("progress", related_filter("need__country"))
    list_select_related = ("need",)
    search_fields = ("uid", "need__uid")
    search_text_fields = ("outcome",)
    autocomplete_fields = ("need", "provider_organizations", "provider_experts", "funders")
    country_lookups = ("need__country",)
