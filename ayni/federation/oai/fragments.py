"""Stored renderings of records for OAI-PMH, so that a list page is a concatenation.

Rendering a record (reading it back as an exchange record, building its XML, serialising it)
costs far more than sending it. Each record is rendered once per version, in both metadata
formats, and kept in ``OaiFragment`` keyed by the record's type and key and checked against
its ``datestamp``: every write changes the datestamp, so a stored rendering is never served
stale and no write path needs to know about it. A list page reads the fragments of its
records in one query per type, renders the missing or stale ones (a few queries per type, as
before) and stores them for the next harvester.

The ``ayni`` fragment points at the format's schema on the answering host: it is stored with
a placeholder (``SCHEMA_MARKER``) replaced by the real address when the page is written.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from lxml import etree

from ayni.core.exchange import read_records
from ayni.federation.formats import ayni_xml, oai_dc
from ayni.federation.models import OaiFragment
from ayni.federation.oai import selectors
from ayni.federation.oai.selectors import (
    COUNTRY_FIELDS,
    TOMBSTONE_KIND,
    Item,
    Places,
    Selection,
    item_sets,
)

SCHEMA_MARKER = "urn:x-ayni:oai:schema-location"
PREFIXES = ("oai_dc", "ayni")


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


def fragments_get(items: list[Item], *, prefix: str | None) -> dict[tuple[str, int], Fragment]:
    """The fragments of the items held as rows (``(type, pk)`` → fragment), fresh.

    ``prefix`` is the metadata format wanted (None: sets only, for ListIdentifiers).
    Tombstones have no row and no fragment: their sets come from their last revision.
    """
    wanted: dict[str, dict[int, dt.datetime]] = {}
    for item in items:
        if item.key[1] != TOMBSTONE_KIND:
            wanted.setdefault(item.record_type, {})[item.key[2]] = item.datestamp
    found: dict[tuple[str, int], Fragment] = {}
    for record_type, stamps in wanted.items():
        columns = ["record_pk", "datestamp", "facts"] + ([prefix] if prefix else [])
        rows = OaiFragment.objects.filter(
            record_type=record_type, record_pk__in=list(stamps)
        ).values_list(*columns)
        for row in rows:
            if stamps.get(row[0]) == row[1]:
                found[(record_type, row[0])] = Fragment(row[2], row[3] if prefix else "")
        missing = [pk for pk in stamps if (record_type, pk) not in found]
        if missing:
            fresh = _render_and_store(record_type, missing, stamps)
            for pk, (facts, texts) in fresh.items():
                found[(record_type, pk)] = Fragment(facts, texts[prefix] if prefix else "")
    return found


def _render_and_store(
    record_type: str, pks: list[int], stamps: dict[int, dt.datetime]
) -> dict[int, tuple[dict[str, Any], dict[str, str]]]:
    rendered: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}
    rows = []
    for stored in read_records(record_type, pks):
        data = stored.render(record_type, public=True)
        facts, texts = facts_of(data), render(data)
        rendered[stored.pk] = (facts, texts)
        rows.append(
            OaiFragment(
                record_type=record_type,
                record_pk=stored.pk,
                datestamp=stamps[stored.pk],
                facts=facts,
                **texts,
            )
        )
    try:
        with transaction.atomic():
            OaiFragment.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["record_type", "record_pk"],
                update_fields=["datestamp", "facts", "oai_dc", "ayni"],
            )
    except DatabaseError:
        # Another request stored them first, or the database is busy: served all the same,
        # stored by the next request that asks.
        pass
    return rendered


def sets_of(
    item: Item, fragment: Fragment, places: Places, need_countries: dict[str, list[str]]
) -> list[str]:
    """The setSpecs of a row item from its stored facts (the need's country read fresh)."""
    facts = fragment.facts
    extra = need_countries.get(facts.get("need") or "", [])
    data = {"subjects": facts.get("subjects") or [], "countries": facts.get("countries") or []}
    return item_sets(item.record_type, data, places, extra)


def list_page(
    selection: Selection, *, limit: int, prefix: str | None
) -> tuple[list[Item], dict[tuple[str, int], Fragment]]:
    """The first ``limit`` items of a selection with their sets, and their fragments."""
    items = selectors.list_items(selection, limit=limit, with_data=False, complete=False)
    found = fragments_get(items, prefix=prefix)
    if found:
        where = selectors.places()
        needs = selectors.need_countries([f.facts.get("need") for f in found.values()])
        for item in items:
            fragment = found.get((item.record_type, item.key[2]))
            if fragment is not None and item.key[1] != TOMBSTONE_KIND:
                item.sets = sets_of(item, fragment, where, needs)
    return items, found
