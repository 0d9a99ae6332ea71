"""Harvesting feeds and another Ayni's export; duplicates across sources; the command."""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from ayni.federation.harvest.services import clearing_house_harvest
from ayni.federation.models import DuplicateLink, HarvestRunStatus
from ayni.federation.selectors import records_export
from ayni.federation.services import records_import
from ayni.federation.tests.harvest.peers import (
    OaiPeer,
    Repository,
    clearing_house,
    dc_record,
    serve,
    static,
)
from ayni.library.models import Resource
from ayni.needs.models import Need

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Nouvelles du CHM</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-05-02T10:00:00Z</updated>
  <entry>
    <title>Guide de restauration des mangroves</title>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <link href="https://chm.example.sn/guide-mangroves"/>
    <updated>2025-05-01T08:00:00Z</updated>
    <summary type="html">&lt;p&gt;Un guide &lt;b&gt;pratique&lt;/b&gt;.&lt;/p&gt;</summary>
    <author><name>Awa Diop</name></author>
  </entry>
  <entry>
    <title>Atelier sur les semences</title>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6b</id>
    <link href="https://chm.example.sn/atelier"/>
    <updated>2025-05-02T09:00:00Z</updated>
  </entry>
  <entry>
    <id>urn:uuid:no-title</id>
    <updated>2025-05-02T09:00:00Z</updated>
  </entry>
</feed>
"""


def test_atom_feed_entries_become_resources(db):
    """Each entry of an Atom feed is a resource in the feed's language; an entry without a
    title is reported; harvesting again changes nothing, and an incremental harvest skips
    the entries updated before the last one."""
    with serve(static({"/feed.atom": (ATOM, "application/atom+xml")})) as url:
        chm = clearing_house(namespace="sn-chm", protocol="atom", endpoint=f"{url}/feed.atom")
        run = clearing_house_harvest(clearing_house=chm)
        again = clearing_house_harvest(clearing_house=chm, full=True)
        incremental = clearing_house_harvest(clearing_house=chm)

    assert incremental.report["skipped"] == 3  # all older than the last harvest
    assert run.report["new"] == 2
    assert run.report["rejected"] == 1
    guide = Resource.objects.get(source_id="urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")
    assert guide.uid == "sn-chm:urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert guide.title == {"fr": "Guide de restauration des mangroves"}
    assert guide.summary == {"fr": "Un guide pratique."}
    assert guide.url == "https://chm.example.sn/guide-mangroves"
    assert guide.authors == "Awa Diop"
    assert again.report["unchanged"] == 2
    assert again.report["new"] == again.report["updated"] == 0


def test_malformed_feed_is_reported(db):
    """A feed that is no feed at all is a rejection with feedparser's reason, not a crash."""
    with serve(static({"/feed": (b"<html><body>oops", "text/html")})) as url:
        chm = clearing_house(protocol="rss", endpoint=f"{url}/feed")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.report["new"] == 0
    assert run.report["rejected"] == 1
    assert run.report["rejections"][0]["reason"].startswith("malformed feed")


PEER_LINES: list[dict[str, Any]] = [
    {
        "type": "organization",
        "id": "br-ufpa:org-1",
        "status": "published",
        "name": {"pt": "Universidade Federal do Pará"},
        "country": "BR",
        "organization_type": "academic",
        "subjects": ["forest"],
        "centre_of_excellence": False,
    },
    {
        "type": "need",
        "id": "br-ufpa:need-2",
        "status": "published",
        "country": "BR",
        "institution": "br-ufpa:org-1",
        "title": {"pt": "Formação em inventário florestal", "en": "Forest inventory training"},
        "subjects": ["forest", "monitoring-indicators"],
        "assistance_types": ["training"],
        "languages": ["pt"],
        "progress": "open",
    },
    {
        "type": "resource",
        "id": "ayni:res-3",
        "status": "published",
        "title": {"en": "Mangrove drone survey protocol"},
        "url": "https://ufpa.example.br/drones",
        "countries": ["BR"],
    },
]
PROVENANCE = {"source", "source_id", "harvested_at", "created", "updated"}


