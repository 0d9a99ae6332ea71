"""Reads of the API: which records a person may list or read, filtered and paged by cursor.

The rules mirror ``ayni.core.permissions`` (which decides for one record) as querysets, so a
list shows exactly the records whose detail the same person may open.
"""

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ayni.core import permissions
from ayni.core.choices import RecordStatus
from ayni.core.exchange import StoredRecord, read_records, resolve_ids
from ayni.core.models import Record
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import RECORD_FIELDS, TYPE_ORDER
from ayni.search.selectors import MAX_PAGE_SIZE, SearchQuery, search

#: The ORM lookups that give a record's countries (as ``Record.country_codes`` reads them).
COUNTRY_LOOKUPS: dict[str, tuple[str, ...]] = {
    "organization": ("country",),
    "expert": ("country",),
    "resource": ("countries",),
    "need": ("country",),
    "offer": ("provider_country", "provider_organization__country", "provider_expert__country"),
    "case-study": ("provider_countries", "beneficiary_countries"),
    "event": ("country",),
    "partnership": ("need__country",),
    "country-profile": ("country",),
    "clearing-house": (),
}

#: Filter → the exchange fields (many-to-many to a vocabulary) it looks in.
VOCABULARY_FILTERS: dict[str, tuple[str, ...]] = {
    "subject": ("subjects",),
    "target": ("gbf_targets", "aichi_targets"),
    "assistance_type": ("assistance_types",),
    "language": ("languages",),
}


