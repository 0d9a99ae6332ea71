"""What OAI-PMH shows: the items, their datestamps, their sets, in harvest order.

An *item* is a record as OAI-PMH sees it: live (published, and for an expert listed with
consent) or deleted. A record counts as deleted when it is archived, when it was public once
and no longer is (moved back from published by a curator, an expert's consent withdrawn), or
when it was deleted in the admin after having been public (its last revision is a ``delete``
and no row holds its id any more: a *tombstone*). A record that was never public never
appears. Clearing-house entries are not items.

Items are listed in the order ``(datestamp, kind, pk)``: ``kind`` is the position of the
record type (tombstones come after every type) and ``pk`` the row's (or revision's) key, so
the order is total and a harvest can resume after the last key it saw.
"""

import datetime as dt
import hashlib
import heapq
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.exchange import read_records
from ayni.core.models import Revision
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_xml import PUBLIC_TYPES

TOMBSTONE_KIND = 100
FIRST_BATCH = 32  # rows of each type read first for a list page
AREAS_KEPT = 20_000  # combinations of countries whose sets are kept made

#: Where each type keeps its countries (ORM lookups), for the country and region sets.
COUNTRY_LOOKUPS: dict[str, tuple[str, ...]] = {
    "organization": ("country",),
    "expert": ("country",),
    "resource": ("countries",),
    "need": ("country",),
    "offer": ("provider_country",),
    "case-study": ("provider_countries", "beneficiary_countries"),
    "event": ("country",),
    "partnership": ("need__country",),
    "country-profile": ("country",),
}
#: The same in the exchange format (a partnership's country is its need's).
COUNTRY_FIELDS: tuple[str, ...] = ("country", "countries", "provider_country", "provider_countries")
COUNTRY_FIELDS += ("beneficiary_countries",)
Key = tuple[dt.datetime, int, int]


@dataclass
class Item:
    """One record as OAI-PMH shows it; ``data`` is its public exchange record (None if deleted)."""

    key: Key
    record_type: str
    uid: str
    deleted: bool
    sets: list[str] = field(default_factory=list)
    data: dict[str, Any] | None = None
    #: The header's setSpec elements as text, when known so (stored renderings); else made
    #: from ``sets``.
    sets_xml: str | None = None

    @property
    def datestamp(self) -> dt.datetime:
        return self.key[0]


@dataclass(frozen=True)
class Selection:
    """What a list request asks for: a set, a datestamp window, where to resume."""

    set_spec: str = ""
    from_: dt.datetime | None = None
    until: dt.datetime | None = None  # inclusive, microseconds
    after: Key | None = None
    tombstones: bool = True  # False: the window holds none, they are not looked for


# ---------------------------------------------------------------------------------------------
# Vocabulary helpers


@dataclass(frozen=True)
class Places:
    """Countries and the M49 areas they lie in (read once per request, and kept while the
    same)."""

    regions_of: dict[str, list[str]]
    #: Names this very mapping (sets made with another one are made again).
    digest: str = ""
    #: The region and country sets of each combination of countries met (filled as asked).
    _areas: dict[tuple[str, ...], list[str]] = field(default_factory=dict, compare=False)

    def countries_in(self, region: str) -> list[str]:
        return [code for code, regions in self.regions_of.items() if region in regions]

    def area_sets(self, countries: tuple[str, ...]) -> list[str]:
        """The ``region:`` then ``country:`` setSpecs of known countries, sorted (memoized)."""
        found = self._areas.get(countries)
        if found is None:
            regions = sorted({r for code in countries for r in self.regions_of[code]})
            found = [f"region:{r}" for r in regions] + [f"country:{c}" for c in sorted(countries)]
            if len(self._areas) >= AREAS_KEPT:  # kept across requests: memory stays flat
                self._areas.clear()
            self._areas[countries] = found
        return found


def places() -> Places:
    sql, params = _places_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    last = _last_places.get(connection.vendor)
    if last is not None and last[0] == rows:
        return last[1]  # the same areas: the sets made with them stay good
    regions_of = {code: [r for r in regions if r] for code, *regions in rows}
    digest = hashlib.blake2b(repr(sorted(regions_of.items())).encode(), digest_size=8)
    found = Places(regions_of, digest.hexdigest())
    _last_places[connection.vendor] = (rows, found)
    return found


