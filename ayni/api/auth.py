"""Who calls: an API token in ``Authorization: Bearer <key>``, or nobody (anonymous reads)."""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from ayni.api.errors import ApiError
from ayni.api.services import api_token_authenticate
from ayni.core import permissions

WRITE_LIMIT_SETTING = "AYNI_API_WRITES_PER_WINDOW"
WRITE_WINDOW_SETTING = "AYNI_API_WRITE_WINDOW_SECONDS"


class TokenAuth(HttpBearer):
    """A Bearer token opens the API as its user; without a header the caller is anonymous.

    A header that is present but wrong (another scheme, an unknown or revoked key) is a 401,
    never a silent fall back to anonymous.
    """

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        request.api_token = None  # type: ignore[attr-defined]
        if not header:
            return AnonymousUser()
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise ApiError(401, _("Send the API token as 'Authorization: Bearer <key>'."))
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(key=token)
        if found is None:
            raise ApiError(401, _("The API token is unknown or has been revoked."))
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


def writer(request: HttpRequest) -> Any:
    """The signed-in user behind a write, after the write rate check; else 401 or 429."""
    actor = request.auth  # type: ignore[attr-defined]
    token = getattr(request, "api_token", None)
    if token is None or not permissions.is_signed_in(actor):
        raise ApiError(401, _("Writing needs an API token: 'Authorization: Bearer <key>'."))
    check_write_rate(token.pk)
    return actor


def check_write_rate(token_pk: int) -> None:
    """A fixed window per token in Django's cache: at most N writes per window, else 429."""
    limit = int(getattr(settings, WRITE_LIMIT_SETTING, 60))
    window = int(getattr(settings, WRITE_WINDOW_SETTING, 60))
    now = time.time()
    key = f"ayni-api-writes:{token_pk}:{int(now // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a fresh window
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        retry_after = max(1, int(window - now % window))
        raise ApiError(
            429,
            _("Too many writes with this token; try again in %(seconds)s seconds.")
            % {"seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )
