"""Stored renderings: a list page is made of fragments that are never stale."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.exchange import read_records
from ayni.core.tests.records import make_record
from ayni.federation.models import OaiFragment
from ayni.federation.oai import tokens
from ayni.federation.tests.oai.helpers import NS, oai, token

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
