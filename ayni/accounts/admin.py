"""People and their roles in the admin."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ayni.accounts.choices import Role
from ayni.accounts.models import User
from ayni.core.admin import related_filter

ROLE_FIELDS = ("role", "country", "language")


def is_administrator(request: HttpRequest) -> bool:
    """Administrators (by role) manage accounts as well as Django's permissions allow."""
    user = request.user
    return bool(user.is_active and getattr(user, "role", None) == Role.ADMINISTRATOR)


@admin.register(User)
class AyniUserAdmin(UserAdmin):
    """Django's user admin, with the Ayni role and the country of a national focal point."""

    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Role in Ayni"), {"fields": ROLE_FIELDS}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Role in Ayni"), {"classes": ("wide",), "fields": ROLE_FIELDS}),
    )
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "country",
        "is_staff",
        "is_active",
    )
    list_filter = (
        "role",
        "is_staff",
        "is_superuser",
        "is_active",
        related_filter("country"),
        "groups",
    )
    list_select_related = ("country",)
    autocomplete_fields = ("country",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) or is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) or is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) or is_administrator(request)
