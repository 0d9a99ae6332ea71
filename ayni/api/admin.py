"""API tokens in the back office: list, make (the key shown once), revoke."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ayni.accounts.choices import Role
from ayni.api.models import ApiToken
from ayni.api.services import api_token_create, api_token_revoke
from ayni.core.errors import ApplicationError


def _is_administrator(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_superuser or user.role == Role.ADMINISTRATOR)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token; anyone else with access sees and makes their own.

    A token is never edited nor deleted: it is revoked, and stays for the record.
    """

    list_display = ("name", "user", "key_prefix", "created", "last_used", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "user__username", "key_prefix")
    fields = ("user", "name", "key_prefix", "created", "last_used", "revoked_at")
    readonly_fields = ("key_prefix", "created", "last_used", "revoked_at")
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        queryset = super().get_queryset(request).select_related("user")
        return queryset if _is_administrator(request) else queryset.filter(user=request.user)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and field is not None and not _is_administrator(request):
            user: Any = request.user
            field.queryset = get_user_model()._default_manager.filter(pk=user.pk)
        return field

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        """Make the token through the service and show its key, this once."""
        token, key = api_token_create(user=obj.user, name=obj.name, actor=request.user)
        obj.pk = token.pk
        obj.key_hash, obj.key_prefix, obj.created = token.key_hash, token.key_prefix, token.created
        obj._state.adding = False
        self.message_user(
            request,
            _("The key of this token is %(key)s — copy it now: it will not be shown again.")
            % {"key": key},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                api_token_revoke(token=token, actor=request.user)
            except ApplicationError as error:
                self.message_user(request, f"{token}: {error.message}", messages.ERROR)
            else:
                revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
