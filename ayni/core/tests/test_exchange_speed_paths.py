"""The fast paths of bulk writes give the same records as the plain ones.

Plain-SQL look-ups by id, values prepared without Django's layers, parsed records handed to the
importer without JSON, records kept in memory or spilled to disk between the two passes.
"""

import datetime as dt

import pytest

from ayni.core.exchange import IN_CHUNK, read_records, rows_where_in
from ayni.core.models import Revision
from ayni.federation.formats.ayni_jsonl import dump_line
from ayni.federation.services import records_import
from ayni.library.models import Resource
from ayni.roster.models import Expert, Organization

pytestmark = pytest.mark.django_db

RESOURCE = {
    "type": "resource",
    "id": "peer:res-1",
    "status": "published",
    "title": {"en": "Community seed bank manual", "fr": "Manuel des banques de semences"},
    "summary": {"en": "How to run a community seed bank."},
    "authors": "Peer Team",
    "publication_date": "2021-03-04",
    "url": "https://peer.example.org/items/1",
    "resource_type": "publication",
    "languages": ["en"],
    "countries": ["SN"],
    "subjects": ["agricultural"],
    "source": "chm:peer",
    "source_id": "oai:peer.example.org:1",
    "harvested_at": "2026-05-01T10:00:00+00:00",
    "updated": "2024-01-01T00:00:01+00:00",
}
ORG = {
    "type": "organization",
    "id": "br-ufpa:org-1",
    "status": "published",
    "name": {"en": "Mangrove Laboratory"},
    "country": "BR",
    "organization_type": "academic",
}


def _resource(number: int) -> dict:
    return {
        **RESOURCE,
        "id": f"peer:res-{number}",
        "source_id": f"oai:peer.example.org:{number}",
        "title": {"en": f"Community seed bank manual {number}"},
    }


def test_rows_where_in_finds_rows_by_key_beyond_one_chunk():
    """Look-ups by id find every row asked for, however many, and only those."""
    records_import(lines=[_resource(n) for n in range(IN_CHUNK + 20)], batch_size=1000)
    wanted = [f"peer:res-{n}" for n in range(0, IN_CHUNK + 20, 2)] + ["peer:nothing"]
    rows = rows_where_in(Resource, ["uid", "pk", "status"], "uid", wanted + wanted[:3])
    assert sorted(uid for uid, _pk, _status in rows) == sorted(wanted[:-1])
    pks = dict(Resource.objects.values_list("uid", "pk"))
    assert all(pks[uid] == pk and status == "published" for uid, pk, status in rows)


def test_rows_where_in_applies_the_equal_conditions():
    """``equal`` narrows the rows to those whose fields have these values."""
    records_import(lines=[_resource(1), {**_resource(2), "source": "chm:other"}])
    rows = rows_where_in(
        Resource, ["uid"], "uid", ["peer:res-1", "peer:res-2"], equal={"source": "chm:peer"}
    )
    assert rows == [("peer:res-1",)]
    assert rows_where_in(Resource, ["uid"], "uid", []) == []


def test_written_values_read_back_as_given():
    """Language maps, texts, dates, provenance and codes come back as they were written."""
    report = records_import(lines=[dump_line(RESOURCE)])
    assert report.created == 1
    resource = Resource.objects.get()
    (stored,) = read_records("resource", [resource.pk])
    assert stored.values["title"] == RESOURCE["title"]
    assert stored.values["summary"] == RESOURCE["summary"]
    assert stored.values["authors"] == "Peer Team"
    assert stored.values["url"] == RESOURCE["url"]
    assert stored.values["harvested_at"] == dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC)
    assert stored.values["updated"] == dt.datetime(2024, 1, 1, 0, 0, 1, tzinfo=dt.UTC)
    assert stored.values["countries"] == ["SN"]
    assert stored.values["subjects"] == ["agricultural"]
    assert (resource.source, resource.source_id) == ("chm:peer", "oai:peer.example.org:1")
    assert resource.link_status == "unchecked"  # a model default, not in the exchange format
    revision = Revision.objects.get(record_uid="peer:res-1")
    assert revision.data["title"] == RESOURCE["title"]


def test_parsed_records_import_like_their_json_lines():
    """A record given as a dict lands exactly as the same record given as a JSON line."""
    records_import(lines=[RESOURCE])
    from_dict = read_records("resource", list(Resource.objects.values_list("pk", flat=True)))
    Resource.objects.all().delete()
    records_import(lines=[dump_line(RESOURCE)])
    from_json = read_records("resource", list(Resource.objects.values_list("pk", flat=True)))

    def kept(values: dict) -> dict:
        return {k: v for k, v in values.items() if k != "created"}  # the time of the write

    assert [kept(r.values) for r in from_dict] == [kept(r.values) for r in from_json]
    again = records_import(lines=[RESOURCE])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_parsed_records_are_validated_and_rejected_by_number():
    """A bad record given as a dict is rejected with its number, like a bad line."""
    report = records_import(lines=[RESOURCE, {**_resource(2), "countries": ["XX"]}, "  "])
    assert report.created == 1
    ((number, reason),) = report.rejected
    assert number == 2
    assert "countries" in reason


def test_records_beyond_the_memory_batch_are_spilled_and_all_land():
    """More records than a batch: every one lands, references across the spill resolve."""
    experts = [
        {
            "type": "expert",
            "id": f"br-ufpa:expert-{n}",
            "status": "published",
            "name": f"Expert {n}",
            "country": "BR",
            "organization": "br-ufpa:org-1",
        }
        for n in range(7)
    ]
    report = records_import(lines=[dump_line(e) for e in experts] + [dump_line(ORG)], batch_size=2)
    assert report.rejected == []
    assert report.created == 8
    assert Expert.objects.count() == 7
    org = Organization.objects.get(uid="br-ufpa:org-1")
    assert set(Expert.objects.values_list("organization_id", flat=True)) == {org.pk}
