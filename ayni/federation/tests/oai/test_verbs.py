"""The six verbs of OAI-PMH, each answer valid against the strict schema."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import COUNTRY_TYPES, make_record
from ayni.federation.tests.oai.helpers import NS, error_codes, identifiers, oai

pytestmark = pytest.mark.django_db


def test_identify_describes_the_repository(client):
    """Identify gives the base URL, persistent deletions and seconds granularity."""
    make_record("need", status=RecordStatus.PUBLISHED)
    root = oai(client, verb="Identify")
    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find("oai:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_offers_oai_dc_and_ayni(client):
    """ListMetadataFormats names oai_dc and the full record format ayni, with schema URLs."""
    root = oai(client, verb="ListMetadataFormats")
    prefixes = [e.text for e in root.iterfind(".//oai:metadataPrefix", NS)]
    assert prefixes == ["oai_dc", "ayni"]
    schemas = [e.text for e in root.iterfind(".//oai:schema", NS)]
    assert schemas[1] == "http://testserver/oai/ayni.xsd"


def test_list_metadata_formats_of_one_item(client):
    """ListMetadataFormats with an identifier answers for that item."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    root = oai(client, verb="ListMetadataFormats", identifier=f"oai:ayni:{need.uid}")
    assert len(root.findall(".//oai:metadataFormat", NS)) == 2


def test_the_ayni_schema_is_served(client):
    """The schema named by ListMetadataFormats is served at /oai/ayni.xsd."""
    response = client.get("/oai/ayni.xsd")
    assert response.status_code == 200
    assert b"urn:x-ayni:exchange:1" in response.content


def test_list_sets_has_types_subjects_regions_and_countries(client):
    """ListSets lists the four kinds of set and their members."""
    root = oai(client, verb="ListSets")
    specs = {e.text for e in root.iterfind(".//oai:setSpec", NS)}
    assert {"type", "subject", "region", "country"} <= specs
    assert {"type:need", "subject:marine-coastal", "region:011", "country:SN"} <= specs
    assert "type:clearing-house" not in specs


def test_get_record_in_oai_dc(client):
    """GetRecord in oai_dc gives the title per language and the countries as coverage."""
    need = make_record(
        "need", status=RecordStatus.PUBLISHED, title={"fr": "Mangroves", "en": "Mangroves!"}
    )
    root = oai(client, verb="GetRecord", identifier=f"oai:ayni:{need.uid}", metadataPrefix="oai_dc")
    dc = root.find(".//oai_dc:dc", NS)
    titles = {
        e.get("{http://www.w3.org/XML/1998/namespace}lang"): e.text
        for e in dc.iterfind("dc:title", NS)
    }
    assert titles == {"fr": "Mangroves", "en": "Mangroves!"}
    assert "SN" in [e.text for e in dc.iterfind("dc:coverage", NS)]
    assert need.uid in [e.text for e in dc.iterfind("dc:identifier", NS)]


def test_get_record_in_ayni_for_every_type(client):
    """GetRecord in ayni gives the full exchange record of every public record type."""
    for record_type in COUNTRY_TYPES:
        record = make_record(record_type, status=RecordStatus.PUBLISHED)
        root = oai(
            client, verb="GetRecord", identifier=f"oai:ayni:{record.uid}", metadataPrefix="ayni"
        )
        element = root.find(".//oai:metadata", NS)[0]
        assert element.tag == f"{{{NS['ayni']}}}{record_type}"
        assert element.get("id") == record.uid
        assert element.get("status") == "published"


def test_list_identifiers_gives_headers_with_sets(client):
    """ListIdentifiers gives one header per published record, with its sets."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    need.subjects.set(["marine-coastal"])
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert identifiers(root) == [f"oai:ayni:{need.uid}"]
    specs = [e.text for e in root.iterfind(".//oai:setSpec", NS)]
    assert {"type:need", "subject:marine-coastal", "country:SN", "region:011"} <= set(specs)
    assert root.find(".//oai:metadata", NS) is None


def test_list_records_gives_every_public_type(client):
    """ListRecords gives every published record of every type, not clearing-houses."""
    uids = [make_record(t, status=RecordStatus.PUBLISHED).uid for t in COUNTRY_TYPES]
    make_record("clearing-house", status=RecordStatus.PUBLISHED)
    root = oai(client, verb="ListRecords", metadataPrefix="ayni")
    assert sorted(identifiers(root)) == sorted(f"oai:ayni:{uid}" for uid in uids)
    assert len(root.findall(".//oai:metadata", NS)) == len(uids)


def test_verbs_are_answered_by_post(client):
    """A POST with a form body is answered as a GET would be."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    root = oai(client, "post", verb="ListRecords", metadataPrefix="oai_dc")
    assert identifiers(root) == [f"oai:ayni:{need.uid}"]
    assert error_codes(oai(client, "post", verb="Nope")) == ["badVerb"]