#: The places last read (read at every page, made again only when they change).
_last_places: dict[str, tuple[list[tuple[Any, ...]], Places]] = {}


@cache
def _places_sql(vendor: str) -> tuple[str, tuple[Any, ...]]:
    from ayni.vocabularies.models import Country

    rows = Country.objects.values_list("code", "intermediate_region", "subregion", "region")
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def set_list() -> list[tuple[str, str]]:
    """Every set: ``(setSpec, setName)``; the four kinds first, then their members."""
    from ayni.vocabularies.models import Country, Region, Subject

    result = [
        ("type", gettext("Record types")),
        ("subject", gettext("Subjects (CBD thematic programmes and cross-cutting issues)")),
        ("region", gettext("UN M49 regions, sub-regions and intermediate regions")),
        ("country", gettext("Countries (ISO 3166-1 alpha-2)")),
    ]
    result += [
        (f"type:{t}", str(record_model(t)._meta.verbose_name).capitalize()) for t in PUBLIC_TYPES
    ]
    result += [(f"subject:{s.slug}", s.name) for s in Subject.objects.order_by("position", "slug")]
    used = set(Country.objects.values_list("region", flat=True))
    used |= set(Country.objects.values_list("subregion", flat=True))
    used |= set(Country.objects.values_list("intermediate_region", flat=True))
    result += [(f"region:{r.code}", r.name) for r in Region.objects.filter(code__in=used)]
    result += [(f"country:{c.code}", c.name) for c in Country.objects.order_by("code")]
    return result


# ---------------------------------------------------------------------------------------------
# Visibility


def _ever_public(record_type: str, uid_ref: Any) -> Exists:
    """Whether a revision shows the record public (a published expert with consent)."""
    revisions = Revision.objects.filter(
        record_type=record_type, record_uid=uid_ref, data__status=RecordStatus.PUBLISHED
    )
    if record_type == "expert":
        revisions = revisions.filter(data__consent_public=True)
    return Exists(revisions)


def _live_q(record_type: str) -> Q:
    live = Q(status=RecordStatus.PUBLISHED)
    if record_type == "expert":
        live &= Q(consent_public=True)
    return live


def exposed_rows(record_type: str) -> QuerySet[Any]:
    """The rows of a type that OAI-PMH shows, annotated ``live`` (else deleted)."""
    # Built once per type (resolving the expressions costs more than running the query for a
    # page); each caller gets a fresh clone, never the shared queryset itself.
    return _exposed_rows(record_type).all()


@cache
def _exposed_rows(record_type: str) -> QuerySet[Any]:
    model = record_model(record_type)
    live = _live_q(record_type)
    gone = Q(status=RecordStatus.ARCHIVED)
    if record_type == "expert":
        gone &= Q(consent_public=True)
    once = _ever_public(record_type, OuterRef("uid"))
    return (
        model._default_manager.annotate(
            live=ExpressionWrapper(live, output_field=BooleanField()),
        )
        .alias(once=once)
        .filter(live | gone | Q(once=True))
    )


def tombstones() -> QuerySet[Revision]:
    """The last revisions of records deleted after having been public."""
    later = Revision.objects.filter(
        record_type=OuterRef("record_type"), record_uid=OuterRef("record_uid")
    ).filter(
        Q(created__gt=OuterRef("created")) | Q(created=OuterRef("created"), pk__gt=OuterRef("pk"))
    )
    still_there = Q()
    once = Q()
    for record_type in PUBLIC_TYPES:
        model = record_model(record_type)
        exists = Exists(model._default_manager.filter(uid=OuterRef("record_uid")))
        still_there |= Q(record_type=record_type) & Q(exists)
        once |= Q(record_type=record_type) & Q(_ever_public(record_type, OuterRef("record_uid")))
    return (
        Revision.objects.filter(action=RevisionAction.DELETE, record_type__in=PUBLIC_TYPES)
        .exclude(Exists(later))
        .exclude(still_there)
        .filter(once)
    )


# ---------------------------------------------------------------------------------------------
# Sets


