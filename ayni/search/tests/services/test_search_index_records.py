"""The index services: the index follows every write of records."""

import json

import pytest

from ayni.core.registry import record_model
from ayni.core.services import record_archive
from ayni.federation.services import records_import
from ayni.search.models import SearchEntry
from ayni.search.selectors import SearchQuery, search
from ayni.search.services import search_index_records, search_remove_records
from ayni.search.tests.factories import event, need, write_and_index

pytestmark = pytest.mark.django_db


def found(text: str = "", **options) -> list[str]:
    return [hit.uid for hit in search(SearchQuery(text=text, **options)).hits]


def test_edited_record_is_found_by_its_new_text_at_once():
    """After an edit and its reindexing, the new words find the record and the old ones don't."""
    write_and_index(need())

    write_and_index(need(title={"fr": "Inventaire des herbiers marins"}, description={}))

    assert found("herbiers") == ["test:need-1"]
    assert found("drone") == []
    assert SearchEntry.objects.filter(uid="test:need-1").count() == 1


def test_status_change_reindexed_hides_the_record(curator):
    """A published record archived through the workflow is no longer found once reindexed."""
    write_and_index(need())
    record = record_model("need")._default_manager.get(uid="test:need-1")

    record_archive(record=record, actor=curator)
    search_index_records(record_type="need", uids=["test:need-1"])

    assert found("mangroves") == []
    assert found("mangroves", statuses=("archived",)) == ["test:need-1"]


def test_removed_records_leave_the_index():
    """search_remove_records drops every entry and facet value of the records."""
    write_and_index(need(title={"fr": "Mangroves", "en": "Mangroves"}), event())

    search_remove_records(record_type="need", uids=["test:need-1"])

    assert found("mangroves") == []
    assert not SearchEntry.objects.filter(uid="test:need-1").exists()
    assert found(filters={"type": ["event"]}) == ["test:event-1"]


def test_a_deleted_record_indexed_again_leaves_no_entry():
    """Indexing the uid of a record that is gone removes its entries."""
    write_and_index(need())
    record_model("need")._default_manager.filter(uid="test:need-1").delete()

    search_index_records(record_type="need", uids=["test:need-1"])

    assert not SearchEntry.objects.filter(uid="test:need-1").exists()


def test_expert_without_consent_is_not_indexed():
    """An expert who did not consent to be listed is never found."""
    lines = [
        {"type": "organization", "id": "test:org-1", "status": "published",
         "name": {"en": "Reef Institute"}, "country": "FJ", "organization_type": "research"},
        {"type": "expert", "id": "test:exp-1", "status": "published", "name": "Ana Reef",
         "country": "FJ", "bio": {"en": "Coral reef ecologist"}, "consent_public": False},
        {"type": "expert", "id": "test:exp-2", "status": "published", "name": "Bo Reef",
         "country": "FJ", "bio": {"en": "Coral reef ecologist"}, "consent_public": True},
    ]  # fmt: skip
    records_import(lines=[json.dumps(line) for line in lines])
    search_index_records(record_type="expert", uids=["test:exp-1", "test:exp-2"])

    assert found("coral") == ["test:exp-2"]
    assert found("Bo") == ["test:exp-2"]


def test_values_just_written_index_like_the_stored_record():
    """search_index_values (for write_records) gives the entries search_index_records gives."""
    from ayni.core.exchange import read_records
    from ayni.search.services import search_index_values

    write_and_index(need(title={"fr": "Mangroves", "en": "Mangroves"}))
    model = record_model("need")
    pk = model._default_manager.get(uid="test:need-1").pk
    before = sorted(SearchEntry.objects.values_list("language", "terms", "title", "body"))
    (stored,) = read_records("need", [pk])

    search_index_values(
        record_type="need", records=[(stored.pk, stored.uid, stored.status, stored.values)]
    )

    after = sorted(SearchEntry.objects.values_list("language", "terms", "title", "body"))
    assert after == before
    assert found("mangroves") == ["test:need-1"]
