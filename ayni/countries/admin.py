"""Country profiles in the admin."""

from django.contrib import admin

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter
from ayni.countries.models import CountryProfile


@admin.register(CountryProfile)
class CountryProfileAdmin(RecordAdmin):
    list_display = record_list_display(
        "country", "ssc_policy", "ssc_policy_in_development_plan", "budget_earmarked"
    )
    list_filter = record_list_filter(
        "ssc_policy", "ssc_policy_in_development_plan", "budget_earmarked"
    )
    list_select_related = ("country",)
    search_fields = ("uid", "country__code")
    search_text_fields = ("summary", "country__names")
    autocomplete_fields = (
        "country",
        "triangular_partner_organizations",
        "triangular_partner_countries",
    )
    country_lookups = ("country",)
