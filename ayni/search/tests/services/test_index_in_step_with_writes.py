"""The index follows every write: services, imports, workflow steps and admin deletions."""

import json

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.services import record_archive, record_create, record_publish, record_update
from ayni.federation.services import records_import
from ayni.needs.models import Need
from ayni.search.selectors import SearchQuery, search

pytestmark = pytest.mark.django_db


def _found(text: str, statuses=(RecordStatus.PUBLISHED,)) -> list[str]:
    return [hit.uid for hit in search(SearchQuery(text=text, statuses=statuses)).hits]


def _need_line(number: int, word: str) -> str:
    return json.dumps(
        {
            "type": "need",
            "id": f"sn-dpn:need-{number}",
            "status": "published",
            "country": "SN",
            "title": {"fr": f"Formation {word} {number}"},
        }
    )


def test_created_then_published_record_is_found_at_once(contributor, curator):
    """A new draft is found among drafts; once published, visitors' searches find it."""
    need = record_create(
        record_type="need",
        data={"country": "SN", "title": {"fr": "Suivi des mangroves par drone"}},
        actor=contributor,
    )
    assert _found("mangroves") == []
    assert _found("mangroves", statuses=(RecordStatus.DRAFT,)) == [need.uid]
    need.status = RecordStatus.SUBMITTED
    need.save(update_fields=["status"])
    record_publish(record=need, actor=curator)
    assert _found("mangrove") == [need.uid]


def test_edited_record_is_found_by_its_new_text_only(curator):
    """After an update the new words find the record and the old ones no longer do."""
    records_import(lines=[_need_line(1, "herbier")])
    need = _found("herbier")
    assert need == ["sn-dpn:need-1"]
    record = Need.objects.get(uid="sn-dpn:need-1")
    record_update(
        record=record, data={"country": "SN", "title": {"fr": "Banque de semences"}}, actor=curator
    )
    assert _found("herbier") == []
    assert _found("semences") == ["sn-dpn:need-1"]


def test_archived_record_leaves_public_search(curator):
    """Archiving removes the record from what visitors find."""
    records_import(lines=[_need_line(2, "corail")])
    record_archive(record=Need.objects.get(uid="sn-dpn:need-2"), actor=curator)
    assert _found("corail") == []


def test_bulk_import_is_indexed_after_commit(settings, django_capture_on_commit_callbacks):
    """An import larger than the inline limit is indexed by a task once it commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    lines = [_need_line(number, "tortue") for number in range(10, 160)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        records_import(lines=lines)
    assert _found("tortue") == []  # not yet: the batch waits for the commit
    for callback in callbacks:
        callback()
    assert search(SearchQuery(text="tortue")).total == 150