def test_another_aynis_export_is_reproduced(db):
    """Records of another Ayni's JSON Lines export come back field for field, with their ids
    (an id in our own namespace is moved into the peer's), references rewritten alike."""
    lines = [json.dumps(line) for line in PEER_LINES] + ["{broken", ""]
    body = "\n".join(lines).encode()
    with serve(static({"/export.jsonl": (body, "application/jsonl")})) as url:
        chm = clearing_house(
            namespace="br-peer", protocol="ayni-jsonl", endpoint=f"{url}/export.jsonl"
        )
        run = clearing_house_harvest(clearing_house=chm)
        again = clearing_house_harvest(clearing_house=chm)

    assert run.report["new"] == 3
    assert run.report["rejected"] == 1
    assert "line 4" in run.report["rejections"][0]["where"]
    exported = {r["id"]: r for r in records_export(types=("organization", "need", "resource"))}
    for line in PEER_LINES:
        uid = line["id"].replace("ayni:", "br-peer:")
        got = {k: v for k, v in exported[uid].items() if k not in PROVENANCE}
        assert got == {**line, "id": uid}
        assert exported[uid]["source_id"] == line["id"]
    institution = Need.objects.get(uid="br-ufpa:need-2").institution
    assert institution is not None
    assert institution.uid == "br-ufpa:org-1"
    assert again.report["unchanged"] == 3
    assert again.report["new"] == again.report["updated"] == 0


def _local_resource(**fields):
    line = {"type": "resource", "status": "published", **fields}
    report = records_import(lines=[json.dumps(line)])
    assert report.created == 1, report.rejected


def test_same_title_and_country_links_instead_of_copying(db):
    """A harvested record with the title (accents and case aside) and country of a record
    held here is linked to it, not stored twice; harvesting again keeps the one link."""
    _local_resource(id="ayni:res-local", title={"en": "SEED BANK MANUAL 2"}, countries=["SN"])
    oai_peer = OaiPeer(Repository([dc_record(1), dc_record(2, coverage=["SN"])]))
    with serve(oai_peer.app) as url:
        chm = clearing_house(namespace="peer", endpoint=f"{url}/oai")
        run = clearing_house_harvest(clearing_house=chm)
        again = clearing_house_harvest(clearing_house=chm, full=True)

    assert run.report["new"] == 1
    assert run.report["linked"] == 1
    link = DuplicateLink.objects.get()
    assert link.record_uid == "ayni:res-local"
    assert link.source_id == "oai:peer.example.org:2"
    assert link.reason == "same title and country"
    assert Resource.objects.count() == 2
    assert again.report["unchanged"] == 2
    assert DuplicateLink.objects.count() == 1


def test_same_address_links_across_two_peers(db):
    """The same web address harvested from a second peer links to the first peer's copy."""
    first = OaiPeer(Repository([dc_record(1)]))
    second = OaiPeer(
        Repository(
            [
                dc_record(
                    1,
                    title=["Manual of seed banks"],
                    identifier=["http://www.peer.example.org/items/1/"],
                )
            ]
        )
    )
    with serve(first.app) as one, serve(second.app) as two:
        clearing_house_harvest(
            clearing_house=clearing_house(namespace="one", endpoint=f"{one}/oai")
        )
        run = clearing_house_harvest(
            clearing_house=clearing_house(namespace="two", endpoint=f"{two}/oai")
        )

    assert run.report["linked"] == 1
    assert DuplicateLink.objects.get().record_uid == "one:oai:peer.example.org:1"
    assert DuplicateLink.objects.get().reason == "same address"
    assert Resource.objects.count() == 1


def test_command_prints_the_report(peer, peer_chm):
    """`manage.py harvest NAME` prints the counts of the run."""
    out = io.StringIO()
    call_command("harvest", "Peer CHM", "--no-progress", stdout=out)

    assert "25 new, 0 updated, 0 unchanged, 0 deleted" in out.getvalue()
    assert "completed" in out.getvalue()


def test_command_exits_non_zero_and_reports_a_failed_harvest(db):
    """A failed harvest prints its error (no traceback) and exits 1."""
    with serve(static({})) as url:
        chm = clearing_house(endpoint=f"{url}/oai")
        out = io.StringIO()
        with pytest.raises(SystemExit) as exit_info:
            call_command("harvest", chm.uid, "--no-progress", stdout=out)

    assert exit_info.value.code == 1
    assert "error: HTTP 404" in out.getvalue()


def test_all_due_harvests_only_the_due_clearing_houses(peer, peer_chm):
    """--all-due harvests a daily clearing-house never harvested, not a manual one."""
    peer_chm.schedule = "daily"
    peer_chm.save()
    clearing_house(name="Manual CHM", schedule="manual", endpoint=f"{peer.url}/oai")
    out = io.StringIO()
    call_command("harvest", "--all-due", "--no-progress", stdout=out)

    assert peer_chm.uid in out.getvalue()
    assert "Manual" not in out.getvalue()
    peer_chm.refresh_from_db()
    assert peer_chm.last_harvest_report["new"] == 25
    out = io.StringIO()
    call_command("harvest", "--all-due", "--no-progress", stdout=out)
    assert "no clearing-house is due" in out.getvalue()


