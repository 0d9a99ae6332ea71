"""One error shape for the whole API: ``{"error": {"code", "message", "details"}}``.

Every exception that reaches the API (the services' ``ApplicationError``, django-ninja's own
validation and HTTP errors, Django's ``Http404``) is answered here, so no other shape leaks.
"""

import logging
import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ayni.api.selectors import BadFilter
from ayni.core.errors import ApplicationError, InvalidTransition, PermissionDenied, ValidationFailed

#: The error statuses every operation declares in the OpenAPI schema.
ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}

logger = logging.getLogger("django.request")

FIELD_IN_PROBLEM = re.compile(r"(?:^field|required field) '([^']+)'")


class ApiError(HttpError):
    """An error the API answers directly, with its code and details."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(status_code, message)
        self.details = details or []
        self.headers = headers or {}


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict:
    return {
        "error": {
            "code": CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }


def problem_detail(problem: str) -> dict[str, Any]:
    """A problem of the exchange format's validation (``field 'x': ...``) as a detail."""
    match = FIELD_IN_PROBLEM.search(problem)
    return {"location": "body", "field": match.group(1) if match else None, "message": problem}


def _respond(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = api.create_response(request, error_body(status, message, details), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every error of the API in the one shape."""

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = []
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ())]
            where = location[0] if location else None
            # The body arrives as one parameter ("payload"); its name is noise to a client.
            names = location[2:] if where == "body" and len(location) > 1 else location[1:]
            details.append(
                {
                    "location": where,
                    "field": ".".join(names) or None,
                    "message": str(error.get("msg", "")),
                }
            )
        return _respond(api, request, 422, _("The request is not valid."), details)

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        if isinstance(exc, PermissionDenied):
            return _respond(api, request, 403, exc.message)
        if isinstance(exc, InvalidTransition):
            return _respond(api, request, 409, exc.message)
        if isinstance(exc, ValidationFailed):
            problems = exc.extra.get("problems") or [exc.message]
            assert isinstance(problems, list)
            details = [problem_detail(str(problem)) for problem in problems]
            return _respond(api, request, 422, _("The record is not valid."), details)
        return _respond(api, request, 400, exc.message)

    @api.exception_handler(BadFilter)
    def bad_filter(request: HttpRequest, exc: BadFilter) -> HttpResponse:
        detail = {"location": "query", "field": exc.parameter, "message": str(exc)}
        return _respond(api, request, 422, _("The request is not valid."), [detail])

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        details = exc.details if isinstance(exc, ApiError) else []
        headers = exc.headers if isinstance(exc, ApiError) else {}
        return _respond(api, request, exc.status_code, exc.message, details, headers)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
        )
        return _respond(api, request, 500, _("Something went wrong on our side."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, _("There is nothing at this address."))
