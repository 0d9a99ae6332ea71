"""Bulk export of a search result: JSON Lines, CSV or XLSX, streamed.

The portal's ``/<lang>/export/`` (``SearchExportView``) takes the portal search page's GET
parameters; the API's ``GET /api/v1/export`` (``ayni.api.export``) the same and answers in
the API's error shape. Both select with ``ayni.api.selectors.export_select`` (published
records, experts only with consent, at most ``MAX_EXPORT_ROWS``) and stream with
``export_response``. ``docs/exchange-format.md`` describes the three formats.
"""

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe

from ayni.api.selectors import (
    EXPORT_FILTERS,
    BadFilter,
    ExportSelection,
    ExportTooLarge,
    export_records,
    export_search_query,
    export_select,
)
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER, dump_line
from ayni.federation.formats.csv import csv_lines, table_columns
from ayni.federation.formats.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from ayni.federation.formats.xlsx import xlsx_chunks

#: Format -> (content type, file extension).
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": (XLSX_CONTENT_TYPE, "xlsx"),
}
#: The portal's default (a spreadsheet is what people ask for); the API's is ``jsonl``.
PORTAL_DEFAULT_FORMAT = "csv"


def _jsonl(records: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for record in records:
        yield (dump_line(record) + "\n").encode()


def _csv(records: Iterator[dict[str, Any]], selection: ExportSelection) -> Iterator[bytes]:
    columns = table_columns(selection.record_types or TYPE_ORDER, selection.languages)
    for line in csv_lines(records, columns):
        yield line.encode()


def _xlsx(records: Iterator[dict[str, Any]], selection: ExportSelection) -> Iterator[bytes]:
    columns = table_columns(selection.record_types or TYPE_ORDER, selection.languages)
    yield from xlsx_chunks(records, columns)


def export_response(*, export_format: str, selection: ExportSelection) -> StreamingHttpResponse:
    """The selected records in the format, streamed as an attachment."""
    content_type, extension = EXPORT_FORMATS[export_format]
    records = export_records(selection)
    if export_format == "jsonl":
        body = _jsonl(records)
    elif export_format == "csv":
        body = _csv(records, selection)
    else:
        body = _xlsx(records, selection)
    response = StreamingHttpResponse(body, content_type=content_type)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="ayni-export-{stamp}.{extension}"'
    return response


def _problem(message: str) -> HttpResponse:
    """A refusal a person reads: plain text, status 400, nothing exported."""
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@method_decorator(require_safe, name="dispatch")
class SearchExportView(View):
    """``/<lang>/export/?format=csv&q=...&country=SN``: the records the search page would
    find, all of them, as a file (JSON Lines, CSV or XLSX)."""

    def get(self, request: HttpRequest) -> HttpResponseBase:
        export_format = request.GET.get("format") or PORTAL_DEFAULT_FORMAT
        if export_format not in EXPORT_FORMATS:
            return _problem(
                _("Unknown export format '%(format)s': choose one of %(formats)s.")
                % {"format": export_format, "formats": ", ".join(EXPORT_FORMATS)}
            )
        filters = {name: request.GET.getlist(name) for name in EXPORT_FILTERS}
        try:
            query = export_search_query(text=request.GET.get("q", ""), filters=filters)
            selection = export_select(query=query)
        except (BadFilter, ExportTooLarge) as problem:
            return _problem(str(problem))
        return export_response(export_format=export_format, selection=selection)
