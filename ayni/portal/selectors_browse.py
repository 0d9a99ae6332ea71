"""Reads for the browse pages: the search and list pages, their facets, and the home page lists.

Both pages ask the search service (``ayni.search.selectors.search``): the list page of a
record type is a search with the type fixed. Here the page's query string is checked (every
unknown code is named in a message and left out), the facet values get their names in the
reader's language and the links that add or remove them, and the hits their pages.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ayni.core.models import Record, pick_language
from ayni.core.registry import record_model
from ayni.needs.choices import NeedProgress
from ayni.portal.selectors import (
    PORTAL_TYPES,
    SEGMENT_TYPES,
    record_heading,
    record_list_public,
    record_url,
)
from ayni.search.documents import FACETS
from ayni.search.selectors import SORTS, SearchHit, SearchQuery, search

#: Results per page.
PAGE_SIZE = 20
#: Facet values shown as links (the most frequent, and every one selected).
FACET_LINKS = 10
#: Facet values offered in the form with checkboxes.
FACET_CHOICES = 40
#: The longest query kept (longer ones are cut, with a message).
MAX_TEXT = 200
#: The deepest page a reader may ask for (beyond, the search narrows better than paging).
MAX_PAGE = 500

#: Query-string parameter ↔ search facet (the address says ``assistance_type``).
PARAM_FACETS = {
    "type": "type",
    "country": "country",
    "region": "region",
    "grouping": "grouping",
    "subject": "subject",
    "target": "target",
    "assistance_type": "assistance",
    "language": "language",
    "year": "year",
}
FACET_PARAMS = {facet: param for param, facet in PARAM_FACETS.items()}
assert set(FACET_PARAMS) == set(FACETS)  # the search service's facets, all of them

FACET_LABELS = {
    "type": gettext_lazy("Record type"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "grouping": gettext_lazy("Country grouping"),
    "subject": gettext_lazy("Subject"),
    "target": gettext_lazy("Target"),
    "assistance": gettext_lazy("Assistance type"),
    "language": gettext_lazy("Language"),
    "year": gettext_lazy("Year"),
}

#: What each facet's codes look like, before they are looked up.
_CODE_SHAPES = {
    "country": re.compile(r"^[A-Z]{2}$"),
    "region": re.compile(r"^\d{3}$"),
    "grouping": re.compile(r"^[a-z0-9-]{1,20}$"),
    "subject": re.compile(r"^[a-z0-9-]{1,40}$"),
    "target": re.compile(r"^[A-Z0-9-]{1,20}$"),
    "assistance": re.compile(r"^[a-z0-9-]{1,40}$"),
    "language": re.compile(r"^[a-z]{2}$"),
    "year": re.compile(r"^\d{4}$"),
}


def _vocabulary_model(facet: str) -> Any:
    from ayni.vocabularies.models import (
        AssistanceType,
        Country,
        Grouping,
        Language,
        Region,
        Subject,
        Target,
    )

    return {
        "country": Country,
        "region": Region,
        "grouping": Grouping,
        "subject": Subject,
        "target": Target,
        "assistance": AssistanceType,
        "language": Language,
    }.get(facet)


def _normal(facet: str, value: str) -> str:
    value = value.strip()
    if facet in ("country", "target"):
        return value.upper()
    if facet in ("grouping", "subject", "assistance", "language"):
        return value.lower()
    if facet == "type":
        return SEGMENT_TYPES.get(value.lower(), value.lower())
    return value


def type_name(record_type: str, plural: bool = True) -> str:
    """A record type's name, capitalised: plural ("Case studies") or singular."""
    meta = record_model(record_type)._meta
    return str(capfirst(meta.verbose_name_plural if plural else meta.verbose_name))


# ---------------------------------------------------------------------------------------------
# The page's query


