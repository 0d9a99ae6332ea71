"""The insight pages: a need's matches, the needs a provider could meet, the needs × expertise
heat map (drill-down, CSV, JSON), benchmarks of excellence, countries and regions.

Thin views: they read the query, call a selector of ``ayni.portal.selectors_insight`` and
render. A record the reader may not open is a 404; bad query values get a 400 page that says
which parameter and which values it takes.
"""

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from ayni.core.errors import PermissionDenied
from ayni.matching.crosstab import COLUMN_KINDS, ROW_KINDS, CrossTabError, crosstab_table
from ayni.matching.engine.crosstab import to_csv, to_json_data
from ayni.matching.engine.inputs import PROVIDER_KINDS
from ayni.matching.selectors import UnknownKind
from ayni.portal import selectors_insight as insight
from ayni.portal.selectors import portal_record_get, record_url

ROW_LABELS = {
    "country": gettext_lazy("countries"),
    "region": gettext_lazy("regions"),
    "subregion": gettext_lazy("sub-regions"),
    "grouping": gettext_lazy("groupings"),
}
COLUMN_LABELS = {"subject": gettext_lazy("subjects"), "target": gettext_lazy("targets")}


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _choice_error(parameter: str, value: str, allowed: tuple[str, ...]) -> str:
    return _("Unknown value “%(value)s” for “%(parameter)s”: use one of %(allowed)s.") % {
        "value": value,
        "parameter": parameter,
        "allowed": ", ".join(allowed),
    }


class NeedMatchesView(View):
    """The providers that could meet a need, ranked, with reasons; countries; triangular
    suggestions; what the need's country could offer in return."""

    def get(self, request: HttpRequest, uid: str) -> HttpResponse:
        need: Any = portal_record_get(record_type="need", uid=uid, actor=request.user)
        if need is None:
            raise Http404(uid)
        kind = request.GET.get("kind", "")
        error = ""
        if kind and kind not in PROVIDER_KINDS:
            error = _choice_error("kind", kind, PROVIDER_KINDS)
            kind = ""
        try:
            page = insight.need_matches_page(
                need=need, actor=request.user, kind=kind, language=_language()
            )
        except PermissionDenied as exc:
            raise Http404(uid) from exc
        except UnknownKind:  # pragma: no cover (checked above)
            raise Http404(uid) from None
        context = {"page": page, "error": error, "need_url": record_url("need", need.uid)}
        return render(request, "portal/need_matches.html", context, status=400 if error else 200)


class _ProviderNeedsView(View):
    """The open needs a provider could meet (for offers and experts)."""

    record_type = ""

    def get(self, request: HttpRequest, uid: str) -> HttpResponse:
        provider = portal_record_get(record_type=self.record_type, uid=uid, actor=request.user)
        if provider is None:
            raise Http404(uid)
        try:
            rows = insight.provider_needs_page(
                provider=provider, actor=request.user, language=_language()
            )
        except PermissionDenied as exc:
            raise Http404(uid) from exc
        heading = insight.record_name(provider, _language())
        context = {
            "provider": provider,
            "heading": heading,
            "type_name": insight.type_name(self.record_type),
            "provider_url": record_url(self.record_type, provider.uid),
            "rows": rows,
        }
        return render(request, f"portal/{self.record_type}_needs.html", context)


class OfferNeedsView(_ProviderNeedsView):
    """The open needs an offer could meet."""

    record_type = "offer"


class ExpertNeedsView(_ProviderNeedsView):
    """The open needs an expert could meet (404 for an expert not listed publicly, unless the
    reader may edit it)."""

    record_type = "expert"


def _axes(request: HttpRequest) -> tuple[str, str, list[str]]:
    rows = request.GET.get("rows", "country") or "country"
    columns = request.GET.get("columns", "subject") or "subject"
    errors = []
    if rows not in ROW_KINDS:
        errors.append(_choice_error("rows", rows, ROW_KINDS))
        rows = "country"
    if columns not in COLUMN_KINDS:
        errors.append(_choice_error("columns", columns, COLUMN_KINDS))
        columns = "subject"
    return rows, columns, errors


