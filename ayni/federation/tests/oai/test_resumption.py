"""Resumption through many pages, while records change between the pages."""

import datetime as dt

import pytest

from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.services import revision_record
from ayni.core.tests.records import make_record
from ayni.federation.tests.oai.helpers import NS, oai, token

pytestmark = pytest.mark.django_db
UTC = dt.UTC
T0 = dt.datetime(2026, 1, 1, tzinfo=UTC)


def page_headers(root):
    return [
        (
            h.findtext("oai:identifier", namespaces=NS).removeprefix("oai:ayni:"),
            h.get("status"),
        )
        for h in root.iterfind(".//oai:header", NS)
    ]


def harvest(client, between=None, **params):
    """Every header of a list, following tokens; ``between(page)`` runs after each page."""
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni", **params)
    response_date = root.findtext("oai:responseDate", namespaces=NS)
    headers = page_headers(root)
    pages = 1
    while token(root):
        if between:
            between(pages)
        root = oai(client, verb="ListIdentifiers", resumptionToken=token(root))
        headers += page_headers(root)
        pages += 1
    return headers, pages, response_date


def make_needs(count, *, same_stamp_every=3):
    """Published needs and events whose datestamps repeat (ties cross page boundaries)."""
    records = []
    for n in range(count):
        record_type = "need" if n % 2 else "event"
        record = make_record(record_type, status=RecordStatus.PUBLISHED)
        when = T0 + dt.timedelta(seconds=n // same_stamp_every)
        type(record).objects.filter(pk=record.pk).update(datestamp=when)
        records.append(record)
    return records


def test_resumption_lists_every_record_once(client, settings):
    """Through several pages every record comes once, ties of datestamp included."""
    settings.AYNI_OAI_PAGE_SIZE = 4
    records = make_needs(17)
    headers, pages, _ = harvest(client)
    assert pages == 5
    assert sorted(uid for uid, _ in headers) == sorted(r.uid for r in records)


def test_resumption_tokens_carry_cursor_and_end_empty(client, settings):
    """Each token gives the cursor of its page; the last page has an empty token."""
    settings.AYNI_OAI_PAGE_SIZE = 2
    make_needs(5)
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    cursors = []
    while True:
        element = root.find(".//oai:resumptionToken", NS)
        if element is None:
            break
        cursors.append(element.get("cursor"))
        if not element.text:
            break
        root = oai(client, verb="ListIdentifiers", resumptionToken=element.text)
    assert cursors == ["0", "2", "4"]


def test_resumption_keeps_the_set_and_dates(client, settings):
    """The token carries the original set and from/until."""
    settings.AYNI_OAI_PAGE_SIZE = 2
    records = make_needs(12)
    needs = [r.uid for r in records if r.record_type == "need"]
    headers, _pages, _ = harvest(client, set="type:need", **{"from": "2026-01-01T00:00:01Z"})
    expected = [r.uid for r in records[3:] if r.record_type == "need"]
    assert sorted(uid for uid, _ in headers) == sorted(expected)
    assert set(expected) <= set(needs)


def test_concurrent_writes_neither_skip_nor_repeat(client, settings):
    """Records changed, added or deleted during a harvest come in the next harvest, never twice.

    The harvest's `until` is frozen at its first request: a record changed during it moves to
    the next harvest (from the first responseDate), a record not changed comes exactly once.
    """
    settings.AYNI_OAI_PAGE_SIZE = 3
    records = make_needs(14)
    seen_then_changed = records[0]
    unseen_then_changed = records[10]
    unseen_then_deleted = records[12]
    added = []

    def between(page):
        if page == 1:
            seen_then_changed.save()  # datestamp moves to now
            unseen_then_changed.save()
            revision_record(record=unseen_then_deleted, action=RevisionAction.PUBLISH)
            revision_record(record=unseen_then_deleted, action=RevisionAction.DELETE)
            unseen_then_deleted.delete()
        if page == 2:
            added.append(make_record("need", status=RecordStatus.PUBLISHED))

    first, _pages, response_date = harvest(client, between=between)
    first_uids = [uid for uid, _ in first]
    assert len(first_uids) == len(set(first_uids)), "a record was repeated"
    unchanged = {r.uid for r in records} - {
        unseen_then_changed.uid,
        unseen_then_deleted.uid,
    }
    assert set(first_uids) == unchanged

    second, _pages, _ = harvest(client, **{"from": response_date})
    second_map = dict(second)
    assert second_map[unseen_then_changed.uid] is None
    assert second_map[unseen_then_deleted.uid] == "deleted"
    assert second_map[added[0].uid] is None
    assert second_map[seen_then_changed.uid] is None
    # Together the two harvests hold every record as it now stands.
    assert set(first_uids) | set(second_map) == {r.uid for r in records} | {added[0].uid}
