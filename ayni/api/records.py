"""The record endpoints: one router per record type, all alike.

``/api/v1/<type>s``: list (GET), create (POST); ``/api/v1/<type>s/<id>``: detail (GET),
update (PUT); ``.../<id>/submit|publish|reject|archive`` (POST): the workflow. Every write
goes through ``ayni.core.services`` with the token's user as the actor; every read through
``ayni.api.selectors``.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ayni.api.auth import writer
from ayni.api.errors import ERROR_STATUSES, ApiError
from ayni.api.schemas import (
    ErrorOut,
    ListParams,
    RejectIn,
    record_in_model,
    record_list_model,
    record_out_model,
)
from ayni.api.selectors import (
    RecordFilters,
    api_record_exists,
    api_record_get,
    api_record_list,
    filter_names,
)
from ayni.core import permissions, services
from ayni.core.exchange import record_to_exchange
from ayni.core.models import Record

ERRORS: dict[int, Any] = dict.fromkeys(ERROR_STATUSES, ErrorOut)
#: Reads need no token (the empty requirement) or take one to see more.
ANONYMOUS_ALLOWED: dict[str, Any] = {"security": [{}]}  # added to the token requirement


def path_segment(record_type: str) -> str:
    """The plural of the exchange type: ``case-study`` → ``case-studies``."""
    return record_type[:-1] + "ies" if record_type.endswith("y") else record_type + "s"


def _render(record: Record, actor: Any) -> dict[str, Any]:
    """The record's body; private fields only for those who may edit it (so GET → PUT loses
    nothing), never for anyone else."""
    return record_to_exchange(record, public=not permissions.can_edit(actor, record))


def _get(record_type: str, record_id: str, actor: Any) -> Record:
    record = api_record_get(record_type=record_type, uid=record_id, actor=actor)
    if record is None:
        raise ApiError(
            404,
            _("No %(type)s with id '%(id)s' that you may read.")
            % {"type": record_type, "id": record_id},
            details=[{"location": "path", "field": "record_id", "message": record_id}],
        )
    return record


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def record_router(record_type: str) -> Router:
    """The endpoints of one record type."""
    segment = path_segment(record_type)
    snake = record_type.replace("-", "_")
    out_model = record_out_model(record_type)
    in_model = record_in_model(record_type)
    list_model = record_list_model(record_type, out_model)
    offered = ", ".join(filter_names(record_type)) or "none"
    router = Router(tags=[segment], exclude_unset=True)

    @router.get(
        "",
        response={200: list_model, **ERRORS},
        operation_id=f"{snake}_list",
        openapi_extra=ANONYMOUS_ALLOWED,
        summary=f"List {segment}",
        description=(
            f"Published {segment} (others by `status`, as far as your role lets you see them), "
            "oldest change first, paged by an opaque cursor: follow `next` until it is null. "
            f"Filters this type offers: {offered}, updated_since. A filter the type does not "
            "offer is a 422. Repeat a filter to accept any of several values."
        ),
    )
    def list_records(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
        filters = RecordFilters(
            status=params.status,
            country=[code.upper() for code in params.country],
            subject=[slug.lower() for slug in params.subject],
            target=[code.upper() for code in params.target],
            assistance_type=[slug.lower() for slug in params.assistance_type],
            language=[code.lower() for code in params.language],
            updated_since=_utc(params.updated_since),
        )
        page = api_record_list(
            record_type=record_type,
            actor=request.auth,  # type: ignore[attr-defined]
            filters=filters,
            cursor=params.cursor,
            limit=params.limit,
        )
        next_url = None
        if page.next_cursor:
            query = request.GET.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return {
            "items": [stored.render(record_type, public=True) for stored in page.records],
            "next": next_url,
        }

    @router.post(
        "",
        response={201: out_model, **ERRORS},
        operation_id=f"{snake}_create",
        summary=f"Create a {record_type}",
        description="The body is the exchange format; the record starts as your draft.",
    )
    def create_record(
        request: HttpRequest,
        response: HttpResponse,
        payload: in_model,  # type: ignore[valid-type]
    ) -> Status[dict[str, Any]]:
        actor = writer(request)
        data = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        if data.get("id") and api_record_exists(uid=data["id"]):
            raise ApiError(
                409,
                _("A record with this id already exists; update it with PUT."),
                details=[{"location": "body", "field": "id", "message": data["id"]}],
            )
        record = services.record_create(record_type=record_type, data=data, actor=actor)
        response["Location"] = reverse(f"api-v1:{snake}_detail", args=[record.uid])
        return Status(201, _render(record, actor))

    # The workflow routes come before the detail route: ids may hold slashes.
    def workflow(
        step: str, summary: str, action: Callable[[Record, Any, Any], Record], body: bool
    ) -> None:
        path = "/{path:record_id}/" + step
        options: dict[str, Any] = {
            "response": {200: out_model, **ERRORS},
            "operation_id": f"{snake}_{step}",
            "summary": summary,
        }
        if body:

            @router.post(path, **options)
            def with_reason(request: HttpRequest, record_id: str, payload: RejectIn) -> dict:
                actor = writer(request)
                record = _get(record_type, record_id, actor)
                return _render(action(record, actor, payload), actor)

        else:

            @router.post(path, **options)
            def without_body(request: HttpRequest, record_id: str) -> dict:
                actor = writer(request)
                record = _get(record_type, record_id, actor)
                return _render(action(record, actor, None), actor)

    workflow(
        "submit",
        "Submit for moderation (author or moderator)",
        lambda record, actor, _p: services.record_submit(record=record, actor=actor),
        body=False,
    )
    workflow(
        "publish",
        "Publish (curator, or focal point of the record's country)",
        lambda record, actor, _p: services.record_publish(record=record, actor=actor),
        body=False,
    )
    workflow(
        "reject",
        "Reject with a reason (curator, or focal point of the record's country)",
        lambda record, actor, p: services.record_reject(
            record=record, actor=actor, reason=p.reason
        ),
        body=True,
    )
    workflow(
        "archive",
        "Archive (curator, or focal point of the record's country)",
        lambda record, actor, _p: services.record_archive(record=record, actor=actor),
        body=False,
    )

    @router.get(
        "/{path:record_id}",
        response={200: out_model, **ERRORS},
        operation_id=f"{snake}_detail",
        openapi_extra=ANONYMOUS_ALLOWED,
        url_name=f"{snake}_detail",
        summary=f"One {record_type}",
    )
    def read_record(request: HttpRequest, record_id: str) -> dict[str, Any]:
        actor = request.auth  # type: ignore[attr-defined]
        return _render(_get(record_type, record_id, actor), actor)

    @router.put(
        "/{path:record_id}",
        response={200: out_model, **ERRORS},
        operation_id=f"{snake}_update",
        summary=f"Replace a {record_type}'s fields",
        description=(
            "The body is the whole record in the exchange format (absent fields become empty); "
            "the id and status stay; the status changes through the workflow endpoints."
        ),
    )
    def update_record(
        request: HttpRequest,
        record_id: str,
        payload: in_model,  # type: ignore[valid-type]
    ) -> dict[str, Any]:
        actor = writer(request)
        record = _get(record_type, record_id, actor)
        data = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        if data.get("id") not in (None, record.uid):
            raise ApiError(
                422,
                _("The id in the body is not the id in the address."),
                details=[{"location": "body", "field": "id", "message": str(data["id"])}],
            )
        record = services.record_update(record=record, data=data, actor=actor)
        return _render(record, actor)

    return router
