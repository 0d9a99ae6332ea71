"""Stored renderings: a list page is made of fragments that are never stale."""

import datetime as dt
from typing import Any

import pytest

from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.exchange import read_records
from ayni.core.services import revision_record
from ayni.core.tests.records import make_record
from ayni.federation.formats.ayni_xml import PUBLIC_TYPES
from ayni.federation.models import OaiFragment
from ayni.federation.oai import tokens
from ayni.federation.tests.oai.helpers import NS, identifiers, oai, token

pytestmark = pytest.mark.django_db


def metadata_titles(root):
    return [e.text for e in root.iterfind(".//oai:metadata//dc:title", NS)]


def test_list_stores_a_fragment_per_record_and_serves_it_again(client):
    """A first list renders and stores each record once; a second list is the same page."""
    records = [make_record("need", status=RecordStatus.PUBLISHED) for _ in range(3)]
    first = oai(client, verb="ListRecords", metadataPrefix="ayni")
    assert OaiFragment.objects.filter(record_type="need").count() == 3
    second = oai(client, verb="ListRecords", metadataPrefix="ayni")
    assert OaiFragment.objects.count() == 3
    body = ".//oai:ListRecords"
    assert [e.get("id") for e in first.iterfind(f"{body}//ayni:need", NS)] == [
        e.get("id") for e in second.iterfind(f"{body}//ayni:need", NS)
    ]
    assert {e.get("id") for e in second.iterfind(f"{body}//ayni:need", NS)} == {
        r.uid for r in records
    }


def test_changed_record_is_rendered_again(client):
    """A record written after its fragment was stored is listed as it is now."""
    need = make_record("need", status=RecordStatus.PUBLISHED, title={"en": "Mangrove survey"})
    assert metadata_titles(oai(client, verb="ListRecords", metadataPrefix="oai_dc")) == [
        "Mangrove survey"
    ]
    need.title = {"en": "Mangrove survey by drone"}
    need.save()  # a write: the datestamp moves on
    assert metadata_titles(oai(client, verb="ListRecords", metadataPrefix="oai_dc")) == [
        "Mangrove survey by drone"
    ]
    stored = OaiFragment.objects.get(record_type="need", record_pk=need.pk)
    need.refresh_from_db()
    assert stored.datestamp == need.datestamp
    assert "Mangrove survey by drone" in stored.oai_dc


def test_ayni_fragment_points_at_the_schema_of_the_answering_host(client):
    """The stored placeholder never reaches a harvester: the schema is on the asked host."""
    make_record("need", status=RecordStatus.PUBLISHED)
    oai(client, verb="ListRecords", metadataPrefix="ayni")
    root = oai(client, verb="ListRecords", metadataPrefix="ayni")
    location = root.find(".//ayni:need", NS).get(
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    )
    assert location == "urn:x-ayni:exchange:1 http://testserver/oai/ayni.xsd"


def test_partnership_sets_follow_its_need_without_a_new_rendering(client):
    """A partnership's country sets come from its need, read fresh at every page."""
    partnership = make_record("partnership", country="SN", status=RecordStatus.PUBLISHED)
    oai(client, verb="ListIdentifiers", metadataPrefix="ayni", set="country:SN")
    need = partnership.need
    type(need).objects.filter(pk=need.pk).update(country_id="BR")
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni", set="type:partnership")
    specs = [e.text for e in root.iterfind(".//oai:setSpec", NS)]
    assert "country:BR" in specs
    assert "country:SN" not in specs


def test_token_says_when_the_window_holds_no_tombstone(client, settings):
    """A list without deleted-in-the-admin records does not look for them on later pages."""
    settings.AYNI_OAI_PAGE_SIZE = 2
    for _ in range(3):
        make_record("need", status=RecordStatus.PUBLISHED)
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    resumption = tokens.decode(token(root), verb="ListIdentifiers")
    assert resumption.tombstones is False
    root = oai(client, verb="ListIdentifiers", resumptionToken=token(root))
    assert len(root.findall(".//oai:header", NS)) == 1


def test_fragment_matches_the_public_record(client):
    """The stored ayni fragment holds the public record: no private field."""
    expert = make_record("expert", consent_public=True, email="secret@example.org")
    type(expert).objects.filter(pk=expert.pk).update(status=RecordStatus.PUBLISHED)
    oai(client, verb="ListRecords", metadataPrefix="ayni")
    stored = OaiFragment.objects.get(record_type="expert", record_pk=expert.pk)
    assert "secret@example.org" not in stored.ayni
    assert read_records("expert", [expert.pk])[0].values["email"] == "secret@example.org"