def item_sets(
    record_type: str, data: dict[str, Any], places: Places, extra: Sequence[str] = ()
) -> list[str]:
    """The setSpecs of a record (from its exchange data; ``extra`` are more country codes)."""
    sets = [f"type:{record_type}"]
    sets += [f"subject:{s}" for s in data.get("subjects") or []]
    countries: list[str] = list(extra)
    for name in COUNTRY_FIELDS:
        value = data.get(name)
        for code in value if isinstance(value, list) else [value] if value else []:
            if isinstance(code, str) and code in places.regions_of and code not in countries:
                countries.append(code)
    sets += places.area_sets(tuple(countries))
    return sets


def in_set(sets: Sequence[str], set_spec: str) -> bool:
    """Whether an item with these sets is in a set (or below it: ``type`` holds ``type:need``)."""
    return not set_spec or any(s == set_spec or s.startswith(f"{set_spec}:") for s in sets)


ALL: tuple[str, ...] = ()  # every row of the type: no set filter (no set gives no codes)


def _set_codes(record_type: str, set_spec: str, places: Places) -> tuple[str, ...] | None:
    """What selects the rows of a type in a set: ``ALL``, the countries (or subject) of the
    set, or None when no row of the type can be in it."""
    if not set_spec:
        return ALL
    kind, _, value = set_spec.partition(":")
    if kind == "type":
        return ALL if value in ("", record_type) else None
    if kind == "subject":
        return (value,) if _has_field(record_type, "subjects") else None
    if kind in ("country", "region"):
        if kind == "country":
            codes = [value] if value else list(places.regions_of)
        else:
            codes = places.countries_in(value) if value else list(places.regions_of)
        return tuple(sorted(codes)) or None
    return None


@cache
def _has_field(record_type: str, name: str) -> bool:
    return any(f.name == name for f in record_model(record_type)._meta.get_fields())


def _after_q(kind: int, after: Key | None, column: str = "datestamp") -> Q:
    """The items after a key in harvest order, for a source of one kind."""
    if after is None:
        return Q()
    stamp, after_kind, after_pk = after
    if kind > after_kind:
        return Q(**{f"{column}__gte": stamp})
    if kind < after_kind:
        return Q(**{f"{column}__gt": stamp})
    return Q(**{f"{column}__gt": stamp}) | Q(**{column: stamp, "pk__gt": after_pk})


def _window_q(selection: Selection, column: str = "datestamp") -> Q:
    window = Q()
    if selection.from_ is not None:
        window &= Q(**{f"{column}__gte": selection.from_})
    if selection.until is not None:
        window &= Q(**{f"{column}__lte": selection.until})
    return window


# ---------------------------------------------------------------------------------------------
# Listing


def _row_keys(
    record_type: str, selection: Selection, places: Places, batch: int, room: Callable[[], int]
) -> Iterator[tuple[Key, str, bool]]:
    """The keys of a type's exposed rows in harvest order, read in growing batches.

    ``room()`` says how many more items the page can take: a batch never reads more.
    """
    kind = PUBLIC_TYPES.index(record_type)
    codes = _set_codes(record_type, selection.set_spec, places)
    if codes is None:
        return
    base_sql, base_params = _rows_sql(connection.vendor, record_type)
    conditions: list[str] = []
    params: list[Any] = list(base_params)
    if codes != ALL:
        set_sql, set_params = _set_sql(connection.vendor, record_type, selection.set_spec, codes)
        conditions.append(f'v."pk" IN ({set_sql})')
        params += set_params
    adapt = connection.ops.adapt_datetimefield_value
    if selection.from_ is not None:
        conditions.append('v."datestamp" >= %s')
        params.append(adapt(selection.from_))
    if selection.until is not None:
        conditions.append('v."datestamp" <= %s')
        params.append(adapt(selection.until))
    where = "".join(f" AND {c}" for c in conditions)
    after = selection.after
    # A few rows first, more while the type keeps coming (but never more than the page can
    # still take): a page is mostly made of one or two types (records are written in batches),
    # and the others need not be read far ahead.
    size = min(batch, FIRST_BATCH)
    while True:
        after_sql, after_params = _after_sql(kind, after, adapt)
        with connection.cursor() as cursor:
            cursor.execute(
                f'{base_sql} WHERE 1 = 1{where}{after_sql} ORDER BY v."datestamp", v."pk" LIMIT %s',
                [*params, *after_params, size],
            )
            page = cursor.fetchall()
        for stamp, pk, uid, live in page:
            yield (from_db(stamp), kind, pk), uid, not live
        if len(page) < size:
            return
        after = (from_db(page[-1][0]), kind, page[-1][1])
        size = max(1, min(batch, size * 4, room()))


