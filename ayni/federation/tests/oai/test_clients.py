"""Harvesters nobody here wrote (Sickle, oaipmh-scythe) read Ayni over HTTP.

They run against Django's live test server, so the data must be committed: these tests are
transactional, and roll the vocabularies back (``serialized_rollback``) for the tests after.
They reach it through a proxy that checks every answer against the strict schema.
"""

import pytest
from oaipmh_scythe import Scythe
from oaipmh_scythe import exceptions as scythe_errors
from oaipmh_scythe.models import Record, Set
from sickle import Sickle
from sickle import oaiexceptions as sickle_errors

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import COUNTRY_TYPES, make_record
from ayni.federation.tests.harvest.peers import serve
from ayni.federation.tests.oai.helpers import ValidatingProxy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def records(settings):
    """Published records of every type, more than a page, and a draft that stays hidden."""
    settings.AYNI_OAI_PAGE_SIZE = 5
    made = [
        make_record(t, country=country, status=RecordStatus.PUBLISHED)
        for t in COUNTRY_TYPES
        for country in ("SN", "BR")
    ]
    make_record("need", status=RecordStatus.DRAFT)
    return {f"oai:ayni:{record.uid}" for record in made}


@pytest.fixture
def endpoint(live_server):
    """The live server's /oai behind the validating proxy; no answer may fail the schema."""
    checker = ValidatingProxy(f"{live_server.url}/oai")
    with serve(checker) as url:
        yield f"{url}/oai"
    assert checker.pages > 0
    assert checker.failures == []


def test_sickle_harvests_every_record_through_tokens(endpoint, records):
    """Sickle's ListRecords follows the tokens to every published record, in both formats."""
    sickle = Sickle(endpoint)
    for prefix in ("oai_dc", "ayni"):
        harvested = [
            record.header.identifier for record in sickle.ListRecords(metadataPrefix=prefix)
        ]
        assert len(harvested) == len(set(harvested)) == len(records)
        assert set(harvested) == records


def test_sickle_by_post_and_identifiers(endpoint, records):
    """Sickle harvests identifiers by POST too."""
    sickle = Sickle(endpoint, http_method="POST")
    harvested = [header.identifier for header in sickle.ListIdentifiers(metadataPrefix="ayni")]
    assert set(harvested) == records
    assert sickle.Identify().deletedRecord == "persistent"


def test_sickle_gets_protocol_errors_as_errors(endpoint, records):
    """Protocol errors reach Sickle as its exceptions."""
    sickle = Sickle(endpoint)
    with pytest.raises(sickle_errors.IdDoesNotExist):
        sickle.GetRecord(identifier="oai:ayni:test:nothing", metadataPrefix="ayni")
    with pytest.raises(sickle_errors.CannotDisseminateFormat):
        sickle.ListRecords(metadataPrefix="marc21")
    with pytest.raises(sickle_errors.NoRecordsMatch):
        sickle.ListRecords(metadataPrefix="ayni", set="country:ZZ")
    with pytest.raises(sickle_errors.BadResumptionToken):
        sickle.ListRecords(resumptionToken="forged")
    with pytest.raises(sickle_errors.BadArgument):
        sickle.ListRecords(metadataPrefix="ayni", **{"from": "last week"})


def test_scythe_harvests_every_record_through_tokens(endpoint, records):
    """oaipmh-scythe's list_records follows the tokens to every published record."""
    with Scythe(endpoint) as scythe:
        harvested = [
            record.header.identifier
            for record in scythe.list_records(metadata_prefix="ayni")
            if isinstance(record, Record)
        ]
        assert len(harvested) == len(set(harvested)) == len(records)
        assert set(harvested) == records
        sets = {s.setSpec for s in scythe.list_sets() if isinstance(s, Set)}
        assert "type:need" in sets


def test_scythe_gets_protocol_errors_as_errors(endpoint, records):
    """Protocol errors reach oaipmh-scythe as its exceptions."""
    with Scythe(endpoint) as scythe:
        with pytest.raises(scythe_errors.IdDoesNotExist):
            scythe.get_record(identifier="oai:ayni:test:nothing", metadata_prefix="ayni")
        with pytest.raises(scythe_errors.CannotDisseminateFormat):
            list(scythe.list_records(metadata_prefix="marc21"))


def test_sickle_reads_the_gzip_pages_straight_from_the_server(live_server, records):
    """Asked with ``Accept-Encoding: gzip`` (requests, as Sickle uses it), gzipped pages are
    read whole, with their fragments rendered on the way then stored, in both formats."""
    import requests

    from ayni.federation.tests.oai.helpers import validate

    url = f"{live_server.url}/oai"
    sickle = Sickle(url)
    for prefix in ("oai_dc", "ayni"):
        for _round in ("rendered", "stored"):
            harvested = [r.header.identifier for r in sickle.ListRecords(metadataPrefix=prefix)]
            assert sorted(harvested) == sorted(records)
        answer = requests.get(url, {"verb": "ListRecords", "metadataPrefix": prefix}, timeout=60)
        assert answer.headers["Content-Encoding"] == "gzip"
        validate(answer.content)
