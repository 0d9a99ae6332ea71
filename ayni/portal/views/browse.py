"""The browse pages: search across every record type, the list of each type, and about."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from ayni.portal.selectors import PORTAL_TYPES
from ayni.portal.selectors_browse import (
    BrowseQuery,
    browse_page,
    browse_query_parse,
    type_name,
)

#: The formats the export view writes, in the order the page offers them.
EXPORT_FORMATS = ("jsonl", "csv", "xlsx")


def _links(query: BrowseQuery) -> dict[str, Any]:
    """The feed of the search and its exports (JSON Lines, CSV, XLSX) with the same filters."""
    pairs = query.export_params()
    feed = reverse("portal:search_feed") + ("?" + urlencode(pairs) if pairs else "")
    export = reverse("portal:search_export")
    exports = [
        (name, f"{export}?{urlencode([*pairs, ('format', name)])}") for name in EXPORT_FORMATS
    ]
    return {"feed_url": feed, "export_links": exports}


def _render(request: HttpRequest, template: str, query: BrowseQuery, **extra: Any) -> HttpResponse:
    page = browse_page(query=query)
    params = query.params()
    context = {
        "page": page,
        "query": query,
        # The search box keeps the filters; the facet form keeps the words and the order.
        "keep": [pair for pair in params if pair[0] not in ("q", "page")],
        "facet_form_keep": [pair for pair in params if pair[0] in ("q", "sort")],
        **_links(query),
        **extra,
    }
    # A bad parameter is the reader's to fix: the page says which, and answers 400.
    status = 400 if query.errors else 200
    return render(request, template, context, status=status)


class SearchView(View):
    """One search box across every record type, with facets, snippets, order and pages."""

    def get(self, request: HttpRequest) -> HttpResponse:
        query = browse_query_parse(request.GET)
        return _render(request, "portal/search.html", query, types=PORTAL_TYPES)


class RecordListView(View):
    """The published records of one type, latest first, with the search page's facets."""

    def get(self, request: HttpRequest, record_type: str) -> HttpResponse:
        query = browse_query_parse(request.GET, fixed_type=record_type)
        return _render(
            request,
            "portal/record_list.html",
            query,
            record_type=record_type,
            type_name=type_name(record_type),
        )


class AboutView(TemplateView):
    """About South-South and triangular cooperation, the CBD's Plan of Action, and Ayni."""

    template_name = "portal/about.html"
