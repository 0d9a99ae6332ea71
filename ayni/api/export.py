"""``GET /api/v1/export``: any search result, all of it, as JSON Lines, CSV or XLSX (streamed).

The same words and filters as the portal's search page (and its ``/<lang>/export/``); the
records are those anyone may read (published, experts with consent, public fields only),
whoever asks. Selection in ``ayni.api.selectors.export_select``, formats in
``ayni.federation.formats``, streaming in ``ayni.federation.views.export_response``.
"""

from typing import Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router
from pydantic import BaseModel, Field

from ayni.api.errors import ApiError
from ayni.api.records import ANONYMOUS_ALLOWED, ERRORS
from ayni.api.selectors import (
    MAX_EXPORT_ROWS,
    ExportTooLarge,
    export_search_query,
    export_select,
)
from ayni.federation.views import EXPORT_FORMATS, export_response

ExportFormat = Literal["jsonl", "csv", "xlsx"]


class ExportParams(BaseModel):
    """The words and facet filters of a search (repeat a filter for any of several values)."""

    format: ExportFormat = Field("jsonl", description="jsonl (default), csv or xlsx")
    q: str = Field("", max_length=500, description="words, as in the search box")
    type: list[str] = Field(default_factory=list, description="record type, e.g. need")
    country: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2, e.g. SN")
    region: list[str] = Field(default_factory=list, description="UN M49 code, e.g. 011")
    grouping: list[str] = Field(
        default_factory=list, description="developing, g77, ldc, lldc, sids or lmmc"
    )
    subject: list[str] = Field(default_factory=list, description="subject slug")
    target: list[str] = Field(
        default_factory=list, description="GBF-TARGET-NN, GBF-GOAL-X or AICHI-TARGET-NN"
    )
    assistance_type: list[str] = Field(default_factory=list, description="assistance type slug")
    language: list[str] = Field(
        default_factory=list, description="ISO 639-1: text or working language"
    )
    year: list[str] = Field(default_factory=list, description="year of the record's date")


router = Router(tags=["export"])

_CONTENT = {
    content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
    for content_type, _extension in EXPORT_FORMATS.values()
}


@router.get(
    "/export",
    response={**ERRORS},
    operation_id="search_export",
    openapi_extra={
        **ANONYMOUS_ALLOWED,
        "responses": {
            200: {
                "description": (
                    "The records, streamed as an attachment: JSON Lines (one exchange-format "
                    "record per line), CSV or XLSX (one row per record, docs/exchange-format.md)."
                ),
                "content": _CONTENT,
            }
        },
    },
    summary="Export a search result (JSON Lines, CSV, XLSX)",
    description=(
        "Every published record the search finds (experts only with their consent; public "
        f"fields only), at most {MAX_EXPORT_ROWS:,} of them: a search finding more is a 422 "
        "saying how many it found; narrow it. Records come by type, then oldest first. An "
        "unknown `format` or `type` is a 422 naming the parameter."
    ),
)
def search_export(request: HttpRequest, params: Query[ExportParams]) -> Any:
    filters = {
        name: getattr(params, name)
        for name in (
            "type",
            "country",
            "region",
            "grouping",
            "subject",
            "target",
            "assistance_type",
            "language",
            "year",
        )
    }
    query = export_search_query(text=params.q, filters=filters)
    try:
        selection = export_select(query=query)
    except ExportTooLarge as problem:
        raise ApiError(
            422,
            str(problem),
            details=[{"location": "query", "field": None, "message": str(problem)}],
        ) from problem
    response: StreamingHttpResponse = export_response(
        export_format=params.format, selection=selection
    )
    return response
