"""Stored renderings of records for OAI-PMH, so that a list page is a concatenation.

Rendering a record (reading it back as an exchange record, building its XML, serialising it)
costs far more than sending it. Each record is rendered once per version, in both metadata
formats, and kept in ``OaiFragment`` keyed by the record's type and key and checked against
its ``datestamp``: every write changes the datestamp, so a stored rendering is never served
stale and no write path needs to know about it. A list page reads the fragments of its
records in one query per type, renders the missing or stale ones (a few queries per type, as
before) and stores them for the next harvester.

The header's sets are stored too, as text, with a digest of the M49 areas they were made with:
while the areas are the same they are used as they are; otherwise they are made again from
the stored facts and stored again. A partnership's sets are always made at the page (its
countries are its need's).

The ``ayni`` fragment points at the format's schema on the answering host: it is stored with
a placeholder (``SCHEMA_MARKER``) replaced by the real address when the page is written.
"""

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.db import DatabaseError, connection, transaction
from lxml import etree

from ayni.core.exchange import read_records
from ayni.core.registry import record_model
from ayni.federation.formats import ayni_xml, oai_dc
from ayni.federation.models import OaiFragment
from ayni.federation.oai import selectors
from ayni.federation.oai.selectors import COUNTRY_FIELDS, TOMBSTONE_KIND, Item, Places, Selection

SCHEMA_MARKER = "urn:x-ayni:oai:schema-location"
PREFIXES = ("oai_dc", "ayni")
IN_BATCH = 500  # keys per IN (...) list
#: Its countries are its need's, read at each page: its sets are never stored.
NEED_COUNTRY = "partnership"


@dataclass
class Fragment:
    """A record's sets material and its metadata in one format (empty when not asked)."""

    facts: dict[str, Any]
    metadata: str = ""


def facts_of(data: dict[str, Any]) -> dict[str, Any]:
    """What the sets of a record are made of: its subjects, countries, and need (partnerships)."""
    countries: list[str] = []
    for name in COUNTRY_FIELDS:
        value = data.get(name)
        for code in value if isinstance(value, list) else [value] if value else []:
            if isinstance(code, str) and code not in countries:
                countries.append(code)
    subjects = [s for s in data.get("subjects") or [] if isinstance(s, str)]
    need = data.get("need")
    return {
        "subjects": subjects,
        "countries": countries,
        "need": need if isinstance(need, str) else "",
    }


def render(data: dict[str, Any]) -> dict[str, str]:
    """A public exchange record as XML text in every metadata format (``ayni`` with the marker)."""
    ayni = ayni_xml.with_schema_location(ayni_xml.record_element(data), SCHEMA_MARKER)
    return {
        "oai_dc": etree.tostring(oai_dc.record_element(data), encoding="unicode"),
        "ayni": etree.tostring(ayni, encoding="unicode"),
    }


def fragments_get(
    items: list[Item], *, prefix: str | None, where: Places | None = None
) -> dict[tuple[str, int], Fragment]:
    """The fragments of the items held as rows (``(type, pk)`` → fragment), fresh.

    ``prefix`` is the metadata format wanted (None: sets only, for ListIdentifiers).
    Tombstones have no row and no fragment: their sets come from their last revision.
    The rows' sets are filled in on the way, as text (``Item.sets_xml``) when stored, else
    as a list too (``where``: the places, read if not given).
    """
    if prefix is not None and prefix not in PREFIXES:
        raise ValueError(f"not a metadata format: {prefix}")
    if where is None:
        where = selectors.places()
    wanted: dict[str, dict[int, Item]] = {}
    for item in items:
        if item.key[1] != TOMBSTONE_KIND:
            wanted.setdefault(item.record_type, {})[item.key[2]] = item
    found: dict[tuple[str, int], Fragment] = {}
    to_make: list[tuple[Item, Fragment, bool]] = []  # sets made here (and whether stored)
    for record_type, by_pk in wanted.items():
        for pk, facts, sets, made_with, metadata in _stored(record_type, list(by_pk), prefix):
            item = by_pk[pk]
            fragment = found[(record_type, pk)] = Fragment({}, metadata or "")
            if made_with == where.digest and record_type != NEED_COUNTRY:
                item.sets_xml = sets
            else:
                fragment.facts = json.loads(facts) if isinstance(facts, str) else facts
                to_make.append((item, fragment, True))
        missing = [pk for pk in by_pk if (record_type, pk) not in found]
        if missing:
            stamps = {pk: by_pk[pk].datestamp for pk in missing}
            fresh = _render_and_store(record_type, missing, stamps, where)
            for pk, (facts_of_record, rendered, sets) in fresh.items():
                metadata = rendered[prefix] if prefix else ""
                fragment = found[(record_type, pk)] = Fragment(facts_of_record, metadata)
                if record_type != NEED_COUNTRY:
                    by_pk[pk].sets_xml = sets
                else:
                    to_make.append((by_pk[pk], fragment, False))
    if to_make:
        _make_sets(to_make, where)
    return found