def from_db(value: Any) -> dt.datetime:
    """A datetime column read with a raw cursor, as an aware datetime (UTC)."""
    if isinstance(value, str):  # SQLite keeps naive UTC text
        try:  # parsed aware at once: six times as fast as parsing, then setting the zone
            return dt.datetime.fromisoformat(value + "+00:00")
        except ValueError:
            return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@cache
def _rows_sql(vendor: str, record_type: str) -> tuple[str, tuple[Any, ...]]:
    """The exposed rows of a type as SQL (``v``: datestamp, pk, uid, live), compiled once."""
    rows = exposed_rows(record_type).order_by().values_list("datestamp", "pk", "uid", "live")
    sql, params = rows.query.sql_with_params()
    columns = "v.*"
    if vendor == "sqlite":
        # The text as stored, so not parsed twice (by the driver's converter, then made
        # aware): ``from_db`` parses it aware at once, in a sixth of the time.
        columns = 'CAST(v."datestamp" AS TEXT) AS "datestamp", v."pk", v."uid", v."live"'
    return f"SELECT {columns} FROM ({sql}) v", tuple(params)  # noqa: S608 (Django's own SQL)


@lru_cache(maxsize=512)
def _set_sql(
    vendor: str, record_type: str, set_spec: str, codes: tuple[str, ...]
) -> tuple[str, tuple[Any, ...]]:
    """The keys of the rows of a type in a set, as SQL (compiled once per set and codes)."""
    kind, _, value = set_spec.partition(":")
    manager = record_model(record_type)._default_manager
    if kind == "subject":
        subject: dict[str, Any] = {"subjects": value} if value else {"subjects__isnull": False}
        rows = manager.filter(**subject)
    else:
        match = Q()
        for path in COUNTRY_LOOKUPS[record_type]:
            match |= Q(**{f"{path}__in": codes})
        rows = manager.filter(match)
    sql, params = rows.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def _after_sql(kind: int, after: Key | None, adapt: Any) -> tuple[str, list[Any]]:
    """The rows after a key in harvest order, for a source of one kind (SQL over ``v``)."""
    if after is None:
        return "", []
    stamp, after_kind, after_pk = after
    value = adapt(stamp)
    if kind > after_kind:
        return ' AND v."datestamp" >= %s', [value]
    if kind < after_kind:
        return ' AND v."datestamp" > %s', [value]
    # The redundant lower bound lets the database start from the datestamp index.
    sql = ' AND v."datestamp" >= %s AND (v."datestamp" > %s OR v."pk" > %s)'
    return sql, [value, value, after_pk]


def _row_items(
    record_type: str, selection: Selection, where: Places, batch: int, room: Callable[[], int]
) -> Iterator[Item]:
    for key, uid, deleted in _row_keys(record_type, selection, where, batch, room):
        yield Item(key, record_type, uid, deleted)


def _tombstone_items(selection: Selection, places: Places, batch: int) -> Iterator[Item]:
    kind, _, value = selection.set_spec.partition(":")
    revisions = tombstones().filter(_window_q(selection, "created"))
    if kind == "type" and value:
        revisions = revisions.filter(record_type=value)
    after = selection.after
    while True:
        page = list(
            revisions.filter(_after_q(TOMBSTONE_KIND, after, "created")).order_by("created", "pk")[
                :batch
            ]
        )
        countries_of_need = need_countries(
            [r.data.get("need") for r in page if r.record_type == "partnership"]
        )
        for revision in page:
            key = (revision.created, TOMBSTONE_KIND, revision.pk)
            extra = countries_of_need.get(revision.data.get("need") or "", [])
            sets = item_sets(revision.record_type, revision.data, places, extra)
            if in_set(sets, selection.set_spec):
                yield Item(key, revision.record_type, revision.record_uid, True, sets)
        if len(page) < batch:
            return
        after = (page[-1].created, TOMBSTONE_KIND, page[-1].pk)