def test_task_harvests_and_returns_the_report(peer, peer_chm):
    """The background task wraps the service and gives the report as its result."""
    from ayni.federation.tasks import harvest_clearing_house_task

    report = harvest_clearing_house_task.call(peer_chm.uid)

    assert report["status"] == HarvestRunStatus.COMPLETED
    assert report["new"] == 25


def test_link_to_a_deleted_record_gives_way_to_a_copy(db):
    """When the record a harvested one was linked to is deleted here, the next harvest copies
    the source's record instead (a source id always maps to a record held here)."""
    _local_resource(id="ayni:res-local", title={"en": "Seed bank manual 1"}, countries=["SN"])
    oai_peer = OaiPeer(Repository([dc_record(1, coverage=["SN"])]))
    with serve(oai_peer.app) as url:
        chm = clearing_house(namespace="peer", endpoint=f"{url}/oai")
        clearing_house_harvest(clearing_house=chm)
        Resource.objects.filter(uid="ayni:res-local").delete()
        run = clearing_house_harvest(clearing_house=chm, full=True)

    assert run.report["new"] == 1
    assert not DuplicateLink.objects.exists()
    assert Resource.objects.get().uid == "peer:oai:peer.example.org:1"


def test_due_clearing_houses_are_queued_as_background_tasks(db):
    """The scheduler's entry point queues one harvest task per due clearing-house."""
    from django_tasks_db.models import DBTaskResult

    from ayni.federation.tasks import harvest_due_enqueue

    due = clearing_house(schedule="hourly")
    clearing_house(schedule="manual")

    assert harvest_due_enqueue() == [due.uid]
    assert DBTaskResult.objects.count() == 1


def test_archived_line_of_an_export_archives_the_local_copy(db):
    """A record the other Ayni has since archived is archived here at the next harvest."""
    files = {"/export.jsonl": ("\n".join(json.dumps(x) for x in PEER_LINES).encode(), "text/plain")}
    with serve(static(files)) as url:
        chm = clearing_house(
            namespace="br-peer", protocol="ayni-jsonl", endpoint=f"{url}/export.jsonl"
        )
        clearing_house_harvest(clearing_house=chm)
        archived = [*PEER_LINES[:2], {**PEER_LINES[2], "status": "archived"}]
        files["/export.jsonl"] = ("\n".join(json.dumps(x) for x in archived).encode(), "text/plain")
        run = clearing_house_harvest(clearing_house=chm)

    assert run.report["deleted"] == 1
    assert run.report["unchanged"] == 2
    assert Resource.objects.get(uid="br-peer:res-3").status == "archived"


class Crash(BaseException):
    """The harvesting process dies: nothing in the harvester catches it."""


def test_long_export_resumes_after_a_crash_at_the_right_line(db, settings):
    """A 1,200-line export (CRLF line ends) is written 500 lines a page; after a crash
    following the first page the next harvest goes on from line 501, and a broken line is
    reported with its true number."""
    settings.AYNI_HARVEST_STALE_SECONDS = 0
    lines = [
        json.dumps(
            {
                "type": "resource",
                "id": f"br-ufpa:res-{n}",
                "status": "published",
                "title": {"pt": f"Guia de campo número {n} " + "x" * 80},
            }
        )
        for n in range(1, 1201)
    ]
    lines[899] = '{"type": "resource", "id": "br-ufpa:res-900", '
    body = "\r\n".join(lines).encode()

    def crash(count: int) -> None:
        raise Crash

    with serve(static({"/export.jsonl": (body, "application/jsonl")})) as url:
        chm = clearing_house(protocol="ayni-jsonl", endpoint=f"{url}/export.jsonl")
        with pytest.raises(Crash):
            clearing_house_harvest(clearing_house=chm, on_progress=crash)
        assert Resource.objects.count() == 500
        run = clearing_house_harvest(clearing_house=chm)

    assert run.report["resumed"] == 1
    assert run.report["new"] == 1199
    assert run.report["rejections"][0]["where"].startswith("line 900 ")
    assert Resource.objects.count() == 1199


def test_command_refuses_an_unusable_namespace(db):
    """A namespace that cannot start an identifier is refused before anything is asked."""
    chm = clearing_house(namespace="bad name!", endpoint="http://127.0.0.1:9/oai")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("harvest", chm.uid, "--no-progress", stderr=err)

    assert "namespace 'bad name!' is not usable" in err.getvalue()
    assert not chm.harvest_runs.exists()
