"""The roster in the admin: organizations (centres of excellence) and experts."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ayni.core.admin import RecordAdmin, record_list_display, record_list_filter, related_filter
from ayni.roster.models import Expert, Organization
from ayni.roster.services import expert_endorse

CODE_LISTS = ("subjects", "gbf_targets", "aichi_targets", "assistance_types", "languages")


@admin.register(Organization)
class OrganizationAdmin(RecordAdmin):
    list_display = record_list_display(
        "acronym", "country", "organization_type", "centre_of_excellence"
    )
    list_filter = record_list_filter(
        "organization_type", "centre_of_excellence", related_filter("country")
    )
    list_select_related = ("country",)
    search_fields = ("uid", "acronym", "website")
    search_text_fields = ("name", "description")
    autocomplete_fields = ("country", *CODE_LISTS, "regions_served")
    country_lookups = ("country",)


@admin.register(Expert)
class ExpertAdmin(RecordAdmin):
    list_display = record_list_display(
        "country", "organization", "consent_public", "endorsed_at", "last_verified"
    )
    list_filter = record_list_filter(
        "consent_public",
        ("endorsed_at", admin.EmptyFieldListFilter),
        related_filter("country"),
    )
    list_select_related = ("country", "organization")
    search_fields = ("uid", "name", "email")
    search_text_fields = ("bio",)
    autocomplete_fields = (
        "country",
        "nationality",
        "organization",
        "subjects",
        "gbf_targets",
        "assistance_types",
        "languages",
        "regions_of_experience",
    )
    readonly_fields = ("endorsed_by", "endorsed_at")
    country_lookups = ("country",)
    private_fields = ("email",)
    actions = (*RecordAdmin.actions, "endorse_experts")

    def get_search_fields(self, request: HttpRequest) -> Any:
        """The e-mail address is searchable only by those who may see it."""
        if self.may_see_private(request, None):
            return self.search_fields
        return [name for name in self.search_fields if name not in self.private_fields]

    @admin.action(description=_("Endorse the selected experts"), permissions=["change"])
    def endorse_experts(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self.apply_step(
            request,
            queryset,
            lambda expert: expert_endorse(expert=expert, actor=request.user),
            ngettext_lazy(
                "%(count)d expert was endorsed.", "%(count)d experts were endorsed.", "count"
            ),
        )
