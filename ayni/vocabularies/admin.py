"""The controlled vocabularies in the admin: read-only, since migrations load them.

They are registered so that curators can look codes up and so that the record forms can
pick codes by autocomplete (which needs a searchable admin for each vocabulary).
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ayni.core.admin import AyniModelAdmin, related_filter
from ayni.vocabularies.models import (
    AssistanceType,
    Country,
    Grouping,
    Language,
    NamedTerm,
    Region,
    Subject,
    Target,
    VocabularyRelease,
)


class VocabularyAdmin(AyniModelAdmin):
    """A vocabulary: anyone with a role views and searches it; nobody edits it here."""

    role_permissions = frozenset({"view"})
    focal_points_view = True
    search_text_fields: Sequence[str] = ("names",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("name"))
    def term_name(self, obj: NamedTerm) -> str:
        return obj.name


@admin.register(Region)
class RegionAdmin(VocabularyAdmin):
    list_display = ("code", "term_name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code",)


@admin.register(Grouping)
class GroupingAdmin(VocabularyAdmin):
    list_display = ("code", "term_name", "as_of", "source")
    search_fields = ("code",)


@admin.register(Country)
class CountryAdmin(VocabularyAdmin):
    list_display = ("code", "term_name", "alpha3", "m49", "region", "subregion")
    list_filter = (related_filter("region"), related_filter("subregion"), "groupings")
    list_select_related = ("region", "subregion")
    search_fields = ("code", "alpha3", "m49")


@admin.register(Subject)
class SubjectAdmin(VocabularyAdmin):
    list_display = ("slug", "term_name", "group", "cbd_code", "parent")
    list_filter = ("group",)
    list_select_related = ("parent",)
    search_fields = ("slug", "cbd_code")


@admin.register(Target)
class TargetAdmin(VocabularyAdmin):
    list_display = ("code", "term_name", "framework", "kind", "number")
    list_filter = ("framework", "kind")
    search_fields = ("code",)


@admin.register(AssistanceType)
class AssistanceTypeAdmin(VocabularyAdmin):
    list_display = ("slug", "term_name")
    search_fields = ("slug",)


@admin.register(Language)
class LanguageAdmin(VocabularyAdmin):
    list_display = ("code", "term_name", "native")
    search_fields = ("code", "native")


@admin.register(VocabularyRelease)
class VocabularyReleaseAdmin(VocabularyAdmin):
    list_display = ("version", "loaded_at")
    search_fields = ("version",)
    search_text_fields = ()