class CrosstabDetailView(View):
    """The open needs against the available expertise as an accessible heat map."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows, columns, errors = _axes(request)
        all_rows = request.GET.get("all") == "1"
        heat = insight.crosstab_heat_map(
            rows=rows, columns=columns, language=_language(), all_rows=all_rows
        )
        query = urlencode({"rows": rows, "columns": columns})
        context = {
            "heat": heat,
            "rows": rows,
            "columns": columns,
            "all_rows": all_rows,
            "errors": errors,
            "row_kinds": [(kind, ROW_LABELS[kind]) for kind in ROW_KINDS],
            "column_kinds": [(kind, COLUMN_LABELS[kind]) for kind in COLUMN_KINDS],
            "cell_base": reverse("portal:crosstab_cell") + "?" + query,
            "csv_url": reverse("portal:crosstab_csv") + "?" + query,
            "json_url": reverse("portal:crosstab_json") + "?" + query,
            "row_kind_name": ROW_LABELS[rows],
            "column_kind_name": COLUMN_LABELS[columns],
        }
        return render(request, "portal/crosstab.html", context, status=400 if errors else 200)


class _CrosstabExportView(View):
    """The heat map's table in a machine format (one line per cell)."""

    def table(self, request: HttpRequest) -> Any:
        rows, columns, errors = _axes(request)
        if errors:
            return None, HttpResponse(
                "\n".join(errors), status=400, content_type="text/plain; charset=utf-8"
            )
        return crosstab_table(rows=rows, columns=columns, language=_language()), None


class CrosstabCsvView(_CrosstabExportView):
    """The cross-tabulation as CSV (``?rows=`` and ``?columns=`` as on the page)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        table, error = self.table(request)
        if error is not None:
            return error
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="ayni-crosstab-{table.row_kind}-{table.column_kind}.csv"'
        )
        return response


class CrosstabJsonView(_CrosstabExportView):
    """The cross-tabulation as JSON (``?rows=`` and ``?columns=`` as on the page)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        table, error = self.table(request)
        if error is not None:
            return error
        body = json.dumps(to_json_data(table), ensure_ascii=False)
        return HttpResponse(body, content_type="application/json; charset=utf-8")


class CrosstabCellView(View):
    """The drill-down of one cell: its open needs and its providers."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows, columns, errors = _axes(request)
        row = request.GET.get("row", "")
        column = request.GET.get("column", "")
        if not row:
            errors.append(_("Choose a row: the “row” parameter is missing."))
        if not column:
            errors.append(_("Choose a column: the “column” parameter is missing."))
        page = None
        if not errors:
            try:
                page = insight.crosstab_cell_page(
                    rows=rows, row=row, columns=columns, column=column, language=_language()
                )
            except CrossTabError:
                errors.append(
                    _("No %(rows)s “%(row)s” with %(columns)s “%(column)s” in the table.")
                    % {"rows": rows, "row": row, "columns": columns, "column": column}
                )
        back = reverse("portal:crosstab") + "?" + urlencode({"rows": rows, "columns": columns})
        context = {"page": page, "errors": errors, "back_url": back}
        return render(request, "portal/crosstab_cell.html", context, status=400 if errors else 200)


class BenchmarkListView(View):
    """Who excels in a subject, from published evidence, with the method shown."""

    def get(self, request: HttpRequest) -> HttpResponse:
        subject = request.GET.get("subject", "")
        error = ""
        try:
            page = insight.benchmarks_page(subject=subject, language=_language())
        except ValueError:
            error = _("Unknown subject “%(subject)s”: choose one from the list.") % {
                "subject": subject
            }
            page = insight.benchmarks_page(language=_language())
        context = {"page": page, "error": error}
        return render(request, "portal/benchmarks.html", context, status=400 if error else 200)


class CountryListView(View):
    """Every country, by region, with its open needs."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"regions": insight.country_index(language=_language())}
        return render(request, "portal/country_list.html", context)


class CountryDetailView(View):
    """A country: its place, its enabling environment, strengths, needs and records."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        if code != code.upper() and len(code) == 2:
            return redirect("portal:country_detail", code=code.upper(), permanent=True)
        page = insight.country_page(code=code, actor=request.user, language=_language())
        if page is None:
            raise Http404(code)
        return render(request, "portal/country_detail.html", {"page": page})


class RegionDetailView(View):
    """An M49 region: its countries, open needs and strengths by subject."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        page = insight.region_page(code=code, language=_language())
        if page is None:
            raise Http404(code)
        return render(request, "portal/region_detail.html", {"page": page})
