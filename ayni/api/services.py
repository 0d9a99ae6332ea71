"""Writes of the API app: making, revoking and using API tokens."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.accounts.choices import Role
from ayni.api.models import ApiToken
from ayni.core import permissions
from ayni.core.errors import PermissionDenied, ValidationFailed

KEY_PREFIX = "ayni_"
#: ``last_used`` is written at most this often per token (not on every request).
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _is_administrator(actor: Any) -> bool:
    return permissions.is_signed_in(actor) and (
        actor.is_superuser or actor.role == Role.ADMINISTRATOR
    )


def hash_key(key: str) -> str:
    """The SHA-256 of a key, as stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: Any, name: str, actor: Any) -> tuple[ApiToken, str]:
    """Make a token for the user; returns it and its key, which is shown only this once."""
    if not permissions.is_signed_in(actor):
        raise PermissionDenied(_("Sign in to make an API token."))
    if actor.pk != user.pk and not _is_administrator(actor):
        raise PermissionDenied(_("Only administrators make tokens for someone else."))
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name that says what it is for."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_key(key), key_prefix=key[: len(KEY_PREFIX) + 4]
    )
    return token, key


def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Stop a token from opening anything; its owner or an administrator may do it."""
    is_owner = permissions.is_signed_in(actor) and actor.pk == token.user_id
    if not (is_owner or _is_administrator(actor)):
        raise PermissionDenied(_("Only the token's owner or an administrator can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The live token of this key (its user active), noting when it was used; else None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used__isnull=True) | Q(last_used__lt=now - LAST_USED_PRECISION)
        ).update(last_used=now)
        token.last_used = now
    return token