@dataclass
class BrowseQuery:
    """What the page's address asks, checked: words, filters by facet, order, page."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    fixed_type: str = ""
    errors: list[str] = field(default_factory=list)

    def params(self, *, page: int | None = None, **changes: Any) -> list[tuple[str, str]]:
        """The query-string pairs of this query (the fixed type left out), with changes."""
        text = changes.get("text", self.text)
        sort = changes.get("sort", self.sort)
        filters = changes.get("filters", self.filters)
        pairs: list[tuple[str, str]] = []
        if text:
            pairs.append(("q", text))
        for facet in FACETS:
            if facet == "type" and self.fixed_type:
                continue
            pairs.extend((FACET_PARAMS[facet], value) for value in filters.get(facet, []))
        if sort != self.default_sort(text):
            pairs.append(("sort", sort))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return pairs

    def query_string(self, **changes: Any) -> str:
        """``?q=...&country=SN`` for this query with changes (page 1 unless given)."""
        pairs = self.params(**changes)
        return "?" + urlencode(pairs) if pairs else "?"

    def toggled(self, facet: str, value: str) -> str:
        """The query string with this facet value added, or removed when selected."""
        filters = {name: list(values) for name, values in self.filters.items()}
        values = filters.setdefault(facet, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self.query_string(filters=filters)

    @staticmethod
    def default_sort(text: str) -> str:
        """Relevance when there are words, date otherwise."""
        return "relevance" if text.strip() else "date"

    def search_filters(self) -> dict[str, list[str]]:
        """The filters handed to the search service, the fixed type included."""
        filters = {facet: list(values) for facet, values in self.filters.items() if values}
        if self.fixed_type:
            filters["type"] = [self.fixed_type]
        return filters

    def export_params(self) -> list[tuple[str, str]]:
        """The pairs an export or a feed of this search takes: everything but the page."""
        pairs = self.params(page=1)
        if self.fixed_type:
            pairs.insert(0, ("type", self.fixed_type))
        return pairs


def _known_codes(facet: str, values: set[str]) -> set[str]:
    if facet == "type":
        return values & set(PORTAL_TYPES)
    if facet == "year":
        return {value for value in values if 1000 <= int(value) <= 9999}
    model = _vocabulary_model(facet)
    return set(model._default_manager.filter(pk__in=values).values_list("pk", flat=True))


def browse_query_parse(params: Mapping[str, Any], *, fixed_type: str = "") -> BrowseQuery:
    """The page's query from its query string (a ``QueryDict`` or ``{name: [values]}``).

    Every value that is not a known code is left out, with a message that names the value and
    the parameter; so are a bad ``sort`` and a bad ``page``. The search runs on the rest.
    """

    def values_of(name: str) -> list[str]:
        getlist = getattr(params, "getlist", None)
        found = getlist(name) if getlist else params.get(name, [])
        if isinstance(found, str):
            found = [found]
        return [str(value) for value in found]

    query = BrowseQuery(fixed_type=fixed_type)
    text = " ".join(" ".join(values_of("q")).split())
    if len(text) > MAX_TEXT:
        query.errors.append(
            _("The search words were cut to their first %(count)d characters.")
            % {"count": MAX_TEXT}
        )
        text = text[:MAX_TEXT]
    query.text = text

    for param, facet in PARAM_FACETS.items():
        if facet == "type" and fixed_type:
            continue
        wanted: list[str] = []
        for raw in values_of(param):
            value = _normal(facet, raw)
            if value and value not in wanted:
                wanted.append(value)
        if not wanted:
            continue
        shape = _CODE_SHAPES.get(facet)
        shaped = {value for value in wanted if shape is None or shape.match(value)}
        known = _known_codes(facet, shaped)
        for value in wanted:
            if value not in known:
                query.errors.append(
                    _('Unknown value "%(value)s" for "%(param)s": it was left out of the search.')
                    % {"value": value, "param": param}
                )
        query.filters[facet] = [value for value in wanted if value in known]

    sort = (values_of("sort") or [""])[-1].strip()
    if sort and sort not in SORTS:
        query.errors.append(
            _('Unknown order "%(value)s" for "sort": use "relevance" or "date".') % {"value": sort}
        )
        sort = ""
    query.sort = sort or BrowseQuery.default_sort(text)

    page = (values_of("page") or [""])[-1].strip()
    if page:
        if page.isdigit() and 1 <= int(page) <= MAX_PAGE:
            query.page = int(page)
        else:
            query.errors.append(
                _('"%(value)s" is not a page number for "page" (1 to %(last)d).')
                % {"value": page, "last": MAX_PAGE}
            )
    return query


# ---------------------------------------------------------------------------------------------
# The page's results


@dataclass
class FacetValue:
    """One value of a facet: its name, its count, whether it is selected, the link to toggle it."""

    code: str
    name: str
    count: int
    selected: bool
    link: str


@dataclass
class FacetGroup:
    """A facet: its parameter, its label, its values (links for the first, all for the form)."""

    facet: str
    param: str
    label: str
    links: list[FacetValue]
    choices: list[FacetValue]
    hidden: int


@dataclass
class HitView:
    """A hit as the page shows it: its page (when it has one) and what it is."""

    hit: SearchHit
    url: str
    type_name: str
    note: str = ""


@dataclass
class Pager:
    """Page numbers around the current one, and the previous and next pages' links."""

    page: int
    pages: int
    previous: str = ""
    next: str = ""
    numbers: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class BrowsePage:
    """Everything the search or list page shows."""

    query: BrowseQuery
    total: int
    hits: list[HitView]
    facets: list[FacetGroup]
    selected: list[FacetValue]
    pager: Pager
    sort_links: list[tuple[str, str, bool]]


def facet_names(codes: Mapping[str, Iterable[str]], language: str) -> dict[str, dict[str, str]]:
    """``{facet: {code: name in the language}}`` for the codes given (one query per facet)."""
    names: dict[str, dict[str, str]] = {}
    for facet, wanted in codes.items():
        wanted = set(wanted)
        if facet == "type":
            names[facet] = {code: type_name(code) for code in wanted if code in PORTAL_TYPES}
        elif facet == "year":
            names[facet] = {code: code for code in wanted}
        else:
            model = _vocabulary_model(facet)
            rows = model._default_manager.filter(pk__in=wanted).values_list("pk", "names")
            names[facet] = {
                str(code): pick_language(text, language)[1] or str(code) for code, text in rows
            }
        for code in wanted:
            names[facet].setdefault(code, code)
    return names


