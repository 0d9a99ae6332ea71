"""Who calls: an API token in ``Authorization: Bearer <key>``, or nobody (anonymous reads)."""

import json
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
        reject_nul(request)  # every operation passes here first, before its parameters
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


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def reject_nul(request: HttpRequest) -> None:
    """A NUL character (U+0000) in the path, a query parameter or a JSON text is a 422.

    No text of Ayni holds one, and PostgreSQL refuses it in a text column: left in, it would
    end as a server error instead of saying what is wrong.
    """
    message = _("Text may not contain the NUL character (U+0000).")
    if "\x00" in request.path:
        raise ApiError(422, message, details=[{"location": "path", "message": message}])
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            field = name.replace("\x00", "")
            detail = {"location": "query", "field": field, "message": message}
            raise ApiError(422, message, details=[detail])
    body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    if b"\x00" in body or b"\\u0000" in body:
        try:
            data = json.loads(body)
        except ValueError:
            data = None  # not JSON: the operation's own parsing says so
        if (data is None and b"\x00" in body) or _has_nul(data):
            raise ApiError(422, message, details=[{"location": "body", "message": message}])
