"""A harvester in another language reads Ayni: Debian's ``libhttp-oai-perl`` (HTTP::OAI).

Its ``oai_pmh`` command lists every record of Ayni served on 127.0.0.1, following the
resumption tokens, through a proxy that checks every page against the strict schema. The
command comes from the system (``apt-get install libhttp-oai-perl``), not from pip: without
it the tests are skipped, except in CI (``CI`` set), where they fail.
"""

import os
import shutil
import subprocess

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import COUNTRY_TYPES, make_record
from ayni.federation.tests.harvest.peers import serve
from ayni.federation.tests.oai.helpers import ValidatingProxy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MISSING = (
    "the oai_pmh command of Debian's libhttp-oai-perl is not installed "
    "(apt-get install libhttp-oai-perl)"
)


@pytest.fixture
def oai_pmh() -> str:
    """The path of the ``oai_pmh`` command; skips without it (fails in CI)."""
    found = shutil.which("oai_pmh")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run this test: {MISSING}")
        pytest.skip(MISSING)
    return found


@pytest.fixture
def records(settings):
    """Published records of every type over several pages, one archived, one draft."""
    settings.AYNI_OAI_PAGE_SIZE = 4
    made = [
        make_record(t, country=country, status=RecordStatus.PUBLISHED)
        for t in COUNTRY_TYPES
        for country in ("SN", "BR")
    ]
    archived = make_record("resource", country="KE", status=RecordStatus.ARCHIVED)
    make_record("need", status=RecordStatus.DRAFT)
    return {
        "live": {f"oai:ayni:{record.uid}" for record in made},
        "deleted": {f"oai:ayni:{archived.uid}"},
    }


@pytest.fixture
def proxy(live_server):
    """Ayni's /oai behind a proxy that validates every answer; yields (proxy, its URL)."""
    checker = ValidatingProxy(f"{live_server.url}/oai")
    with serve(checker) as url:
        yield checker, f"{url}/oai"


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """The command's output as text (Perl asked to print UTF-8: ``PERL_UNICODE=SO``)."""
    return subprocess.run(  # noqa: S603 (our own command line)
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
        env={**os.environ, "PERL_UNICODE": "SO"},
    )


def listed(output: str) -> dict[str, str]:
    """``identifier → status`` of every record the command printed (records end with \\f)."""
    found: dict[str, str] = {}
    for block in output.split("\f"):
        fields = dict(
            line.split(": ", 1) for line in block.strip().splitlines() if ": " in line[:40]
        )
        if "identifier" in fields:
            assert fields["identifier"] not in found, f"listed twice: {fields['identifier']}"
            found[fields["identifier"]] = fields.get("status", "")
    return found


@pytest.mark.parametrize("prefix", ["oai_dc", "ayni"])
def test_perl_harvester_lists_every_record_through_tokens(oai_pmh, proxy, records, prefix):
    """``oai_pmh`` lists every live and deleted item once, over several token pages."""
    checker, url = proxy
    result = run([oai_pmh, "--metadataPrefix", prefix, "-X", "ListRecords", url])
    assert result.returncode == 0, result.stderr
    found = listed(result.stdout)
    assert set(found) == records["live"] | records["deleted"]
    assert {i for i, status in found.items() if status == "deleted"} == records["deleted"]
    assert checker.pages >= len(found) // 4
    assert checker.failures == []


def test_perl_harvester_reads_metadata_of_both_formats(oai_pmh, proxy, records):
    """The metadata the Perl client prints is Ayni's: Dublin Core and the ayni record."""
    checker, url = proxy
    dc = run([oai_pmh, "--metadataPrefix", "oai_dc", "-X", "ListRecords", url])
    full = run([oai_pmh, "--metadataPrefix", "ayni", "-X", "ListRecords", url])
    assert dc.returncode == full.returncode == 0, dc.stderr + full.stderr
    assert dc.stdout.count("<oai_dc:dc") == len(records["live"])
    assert dc.stdout.count("<dc:title") >= len(records["live"]) - 4  # profiles, partnerships
    assert full.stdout.count('xmlns:ayni="urn:x-ayni:exchange:1"') == len(records["live"])
    assert checker.failures == []


def test_perl_harvester_lists_identifiers_and_formats(oai_pmh, proxy, records):
    """ListIdentifiers lists every item; ListMetadataFormats names oai_dc and ayni."""
    checker, url = proxy
    headers = run([oai_pmh, "--metadataPrefix", "ayni", "-X", "ListIdentifiers", url])
    assert headers.returncode == 0, headers.stderr
    assert set(listed(headers.stdout)) == records["live"] | records["deleted"]
    formats = run([oai_pmh, "-X", "ListMetadataFormats", url])
    assert formats.returncode == 0, formats.stderr
    assert "metadataPrefix: oai_dc" in formats.stdout
    assert "metadataPrefix: ayni" in formats.stdout
    assert checker.failures == []


def test_perl_harvester_gets_protocol_errors_as_errors(oai_pmh, proxy, records):
    """A format Ayni does not have is an error the Perl client reports, not an empty list."""
    checker, url = proxy
    result = run([oai_pmh, "--metadataPrefix", "marc21", "-X", "ListRecords", url])
    assert result.returncode != 0
    assert "cannotDisseminateFormat" in result.stderr or "marc21" in result.stderr
    assert checker.failures == []
