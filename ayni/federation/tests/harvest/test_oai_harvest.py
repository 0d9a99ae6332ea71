"""Harvesting an OAI-PMH provider nobody here wrote (oaipmh's BatchingServer on loopback)."""

import pytest
from django.conf import settings

from ayni.core.choices import RecordStatus
from ayni.federation.harvest import oai
from ayni.federation.harvest.services import HarvestReaderStopped, clearing_house_harvest
from ayni.federation.models import HarvestRunStatus
from ayni.federation.tests.harvest.peers import (
    OaiPeer,
    Repository,
    clearing_house,
    dc_record,
    now,
    serve,
)
from ayni.library.models import Resource


def test_harvests_every_record_through_resumption_tokens(peer, peer_chm):
    """All 25 records land as resources, over three pages joined by resumption tokens."""
    run = clearing_house_harvest(clearing_house=peer_chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert run.report["new"] == 25
    assert run.report["rejected"] == 0
    assert Resource.objects.count() == 25
    tokens = [p for p in peer.list_records_requests() if "resumptionToken" in p]
    assert len(tokens) == 2
    assert run.report["metadata_prefix"] == "oai_dc"


def test_harvested_record_is_mapped_from_dublin_core_with_provenance(peer, peer_chm):
    """Title, description, identifier URL, language, date and known subject codes are mapped;
    source, source id and harvest time are kept; the id is the namespace + the source id."""
    clearing_house_harvest(clearing_house=peer_chm)

    resource = Resource.objects.get(source_id="oai:peer.example.org:7")
    assert resource.uid == "peer:oai:peer.example.org:7"
    assert resource.title == {"en": "Seed bank manual 7"}
    assert resource.summary == {"en": "How to run a community seed bank, part 7."}
    assert resource.url == "https://peer.example.org/items/7"
    assert resource.publication_date == "2021-03-04"
    assert resource.resource_type == "publication"
    assert list(resource.subjects.values_list("slug", flat=True)) == ["agricultural"]
    assert resource.source == peer_chm.uid
    assert resource.harvested_at is not None
    assert resource.status == RecordStatus.PUBLISHED


def test_harvest_again_without_change_adds_nothing(peer, peer_chm):
    """The second harvest asks from the last responseDate: nothing new, nothing duplicated."""
    clearing_house_harvest(clearing_house=peer_chm)
    harvested_at = Resource.objects.get(source_id="oai:peer.example.org:3").harvested_at

    run = clearing_house_harvest(clearing_house=peer_chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert run.report["new"] == 0
    assert run.report["updated"] == 0
    assert Resource.objects.count() == 25
    assert "from" in peer.list_records_requests()[-1]
    assert Resource.objects.get(source_id="oai:peer.example.org:3").harvested_at == harvested_at


def test_full_harvest_finds_every_record_unchanged(peer, peer_chm):
    """--full ignores the last datestamp: every record comes again, and none changes."""
    clearing_house_harvest(clearing_house=peer_chm)

    run = clearing_house_harvest(clearing_house=peer_chm, full=True)

    assert run.report["unchanged"] == 25
    assert run.report["new"] == run.report["updated"] == 0
    assert Resource.objects.count() == 25


def test_changed_records_are_updated_and_deleted_ones_archived(peer, peer_chm):
    """After the peer changes two records and deletes one, the next harvest updates the two
    and archives the local copy of the deleted one."""
    clearing_house_harvest(clearing_house=peer_chm)
    records = {r.identifier: r for r in peer.repository.records}
    for number in (4, 5):
        record = records[f"oai:peer.example.org:{number}"]
        record.metadata = {**record.metadata, "title": [f"Seed bank handbook {number}"]}
        record.datestamp = now()
    deleted = records["oai:peer.example.org:9"]
    deleted.deleted = True
    deleted.datestamp = now()

    run = clearing_house_harvest(clearing_house=peer_chm)

    assert run.report["updated"] == 2
    assert run.report["deleted"] == 1
    assert run.report["new"] == 0
    assert Resource.objects.get(source_id="oai:peer.example.org:4").title == {
        "en": "Seed bank handbook 4"
    }
    assert Resource.objects.get(source_id="oai:peer.example.org:9").status == "archived"
    assert Resource.objects.count() == 25


def test_bad_record_is_rejected_and_the_others_land(db):
    """A record without a title is reported with its identifier; the others land."""
    repository = Repository([dc_record(1), dc_record(2, title=[]), dc_record(3)])
    oai_peer = OaiPeer(repository)
    with serve(oai_peer.app) as url:
        chm = clearing_house(namespace="peer", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.report["new"] == 2
    assert run.report["rejected"] == 1
    assert run.report["rejections"][0]["where"].startswith("oai:peer.example.org:2")
    assert "title" in run.report["rejections"][0]["reason"]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("truncate", "malformed XML"),
        ("http500", "HTTP 500"),
        ("badtoken", "badResumptionToken"),
    ],
)
def test_malformed_answer_is_reported_and_earlier_records_land(db, fault, expected):
    """A truncated page, an HTTP 500 or a refused resumption token stops the harvest with a
    clear report, no exception; the records read before it are written."""
    oai_peer = OaiPeer(
        Repository([dc_record(n) for n in range(1, 26)]),
        faults={1: "badtoken"} if fault == "badtoken" else {2: fault},
    )
    with serve(oai_peer.app) as url:
        chm = clearing_house(namespace="peer", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.status == HarvestRunStatus.FAILED
    assert expected in " ".join(
        run.report["errors"] + [r["reason"] for r in run.report["rejections"]]
    )
    # The first page landed; of a truncated page, its complete records too.
    assert Resource.objects.count() > 10 if fault == "truncate" else Resource.objects.count() == 10
    chm.refresh_from_db()
    assert chm.last_harvest_report["status"] == "failed"


def test_failed_harvest_resumes_at_the_page_that_failed(db):
    """After an HTTP 500 on the second page, the next harvest asks that page again (its
    token) and finishes: every record, none twice."""
    oai_peer = OaiPeer(Repository([dc_record(n) for n in range(1, 26)]), faults={2: "http500"})
    with serve(oai_peer.app) as url:
        chm = clearing_house(namespace="peer", endpoint=f"{url}/oai")
        clearing_house_harvest(clearing_house=chm)
        run = clearing_house_harvest(clearing_house=chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert "resumptionToken" in oai_peer.list_records_requests()[2]
    assert Resource.objects.count() == 25
    assert run.report["new"] == 25
    assert run.report["errors"] == []
    assert "HTTP 500" in run.report["earlier_errors"][0]


def test_unreachable_peer_gives_a_clear_report(db):
    """Nothing listens at the endpoint: the run fails with a message naming the request."""
    with serve(OaiPeer(Repository()).app) as url:
        pass  # the server is gone: its port refuses connections
    chm = clearing_house(endpoint=f"{url}/oai")

    run = clearing_house_harvest(clearing_house=chm)

    assert run.status == HarvestRunStatus.FAILED
    assert run.report["errors"][0].startswith("could not connect to the peer")


class Crash(BaseException):
    """The harvesting process dies (as a kill would): nothing in the harvester catches it."""


def test_resumes_after_a_crash_mid_harvest(peer, peer_chm, settings):
    """A harvest killed after its first page is resumed from the saved resumption token
    by the next one; every record lands once."""
    settings.AYNI_HARVEST_STALE_SECONDS = 0

    def crash(count: int) -> None:
        raise Crash

    with pytest.raises(Crash):
        clearing_house_harvest(clearing_house=peer_chm, on_progress=crash)
    assert Resource.objects.count() == 10
    asked_before = len(peer.list_records_requests())
    first = peer_chm.harvest_runs.get()
    assert first.status == HarvestRunStatus.RUNNING
    assert first.state["token"]

    run = clearing_house_harvest(clearing_house=peer_chm)

    assert run.pk == first.pk
    assert run.status == HarvestRunStatus.COMPLETED
    assert run.report["resumed"] == 1
    assert peer.list_records_requests()[asked_before]["resumptionToken"] == first.state["token"]
    assert Resource.objects.count() == 25
    assert run.report["new"] == 25


def test_a_running_harvest_is_not_started_twice(peer, peer_chm):
    """While a harvest makes progress, another one of the same clearing-house is refused."""
    from ayni.federation.harvest.services import HarvestAlreadyRunning

    def crash(count: int) -> None:
        raise Crash

    with pytest.raises(Crash):
        clearing_house_harvest(clearing_house=peer_chm, on_progress=crash)
    assert getattr(settings, "AYNI_HARVEST_STALE_SECONDS", 600) > 0
    with pytest.raises(HarvestAlreadyRunning):
        clearing_house_harvest(clearing_house=peer_chm)


def test_expired_token_of_a_crashed_run_starts_the_list_again(peer, peer_chm, settings):
    """When the peer no longer takes the token saved by a crashed run, the resumed harvest
    warns and lists again from the start: every record, none twice."""
    settings.AYNI_HARVEST_STALE_SECONDS = 0

    def crash(count: int) -> None:
        raise Crash

    with pytest.raises(Crash):
        clearing_house_harvest(clearing_house=peer_chm, on_progress=crash)
    first = peer_chm.harvest_runs.get()
    first.state = {**first.state, "token": "metadataPrefix%3Doai_dc%26cursor%3Dexpired"}
    first.save()

    run = clearing_house_harvest(clearing_house=peer_chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert "no longer takes the saved resumption token" in run.report["warnings"][0]
    assert run.report["new"] == 25
    assert run.report["unchanged"] == 10
    assert Resource.objects.count() == 25


def test_record_the_exchange_format_refuses_is_rejected_with_the_reason(db):
    """A peer record that maps but does not validate (an identifier longer than a source id
    may be) is reported with the validation's reason; the others land."""
    long_identifier = "oai:peer.example.org:" + "x" * 300
    repository = Repository([dc_record(1), dc_record(2), dc_record(3)])
    repository.records[1].identifier = long_identifier
    oai_peer = OaiPeer(repository)
    with serve(oai_peer.app) as url:
        chm = clearing_house(namespace="peer", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.report["new"] == 2
    assert run.report["rejected"] == 1
    rejection = run.report["rejections"][0]
    assert rejection["where"].startswith(long_identifier)
    assert rejection["reason"] == "field 'source_id': is longer than 300 characters"
    assert Resource.objects.count() == 2


def test_reading_process_that_fails_stops_the_harvest_with_its_reason(peer, peer_chm, monkeypatch):
    """A fault in the process that reads the pages (here a mapping that breaks) stops the
    writer with the fault named, instead of leaving it waiting for pages."""

    def broken(element, vocabularies):
        raise RuntimeError("broken mapping")

    monkeypatch.setattr(oai, "dc_resource", broken)

    with pytest.raises(HarvestReaderStopped, match="RuntimeError: broken mapping"):
        clearing_house_harvest(clearing_house=peer_chm)
    assert Resource.objects.count() == 0


def test_where_processes_cannot_fork_the_pages_are_read_in_the_writing_process(
    peer, peer_chm, monkeypatch
):
    """Without the fork start method (Windows), the same harvest runs in one process: the
    same records land, mapped the same way."""
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(
        "ayni.federation.harvest.services._read_apart",
        lambda **kwargs: pytest.fail("the reading process was started"),
    )
    run = clearing_house_harvest(clearing_house=peer_chm)

    assert run.status == HarvestRunStatus.COMPLETED
    assert run.report["new"] == 25
    assert Resource.objects.get(source_id="oai:peer.example.org:7").title == {
        "en": "Seed bank manual 7"
    }


def test_objects_alive_before_the_run_are_frozen_while_pages_are_written(peer, peer_chm):
    """The collector leaves the process's long-lived objects alone during the run (they are
    frozen while pages are written) and gets them back after it."""
    import gc

    frozen_while_writing: list[int] = []
    run = clearing_house_harvest(
        clearing_house=peer_chm,
        on_progress=lambda count: frozen_while_writing.append(gc.get_freeze_count()),
    )

    assert run.status == HarvestRunStatus.COMPLETED
    assert frozen_while_writing
    assert min(frozen_while_writing) > 0
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_objects_of_its_own_keeps_them_frozen(peer, peer_chm):
    """A server that froze what it loaded (to share it between forked workers) finds it
    still frozen after a harvest."""
    import gc

    gc.freeze()
    try:
        run = clearing_house_harvest(clearing_house=peer_chm)

        assert run.status == HarvestRunStatus.COMPLETED
        assert gc.get_freeze_count() > 0  # unfrozen, it would be 0
    finally:
        gc.unfreeze()