def need_countries(need_uids: Sequence[Any]) -> dict[str, list[str]]:
    uids = list({uid for uid in need_uids if isinstance(uid, str) and uid})
    if not uids:
        return {}
    from ayni.needs.models import Need

    needs = Need.objects.filter(uid__in=uids).values_list("uid", "country_id")
    return {uid: [country] for uid, country in needs}


def has_tombstones(selection: Selection) -> bool:
    """Whether the selection's window holds a deleted record's tombstone (one scan)."""
    kind, _, value = selection.set_spec.partition(":")
    revisions = tombstones().filter(_window_q(selection, "created"))
    if kind == "type" and value:
        revisions = revisions.filter(record_type=value)
    return revisions.exists()


def list_items(
    selection: Selection,
    *,
    limit: int,
    with_data: bool,
    complete: bool = True,
    where: Places | None = None,
) -> list[Item]:
    """The first ``limit`` items of a selection in harvest order, with sets (and data).

    ``complete=False`` leaves the rows' sets (and data) to the caller (the stored fragments
    of ``oai.fragments``); tombstones always have theirs. ``where``: the places, if read.
    """
    if where is None:
        where = places()
    items: list[Item] = []

    def room() -> int:
        return limit - len(items)

    sources: list[Iterator[Any]] = []
    for record_type in PUBLIC_TYPES:
        sources.append(_row_items(record_type, selection, where, limit, room))
    if selection.tombstones:
        sources.append(_tombstone_items(selection, where, limit))
    for item in heapq.merge(*sources, key=lambda item: item.key):
        items.append(item)
        if len(items) == limit:
            break
    if complete:
        _complete(items, where, with_data=with_data)
    return items


def _complete(items: list[Item], where: Places, *, with_data: bool) -> None:
    """Give rows their sets (and public data) from the exchange format, a few queries per type."""
    by_type: dict[str, list[Item]] = {}
    for item in items:
        if item.key[1] != TOMBSTONE_KIND:
            by_type.setdefault(item.record_type, []).append(item)
    for record_type, group in by_type.items():
        stored = {s.pk: s for s in read_records(record_type, [i.key[2] for i in group])}
        rendered = {pk: s.render(record_type, public=True) for pk, s in stored.items()}
        countries_of_need = need_countries([r.get("need") for r in rendered.values()])
        for item in group:
            data = rendered[item.key[2]]
            extra = countries_of_need.get(data.get("need") or "", [])
            item.sets = item_sets(record_type, data, where, extra)
            if with_data and not item.deleted:
                item.data = data


def get_item(uid: str) -> Item | None:
    """The item of a record id, live or deleted; None when OAI-PMH does not show it."""
    where = places()
    for record_type in PUBLIC_TYPES:
        row = (
            exposed_rows(record_type)
            .filter(uid=uid)
            .values_list("datestamp", "pk", "uid", "live")
            .first()
        )
        if row is not None:
            item = Item(
                (row[0], PUBLIC_TYPES.index(record_type), row[1]), record_type, uid, not row[3]
            )
            _complete([item], where, with_data=True)
            return item
        if record_model(record_type)._default_manager.filter(uid=uid).exists():
            return None
    revision = tombstones().filter(record_uid=uid).first()
    if revision is None:
        return None
    extra = need_countries([revision.data.get("need")]).get(revision.data.get("need") or "", [])
    sets = item_sets(revision.record_type, revision.data, where, extra)
    return Item(
        (revision.created, TOMBSTONE_KIND, revision.pk), revision.record_type, uid, True, sets
    )


def earliest_datestamp() -> dt.datetime | None:
    """A lower bound of every datestamp OAI-PMH can show."""
    from django.db.models import Min

    found = [
        record_model(t)._default_manager.aggregate(first=Min("datestamp"))["first"]
        for t in PUBLIC_TYPES
    ]
    found.append(Revision.objects.aggregate(first=Min("created"))["first"])
    stamps = [stamp for stamp in found if stamp is not None]
    return min(stamps) if stamps else None