def _make_sets(to_make: list[tuple[Item, Fragment, bool]], where: Places) -> None:
    """Sets made from the facts; stored again when the M49 areas changed since (not for a
    partnership: its need's country is read at each page)."""
    needs = selectors.need_countries([f.facts.get("need") for _i, f, _s in to_make])
    adapt = connection.ops.adapt_datetimefield_value
    again: list[tuple[str, str, str, int, Any]] = []
    for item, fragment, stored in to_make:
        item.sets = facts_sets(item.record_type, fragment.facts, where, needs)
        item.sets_xml = sets_xml(item.sets)
        if stored and item.record_type != NEED_COUNTRY:
            stamp = adapt(item.datestamp)
            again.append((item.sets_xml, where.digest, item.record_type, item.key[2], stamp))
    if not again:
        return
    table = OaiFragment._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Only the version listed: one rendered again meanwhile keeps its own sets.
            cursor.executemany(
                f'UPDATE "{table}" SET "sets" = %s, "places" = %s '  # noqa: S608 (model names)
                'WHERE "record_type" = %s AND "record_pk" = %s AND "datestamp" = %s',
                again,
            )
    except DatabaseError:
        pass  # busy: made again by the next request


def sets_xml(specs: Sequence[str]) -> str:
    """The ``setSpec`` elements of a header."""
    return "".join(f"<setSpec>{escape(spec)}</setSpec>" for spec in specs)


def _stored(record_type: str, pks: list[int], prefix: str | None) -> list[tuple[Any, ...]]:
    """The fresh stored rows of records of a type: ``(record_pk, facts text, sets, places,
    metadata)``.

    Fresh: rendered from the record at its current datestamp (every write moves it).
    """
    table = OaiFragment._meta.db_table
    model = record_model(record_type)._meta
    column = f', f."{prefix}"' if prefix else ", NULL"
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(pks), IN_BATCH):
            chunk = pks[start : start + IN_BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f'SELECT f."record_pk", f."facts", f."sets", f."places"{column} '  # noqa: S608
                f'FROM "{table}" f INNER JOIN "{model.db_table}" r '
                f'ON r."{model.pk.column}" = f."record_pk" AND r."datestamp" = f."datestamp" '
                f'WHERE f."record_type" = %s AND f."record_pk" IN ({marks})',
                [record_type, *chunk],
            )
            rows += cursor.fetchall()
    return rows


def _render_and_store(
    record_type: str, pks: list[int], stamps: dict[int, dt.datetime], where: Places
) -> dict[int, tuple[dict[str, Any], dict[str, str], str]]:
    """Records rendered now: ``pk → (facts, metadata by prefix, sets)``, and stored."""
    rendered: dict[int, tuple[dict[str, Any], dict[str, str], str]] = {}
    rows = []
    for stored in read_records(record_type, pks):
        data = stored.render(record_type, public=True)
        facts, texts = facts_of(data), render(data)
        sets, places = "", ""
        if record_type != NEED_COUNTRY:
            sets, places = sets_xml(facts_sets(record_type, facts, where, {})), where.digest
        rendered[stored.pk] = (facts, texts, sets)
        rows.append(
            OaiFragment(
                record_type=record_type,
                record_pk=stored.pk,
                datestamp=stamps[stored.pk],
                facts=facts,
                sets=sets,
                places=places,
                **texts,
            )
        )
    try:
        with transaction.atomic():
            OaiFragment.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["record_type", "record_pk"],
                update_fields=["datestamp", "facts", "sets", "places", "oai_dc", "ayni"],
            )
    except DatabaseError:
        # Another request stored them first, or the database is busy: served all the same,
        # stored by the next request that asks.
        pass
    return rendered


def facts_sets(
    record_type: str,
    facts: dict[str, Any],
    places: Places,
    need_countries: dict[str, list[str]],
) -> list[str]:
    """The setSpecs of a record from its facts (``need_countries``: a need's countries)."""
    extra = need_countries.get(facts.get("need") or "", [])
    known = places.regions_of
    countries = tuple(extra) + tuple(
        code
        for code in facts.get("countries") or ()
        if isinstance(code, str) and code in known and code not in extra
    )
    sets = [f"type:{record_type}"]
    sets += [f"subject:{s}" for s in facts.get("subjects") or ()]
    sets += places.area_sets(countries)
    return sets


def list_page(
    selection: Selection, *, limit: int, prefix: str | None
) -> tuple[list[Item], dict[tuple[str, int], Fragment]]:
    """The first ``limit`` items of a selection with their sets, and their fragments."""
    where = selectors.places()
    items = selectors.list_items(
        selection, limit=limit, with_data=False, complete=False, where=where
    )
    found = fragments_get(items, prefix=prefix, where=where)
    return items, found
