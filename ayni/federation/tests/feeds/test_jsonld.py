"""The schema.org JSON-LD of every detail page: it expands and conforms to Ayni's SHACL shape."""

import pytest
from pyld import jsonld
from pyshacl import validate
from rdflib import Graph

from ayni.federation.formats.jsonld import SCHEMA_TYPES, dump_script_body, record_to_jsonld
from ayni.federation.tests.feeds.helpers import (
    SHAPES_FILE,
    full_record,
    jsonld_of,
    local_loader,
    record_url,
)
from ayni.portal.selectors import PORTAL_TYPES

pytestmark = pytest.mark.django_db
SCHEMA = "http://schema.org/"


def _page_jsonld(client, record_type: str) -> dict:
    record = full_record(record_type)
    response = client.get(record_url(record_type, record.uid))
    assert response.status_code == 200
    return jsonld_of(response.content.decode())


def _conforms(data: dict) -> tuple[bool, str]:
    nquads = jsonld.to_rdf(data, {"format": "application/n-quads", "documentLoader": local_loader})
    graph = Graph().parse(data=nquads, format="nt")
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, _graph, report = validate(graph, shacl_graph=shapes, inference="none")
    return bool(conforms), str(report)


@pytest.mark.parametrize("record_type", PORTAL_TYPES)
def test_jsonld_expands_with_every_term_known(client, record_type):
    """Expanded against the local schema.org context, the page's JSON-LD keeps every key."""
    data = _page_jsonld(client, record_type)
    expanded = jsonld.expand(data, {"documentLoader": local_loader})
    assert len(expanded) == 1
    node = expanded[0]
    assert node["@type"] == [SCHEMA + SCHEMA_TYPES[record_type]]
    kept = {key.removeprefix(SCHEMA) for key in node if not key.startswith("@")}
    assert kept == {key for key in data if not key.startswith("@")}


@pytest.mark.parametrize("record_type", PORTAL_TYPES)
def test_jsonld_conforms_to_the_shacl_shape(client, record_type):
    """The page's JSON-LD, as RDF, passes Ayni's SHACL shapes (pyshacl)."""
    conforms, report = _conforms(_page_jsonld(client, record_type))
    assert conforms, report


def test_event_jsonld_has_dates_with_offset_and_both_places(client):
    """A hybrid event gives its start and end with offset, a Place and a VirtualLocation."""
    data = _page_jsonld(client, "event")
    assert data["startDate"] == "2027-03-10T09:00:00+00:00"
    assert data["endDate"] == "2027-03-12T17:00:00+00:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in data["location"]} == {"Place", "VirtualLocation"}
    assert data["organizer"][0]["name"] == "Herbarium of Kenya"


def test_expert_jsonld_is_a_person_without_email(client):
    """An expert is a Person who works for their organization, and has no e-mail."""
    data = _page_jsonld(client, "expert")
    assert data["@type"] == "Person"
    assert data["worksFor"]["name"] == "Herbarium of Kenya"
    assert "email" not in data
    assert "@" not in str(data.get("description", ""))


def test_shape_rejects_an_event_without_start_or_place():
    """The shape is not a rubber stamp: an event with no start and no location fails it."""
    data = record_to_jsonld(
        {"type": "event", "id": "test:event-1", "title": {"en": "Workshop"}},
        url="https://ayni.example/en/events/test:event-1/",
        language="en",
    )
    data.pop("location", None)
    conforms, report = _conforms(data)
    assert not conforms
    assert "startDate" in report
    assert "location" in report


def test_shape_rejects_a_person_with_an_email():
    """A Person carrying an e-mail address fails the shape."""
    data = record_to_jsonld(
        {"type": "expert", "id": "test:expert-1", "name": "A. Diallo"},
        url="https://ayni.example/en/experts/test:expert-1/",
        language="en",
    )
    data["email"] = "a@example.org"
    conforms, _report = _conforms(data)
    assert not conforms


def test_script_body_cannot_close_the_script_element():
    """Text with </script> and & is escaped, so the JSON cannot end the element early."""
    body = dump_script_body({"name": "</script><b>&"})
    assert "</script>" not in body
    assert "<" not in body
    assert "&" not in body


def test_shape_rejects_a_record_without_its_identifier():
    """A record's node (with its page as @id) must carry its Ayni identifier."""
    data = record_to_jsonld(
        {"type": "organization", "id": "test:org-1", "name": {"en": "Herbarium"}},
        url="https://ayni.example/en/organizations/test:org-1/",
        language="en",
    )
    del data["identifier"]
    conforms, _report = _conforms(data)
    assert not conforms
