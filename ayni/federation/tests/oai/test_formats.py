"""The two metadata formats as pure transforms, and the vendored schemas."""

import hashlib
from pathlib import Path

from lxml import etree

from ayni.federation.formats import ayni_xml, oai_dc
from ayni.federation.tests.oai.helpers import NS, SCHEMAS, oai_schema

EXPERT = {
    "type": "expert",
    "id": "ayni:expert-1",
    "status": "published",
    "name": "Awa Diop",
    "country": "SN",
    "subjects": ["marine-coastal"],
    "bio": {"fr": "Océanographe", "en": "Oceanographer\x01"},
    "consent_public": True,
    "email": "awa@example.org",
    "endorsed_at": "2026-01-01T00:00:00+00:00",
    "moderation_note": "private",
    "updated": "2026-01-02T10:00:00+00:00",
}


def test_ayni_xml_leaves_private_fields_out_whatever_it_is_given():
    """The ayni element never holds e-mail, endorsement time or moderation note."""
    element = ayni_xml.record_element(EXPERT)
    names = [etree.QName(child).localname for child in element]
    assert names == ["name", "country", "subjects", "bio", "consent_public", "updated"]
    assert element.findtext("ayni:consent_public", namespaces=NS) == "true"
    assert b"awa@example.org" not in etree.tostring(element)


def test_ayni_xml_drops_characters_xml_cannot_carry():
    """A control character in a text is dropped rather than breaking the document."""
    element = ayni_xml.record_element(EXPERT)
    texts = [e.text for e in element.iterfind("ayni:bio/ayni:text", NS)]
    assert texts == ["Océanographe", "Oceanographer"]


def test_oai_dc_maps_the_record_to_dublin_core():
    """oai_dc gives title, subject, description per language, coverage and identifier."""
    element = oai_dc.record_element(EXPERT)
    assert element.findtext("dc:title", namespaces=NS) == "Awa Diop"
    assert [e.text for e in element.iterfind("dc:subject", NS)] == ["marine-coastal"]
    assert [e.text for e in element.iterfind("dc:coverage", NS)] == ["SN"]
    assert "ayni:expert-1" in [e.text for e in element.iterfind("dc:identifier", NS)]
    assert b"awa@example.org" not in etree.tostring(element)


def test_vendored_ayni_schema_is_the_generated_one():
    """schemas/ayni.xsd is what schema_document() builds from the field lists.

    After a change to the exchange format's fields, regenerate it:
    ``python -m ayni.federation.formats.ayni_xml > ayni/federation/schemas/ayni.xsd``.
    """
    assert (SCHEMAS / "ayni.xsd").read_bytes() == ayni_xml.schema_bytes()


def test_vendored_oai_schema_has_strict_wildcards():
    """The three wildcards of OAI-PMH.xsd are strict, as in the official schema."""
    text = (SCHEMAS / "OAI-PMH.xsd").read_text()
    assert text.count('processContents="strict"') == 3
    assert 'processContents="skip"' not in text


def test_vendored_schemas_match_their_provenance():
    """Every vendored schema has the SHA-256 that PROVENANCE.md records (ayni.xsd is ours)."""
    provenance = (SCHEMAS / "PROVENANCE.md").read_text()
    for path in sorted(Path(SCHEMAS).glob("*.xsd")):
        if path.name == "ayni.xsd":  # ours, generated (see above)
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{path.name}`" in provenance
        assert digest in provenance, path.name


def test_strict_schema_checks_inside_metadata():
    """An unknown element inside <metadata> fails the strict schema."""
    document = b"""<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
      <responseDate>2026-01-01T00:00:00Z</responseDate>
      <request verb="GetRecord">http://testserver/oai</request>
      <GetRecord><record><header><identifier>oai:ayni:x:1</identifier>
      <datestamp>2026-01-01T00:00:00Z</datestamp></header>
      <metadata><other xmlns="urn:unknown">x</other></metadata></record></GetRecord>
    </OAI-PMH>"""
    assert not oai_schema().is_valid(document.decode())