class BadFilter(ValueError):
    """A filter or cursor the list cannot apply; ``parameter`` names the query parameter."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(message)


@dataclass
class RecordFilters:
    """The filters of a list; every given one must hold (AND), each value among several (OR)."""

    status: str | None = None
    country: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    assistance_type: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    updated_since: dt.datetime | None = None


@dataclass
class RecordPage:
    records: list[StoredRecord]
    next_cursor: str | None


def filter_names(record_type: str) -> list[str]:
    """The filters a record type offers (beyond status and updated_since)."""
    names = [f.name for f in RECORD_FIELDS[record_type]]
    offered = ["country"] if COUNTRY_LOOKUPS[record_type] else []
    offered += [
        name for name, fields in VOCABULARY_FILTERS.items() if any(f in names for f in fields)
    ]
    return offered


def _in_countries(record_type: str, codes: list[str]) -> Q:
    model = record_model(record_type)
    condition = Q()
    for lookup in COUNTRY_LOOKUPS[record_type]:
        pks = model._default_manager.filter(**{f"{lookup}__in": codes}).values("pk")
        condition |= Q(pk__in=pks)
    return condition


def _visible(record_type: str, actor: Any) -> Q:
    """What the detail lets the actor read (``api_record_get``), as a queryset condition.

    ``can_view``: published, own, or within the actor's moderation scope; experts besides
    need their consent to be listed unless the actor may edit them (``can_edit``).
    """
    published = Q(status=RecordStatus.PUBLISHED)
    if not permissions.is_signed_in(actor):
        return published & Q(consent_public=True) if record_type == "expert" else published
    if permissions.is_curator(actor):
        return Q()
    scope = Q(pk__in=[])
    if actor.is_focal_point and record_type not in permissions.CURATOR_ONLY_TYPES:
        scope = _in_countries(record_type, [actor.country_id])
    own = Q(submitted_by=actor)
    if record_type != "expert":
        return published | own | scope
    editable_own = own & Q(status__in=(RecordStatus.DRAFT, RecordStatus.REJECTED))
    return scope | editable_own | ((published | own) & Q(consent_public=True))


def _decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        moment = dt.datetime.fromisoformat(stamp)
        if moment.tzinfo is None or not isinstance(pk, int):
            raise ValueError(cursor)
    except (ValueError, TypeError, binascii.Error, UnicodeError) as error:
        raise BadFilter("cursor", _("The cursor is not one this API gave.")) from error
    return moment, pk


def encode_cursor(datestamp: dt.datetime, pk: int) -> str:
    """An opaque cursor: the (datestamp, pk) of the last record of a page."""
    raw = json.dumps([datestamp.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def api_record_queryset(*, record_type: str, actor: Any, filters: RecordFilters) -> QuerySet[Any]:
    """The records of a type the actor may see that pass the filters, oldest change first."""
    model = record_model(record_type)
    queryset = model._default_manager.filter(_visible(record_type, actor))
    queryset = queryset.filter(status=filters.status or RecordStatus.PUBLISHED)
    offered = filter_names(record_type)
    if filters.country:
        if "country" not in offered:
            raise BadFilter(
                "country", _("%(type)s records have no country.") % {"type": record_type}
            )
        queryset = queryset.filter(_in_countries(record_type, filters.country))
    exchange_fields = {f.name for f in RECORD_FIELDS[record_type]}
    for name, fields in VOCABULARY_FILTERS.items():
        values = getattr(filters, name)
        if not values:
            continue
        if name not in offered:
            raise BadFilter(
                name,
                _("%(type)s records have no %(filter)s.")
                % {"type": record_type, "filter": name.replace("_", " ")},
            )
        condition = Q()
        for field_name in fields:
            if field_name in exchange_fields:
                pks = model._default_manager.filter(**{f"{field_name}__in": values}).values("pk")
                condition |= Q(pk__in=pks)
        queryset = queryset.filter(condition)
    if filters.updated_since is not None:
        queryset = queryset.filter(datestamp__gte=filters.updated_since)
    return queryset.order_by("datestamp", "pk")


def api_record_list(
    *,
    record_type: str,
    actor: Any,
    filters: RecordFilters,
    cursor: str | None = None,
    limit: int = 50,
) -> RecordPage:
    """One page of records after the cursor, in (datestamp, pk) order.

    A record changed while a client pages moves to the end (its datestamp grows), so a client
    that follows ``next`` to the end misses nothing.
    """
    queryset = api_record_queryset(record_type=record_type, actor=actor, filters=filters)
    if cursor:
        moment, pk = _decode_cursor(cursor)
        queryset = queryset.filter(Q(datestamp__gt=moment) | Q(datestamp=moment, pk__gt=pk))
    rows = list(queryset.values_list("pk", "datestamp")[: limit + 1])
    page = rows[:limit]
    stored = {s.pk: s for s in read_records(record_type, [pk for pk, _ in page])}
    next_cursor = encode_cursor(page[-1][1], page[-1][0]) if len(rows) > limit else None
    return RecordPage([stored[pk] for pk, _ in page if pk in stored], next_cursor)


def api_record_get(*, record_type: str, uid: str, actor: Any) -> Record | None:
    """The record with this id if the actor may read it (experts: with consent or editable)."""
    record = record_model(record_type)._default_manager.filter(uid=uid).first()
    if record is None or not permissions.can_view(actor, record):
        return None
    if (
        record_type == "expert"
        and not getattr(record, "consent_public", False)
        and not permissions.can_edit(actor, record)
    ):
        return None
    return record


def api_record_exists(*, uid: str) -> bool:
    """Whether any record, of any type, already has this id."""
    return bool(resolve_ids([uid], TYPE_ORDER))


# ---------------------------------------------------------------------------------------------
# Bulk export of a search result (``GET /api/v1/export`` and the portal's ``/<lang>/export/``)

#: The most records one export holds; a search finding more is refused (narrow it).
MAX_EXPORT_ROWS = 50_000
#: Records read from the database at a time while an export streams.
EXPORT_BATCH = 500
#: Export parameter -> search facet, and how its values are written in the index.
EXPORT_FILTERS: dict[str, tuple[str, Any]] = {
    "type": ("type", str.lower),
    "country": ("country", str.upper),
    "region": ("region", str.strip),
    "grouping": ("grouping", str.lower),
    "subject": ("subject", str.lower),
    "target": ("target", str.upper),
    "assistance_type": ("assistance", str.lower),
    "language": ("language", str.lower),
    "year": ("year", str.strip),
}


class ExportTooLarge(ValueError):
    """The search finds more records than one export may hold."""

    def __init__(self, found: int, limit: int):
        self.found = found
        self.limit = limit
        super().__init__(
            _(
                "The search finds %(found)s records; one export holds at most %(limit)s. "
                "Narrow it with words or filters (type, country, subject, year ...)."
            )
            % {"found": found, "limit": limit}
        )


@dataclass(frozen=True)
class ExportSelection:
    """The records an export holds, as ``(record_type, pk)``, and the languages of their
    texts (the CSV and XLSX columns)."""

    keys: list[tuple[str, int]]
    languages: list[str]

    @property
    def record_types(self) -> list[str]:
        found = {record_type for record_type, _pk in self.keys}
        return [record_type for record_type in TYPE_ORDER if record_type in found]


def export_search_query(*, text: str, filters: dict[str, list[str]]) -> SearchQuery:
    """The ``SearchQuery`` of an export: the words and the facet filters, values normalised.

    ``filters`` is keyed by export parameter (``assistance_type``, not the facet's name).
    ``type`` must name record types of the exchange format, else ``BadFilter``.
    """
    facets: dict[str, list[str]] = {}
    for parameter, values in filters.items():
        facet, normalise = EXPORT_FILTERS[parameter]
        cleaned = [normalise(value.strip()) for value in values if value and value.strip()]
        if parameter == "type":
            unknown = [value for value in cleaned if value not in TYPE_ORDER]
            if unknown:
                raise BadFilter(
                    "type",
                    _("Unknown record type '%(type)s'; the types are: %(types)s.")
                    % {"type": unknown[0], "types": ", ".join(TYPE_ORDER)},
                )
        if cleaned:
            facets[facet] = cleaned
    return SearchQuery(text=text or "", filters=facets)


def export_select(*, query: SearchQuery, limit: int | None = None) -> ExportSelection:
    """The published records the search finds (experts only with consent), at most ``limit``.

    Reads through the public ``ayni.search.selectors.search`` (same words, same facet
    filters), page after page of ``MAX_PAGE_SIZE`` hits sorted by date (a stable order), then
    orders them by type and oldest first. Raises ``ExportTooLarge`` beyond ``limit``
    (``MAX_EXPORT_ROWS`` unless given) before reading more than the first page. The
    languages are the ``language`` facet's values over all the records found (their text
    and working languages), so no text language is ever without its column.
    """
    limit = MAX_EXPORT_ROWS if limit is None else limit
    first = search(replace(query, sort="date", page=1, page_size=MAX_PAGE_SIZE))
    if first.total > limit:
        raise ExportTooLarge(first.total, limit)
    hits = list(first.hits)
    page = 1
    while len(hits) < first.total and page * MAX_PAGE_SIZE < first.total:
        page += 1
        found = search(replace(query, sort="date", page=page, page_size=MAX_PAGE_SIZE))
        if not found.hits:
            break
        hits.extend(found.hits)
    order = {record_type: index for index, record_type in enumerate(TYPE_ORDER)}
    keys = sorted(
        {(hit.record_type, hit.record_pk) for hit in hits},
        key=lambda key: (order.get(key[0], len(order)), key[1]),
    )
    languages = sorted(value for value, _count in first.facets.get("language", []) if value)
    return ExportSelection(keys=keys, languages=languages)


def export_records(selection: ExportSelection) -> Iterator[dict[str, Any]]:
    """The selected records in the exchange format, public fields only, read in batches.

    Visibility is checked again against the records themselves (the index may lag a
    write): only published records, experts only with their consent to be listed.
    """
    for record_type in selection.record_types:
        pks = [pk for kind, pk in selection.keys if kind == record_type]
        model = record_model(record_type)
        for start in range(0, len(pks), EXPORT_BATCH):
            conditions: dict[str, Any] = {
                "pk__in": pks[start : start + EXPORT_BATCH],
                "status": RecordStatus.PUBLISHED,
            }
            if record_type == "expert":
                conditions["consent_public"] = True
            visible = model._default_manager.filter(**conditions)
            chosen = sorted(visible.values_list("pk", flat=True))
            for stored in read_records(record_type, chosen):
                yield stored.render(record_type, public=True)
