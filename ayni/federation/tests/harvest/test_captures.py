"""Harvesting answers recorded from real providers: DSpace (pyoai's captures) and Ayni itself."""

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from lxml import etree

from ayni.federation.harvest.services import clearing_house_harvest
from ayni.federation.models import HarvestRunStatus
from ayni.federation.selectors import records_export
from ayni.federation.services import records_import
from ayni.federation.tests.harvest.peers import clearing_house, query_key, recorded, serve
from ayni.federation.tests.harvest.test_other_sources import PEER_LINES, PROVENANCE
from ayni.federation.tests.oai.helpers import validate
from ayni.library.models import Resource
from ayni.needs.models import Need
from ayni.roster.models import Organization

CAPTURES = Path(__file__).parent / "captures"
OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


def _capture(name: str) -> bytes:
    return (CAPTURES / name).read_bytes()


def _by_verb(answers: dict[str, bytes]):
    """A peer answering every request of a verb with the same recorded answer."""

    def app(environ, start_response):
        params = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [answers[params.get("verb", "")]]

    return app


def test_dspace_answers_are_harvested(db):
    """The 16 records of a real DSpace ListRecords land as resources (those with a title),
    the handle URL as their address; the rest are reported."""
    peer = _by_verb(
        {
            "ListMetadataFormats": _capture("dspace-listmetadataformats.xml"),
            "ListRecords": _capture("dspace-listrecords.xml"),
        }
    )
    with serve(peer) as url:
        chm = clearing_house(namespace="eur", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    root = etree.fromstring(_capture("dspace-listrecords.xml"))
    live = root.xpath("//oai:record[not(oai:header/@status='deleted')]", namespaces=OAI)
    assert run.status == HarvestRunStatus.COMPLETED
    assert run.report["new"] + run.report["rejected"] == len(live)
    assert run.report["new"] >= 10
    resource = Resource.objects.get(source_id="hdl:1765/308")
    assert resource.url == "http://hdl.handle.net/1765/308"
    assert resource.uid == "eur:hdl:1765/308"


def test_dspace_deleted_records_archive_harvested_copies(db):
    """A later capture holding deleted headers is harvested without error after the first."""
    with serve(
        _by_verb(
            {
                "ListMetadataFormats": _capture("dspace-listmetadataformats.xml"),
                "ListRecords": _capture("dspace-listrecords-2004.xml"),
            }
        )
    ) as url:
        chm = clearing_house(namespace="eur", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert run.report["new"] > 50
    assert not run.report["errors"]


@pytest.mark.parametrize(
    ("capture", "expected"),
    [
        ("broken-not-wellformed.xml", "malformed XML"),
        ("broken-unknown-entity.xml", "malformed XML"),
        ("broken-datestamp.xml", "neither records nor an OAI-PMH error"),
    ],
)
def test_broken_captures_as_list_answer_are_reported(db, capture, expected):
    """pyoai's broken captures, given as the answer to ListRecords, fail the run with a clear
    reason (no exception)."""
    peer = _by_verb(
        {
            "ListMetadataFormats": _capture("dspace-listmetadataformats.xml"),
            "ListRecords": _capture(capture),
        }
    )
    with serve(peer) as url:
        chm = clearing_house(endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.status == HarvestRunStatus.FAILED
    assert expected in run.report["errors"][0]


@pytest.mark.parametrize("capture", ["broken-not-wellformed.xml", "broken-unknown-entity.xml"])
def test_broken_identify_is_a_warning_and_the_harvest_goes_on(db, capture):
    """An unreadable Identify (asked by an incremental harvest for the granularity) is
    reported as a warning; the records still land."""
    peer = _by_verb(
        {
            "Identify": _capture(capture),
            "ListMetadataFormats": _capture("dspace-listmetadataformats.xml"),
            "ListRecords": _capture("dspace-listrecords.xml"),
        }
    )
    with serve(peer) as url:
        chm = clearing_house(namespace="eur", endpoint=f"{url}/oai")
        clearing_house_harvest(clearing_house=chm)
        run = clearing_house_harvest(clearing_house=chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert "Identify unreadable" in run.report["warnings"][0]
    assert run.report["unchanged"] >= 10


def _record_ayni_oai(client) -> dict[str, bytes]:
    """Every answer a harvester needs from this Ayni's /oai (metadataPrefix ayni), by query."""
    answers: dict[str, bytes] = {}

    def ask(params: dict[str, str]) -> etree._Element:
        response = client.get("/oai", params)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        answers[query_key(params)] = content
        return validate(content)

    ask({"verb": "ListMetadataFormats"})
    root = ask({"verb": "ListRecords", "metadataPrefix": "ayni"})
    while token := root.findtext(".//oai:resumptionToken", "", OAI).strip():
        root = ask({"verb": "ListRecords", "resumptionToken": token})
    return answers


def test_another_ayni_over_oai_pmh_is_reproduced(db, client, settings):
    """What another Ayni's /oai gives in its ``ayni`` format (recorded from our own provider,
    two records a page) comes back field for field, with the record ids and references."""
    settings.AYNI_OAI_PAGE_SIZE = 2
    report = records_import(lines=[json.dumps(line) for line in PEER_LINES[:2]])
    assert report.created == 2
    expected = {r["id"]: r for r in records_export(types=("organization", "need"))}
    answers = _record_ayni_oai(client)
    Need.objects.all().delete()
    Organization.objects.all().delete()

    with serve(recorded(answers)) as url:
        chm = clearing_house(namespace="br-peer", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.report["metadata_prefix"] == "ayni"
    assert run.status == HarvestRunStatus.COMPLETED, run.report
    assert run.report["new"] == 2
    got = {r["id"]: r for r in records_export(types=("organization", "need"))}
    for uid, record in expected.items():
        assert {k: v for k, v in got[uid].items() if k not in PROVENANCE} == {
            k: v for k, v in record.items() if k not in PROVENANCE
        }
        assert got[uid]["source_id"] == uid
        assert got[uid]["source"] == chm.uid