def headers(root):
    """Each header as (identifier, status, datestamp, setSpecs)."""
    return [
        (
            h.findtext("oai:identifier", namespaces=NS),
            h.get("status"),
            h.findtext("oai:datestamp", namespaces=NS),
            [s.text for s in h.iterfind("oai:setSpec", NS)],
        )
        for h in root.iterfind(".//oai:header", NS)
    ]


def test_stored_headers_are_the_headers_made_when_rendering(client):
    """The headers of a page read from stored renderings equal those of the first rendering."""
    for record_type in ("need", "case-study", "resource", "partnership", "organization"):
        record = make_record(record_type, status=RecordStatus.PUBLISHED)
        if hasattr(record, "subjects"):
            record.subjects.set(["forest", "marine-coastal"])
    cold = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    warm = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    assert OaiFragment.objects.exclude(record_type="partnership").exclude(sets="").count() == 4
    assert headers(cold) == headers(warm)
    assert any("subject:forest" in sets and "region:011" in sets for *_, sets in headers(warm))


def test_sets_follow_a_change_of_the_m49_areas(client):
    """Stored sets are made again, and stored again, when a country's M49 areas change."""
    from ayni.vocabularies.models import Country

    need = make_record("need", country="SN", status=RecordStatus.PUBLISHED)
    oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    before = OaiFragment.objects.get(record_type="need", record_pk=need.pk)
    assert "<setSpec>region:011</setSpec>" in before.sets
    Country.objects.filter(code="SN").update(intermediate_region=None)

    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    (_identifier, _status, _stamp, sets) = headers(root)[0]
    assert "region:011" not in sets
    assert "region:202" in sets
    assert "country:SN" in sets
    after = OaiFragment.objects.get(record_type="need", record_pk=need.pk)
    assert after.places != before.places
    assert "region:011" not in after.sets
    assert after.ayni == before.ayni  # not rendered again
    assert headers(oai(client, verb="ListIdentifiers", metadataPrefix="ayni")) == headers(root)


def test_records_changed_after_rendering_show_as_they_are_at_the_next_request(client):
    """Unpublished, edited and deleted records show so at once, stored renderings or not."""
    unpublished, edited, deleted, kept = (
        make_record("need", status=RecordStatus.PUBLISHED, title={"en": f"Need {n}"})
        for n in range(4)
    )
    for record in (unpublished, deleted):
        revision_record(record=record, action=RevisionAction.PUBLISH)
    oai(client, verb="ListRecords", metadataPrefix="oai_dc")  # every fragment stored
    unpublished.status = RecordStatus.DRAFT
    unpublished.save()
    edited.title = {"en": "Need 1, edited"}
    edited.save()
    revision_record(record=deleted, action=RevisionAction.DELETE)
    deleted_uid = deleted.uid
    deleted.delete()

    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    status = {i.removeprefix("oai:ayni:"): s for i, s, *_ in headers(root)}
    assert status == {unpublished.uid: "deleted", edited.uid: None, deleted_uid: "deleted"} | {
        kept.uid: None
    }
    assert sorted(metadata_titles(root)) == ["Need 1, edited", "Need 3"]


def test_pages_cross_runs_of_types_with_tied_datestamps(client, settings):
    """Runs of one type longer than a page, tied datestamps, several types: order is
    (datestamp, type, key), every record once."""
    settings.AYNI_OAI_PAGE_SIZE = 45  # more than a first batch of rows of one type
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    plan = [("need", 0, 70), ("event", 0, 10), ("organization", 0, 5), ("expert", 1, 20)]
    expected = []
    for record_type, second, count in plan:
        for _ in range(count):
            extra: dict[str, Any] = {"consent_public": True} if record_type == "expert" else {}
            record = make_record(record_type, status=RecordStatus.PUBLISHED, **extra)
            when = t0 + dt.timedelta(seconds=second)
            type(record).objects.filter(pk=record.pk).update(datestamp=when)
            expected.append((when, PUBLIC_TYPES.index(record_type), record.pk, record.uid))
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    listed = identifiers(root)
    while token(root):
        root = oai(client, verb="ListIdentifiers", resumptionToken=token(root))
        listed += identifiers(root)
    assert listed == [f"oai:ayni:{uid}" for *_key, uid in sorted(expected)]