def _hit_views(hits: Iterable[SearchHit], language: str) -> list[HitView]:
    """The hits with their pages, and a note on those shown in another language than asked."""
    hits = list(hits)
    others = {hit.language for hit in hits if hit.language and hit.language != language}
    names = facet_names({"language": others | {language}}, language)["language"] if others else {}
    views = []
    for hit in hits:
        note = ""
        if hit.language in others:
            note = _("Shown in %(shown)s: no %(wanted)s text yet.") % {
                "shown": names[hit.language],
                "wanted": names[language],
            }
        views.append(
            HitView(
                hit=hit,
                url=record_url(hit.record_type, hit.uid) if hit.record_type in PORTAL_TYPES else "",
                type_name=type_name(hit.record_type, plural=False),
                note=note,
            )
        )
    return views


def _pager(query: BrowseQuery, total: int) -> Pager:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = query.page
    pager = Pager(page=page, pages=pages)
    if page > 1:
        pager.previous = query.query_string(page=min(page - 1, pages))
    if page < pages:
        pager.next = query.query_string(page=page + 1)
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    pager.numbers = [(number, query.query_string(page=number)) for number in shown]
    return pager


def browse_page(*, query: BrowseQuery, language: str | None = None) -> BrowsePage:
    """The search service's answer to the query, ready for the page (names in the language)."""
    language = (language or get_language() or "en").split("-")[0].lower()
    result = search(
        SearchQuery(
            text=query.text,
            filters=query.search_filters(),
            language=language,
            sort=query.sort,
            page=query.page,
            page_size=PAGE_SIZE,
        )
    )
    codes: dict[str, set[str]] = {facet: set(query.filters.get(facet, [])) for facet in FACETS}
    for facet, counted in result.facets.items():
        codes.setdefault(facet, set()).update(code for code, _count in counted[:FACET_CHOICES])
    names = facet_names(codes, language)

    groups: list[FacetGroup] = []
    selected: list[FacetValue] = []
    for facet in FACETS:
        if facet == "type" and query.fixed_type:
            continue
        chosen = query.filters.get(facet, [])
        counts = dict(result.facets.get(facet, []))
        ordered = [code for code, _count in result.facets.get(facet, [])]
        if facet == "year":
            ordered.sort(reverse=True)
        if facet == "type":
            ordered = [code for code in ordered if code in PORTAL_TYPES]
        values = [
            FacetValue(
                code=code,
                name=names[facet].get(code, code),
                count=counts.get(code, 0),
                selected=code in chosen,
                link=query.toggled(facet, code),
            )
            for code in [*chosen, *(code for code in ordered if code not in chosen)]
        ]
        selected.extend(value for value in values if value.selected)
        if not values:
            continue
        links = values[: max(FACET_LINKS, len(chosen))]
        choices = values[: max(FACET_CHOICES, len(chosen))]
        groups.append(
            FacetGroup(
                facet=facet,
                param=FACET_PARAMS[facet],
                label=str(FACET_LABELS[facet]),
                links=links,
                choices=choices,
                hidden=len(values) - len(links),
            )
        )

    hits = _hit_views(result.hits, language)
    sort_links = [
        (str(_("relevance")), query.query_string(sort="relevance"), query.sort == "relevance"),
        (str(_("date")), query.query_string(sort="date"), query.sort == "date"),
    ]
    return BrowsePage(
        query=query,
        total=result.total,
        hits=hits,
        facets=groups,
        selected=selected,
        pager=_pager(query, result.total),
        sort_links=sort_links if query.text else [],
    )


# ---------------------------------------------------------------------------------------------
# The home page's lists


@dataclass
class RecordLink:
    """A record in a short list: its name, its page, what it is, and when."""

    name: str
    url: str
    type_name: str
    record: Record


def record_links(records: Iterable[Record]) -> list[RecordLink]:
    """Short-list entries for records a visitor may read (names in the active language)."""
    return [
        RecordLink(
            name=record_heading(record),
            url=record_url(record.record_type, record.uid),
            type_name=type_name(record.record_type, plural=False),
            record=record,
        )
        for record in records
    ]


def need_list_open(*, limit: int = 5) -> list[Record]:
    """Published needs still open to cooperation, latest change first."""
    return list(record_list_public("need").filter(progress=NeedProgress.OPEN)[:limit])


def feed_hits(*, query: BrowseQuery, limit: int, language: str | None = None) -> list[HitView]:
    """The first ``limit`` records the query finds, latest first (for the search's feed)."""
    language = (language or get_language() or "en").split("-")[0].lower()
    result = search(
        SearchQuery(
            text=query.text,
            filters=query.search_filters(),
            language=language,
            sort="date",
            page=1,
            page_size=limit,
        )
    )
    return _hit_views(result.hits, language)
