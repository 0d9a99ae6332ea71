"""The filter tokens of the entries: written with them, and rebuilt by the migration's fill."""

import importlib

import pytest
from django.db import connection

from ayni.core.registry import record_model
from ayni.core.services import record_archive
from ayni.search.models import SearchEntry
from ayni.search.services import search_index_records
from ayni.search.tests.factories import event, need, write_and_index

pytestmark = pytest.mark.django_db


def test_entries_carry_their_status_and_facets_as_tokens():
    """A need of Senegal holds 'status:published', its country, groupings and subjects."""
    write_and_index(need())

    tokens = set(SearchEntry.objects.get(uid="test:need-1").filter_tokens.split())

    assert {"status:published", "type:need", "country:SN", "grouping:ldc"} <= tokens
    assert {"subject:marine-coastal", "target:GBF-TARGET-02", "language:fr"} <= tokens


def test_a_status_change_rewrites_the_status_token(curator):
    """Archived through the workflow and reindexed, the entry says 'status:archived'."""
    write_and_index(need())
    record = record_model("need")._default_manager.get(uid="test:need-1")

    record_archive(record=record, actor=curator)
    search_index_records(record_type="need", uids=["test:need-1"])

    tokens = SearchEntry.objects.get(uid="test:need-1").filter_tokens.split()
    assert "status:archived" in tokens
    assert "status:published" not in tokens


def test_the_migration_fill_gives_the_tokens_the_services_write():
    """0003's fill, run over entries with no tokens, rebuilds the same tokens from the facet
    rows (for an index made before the tokens existed)."""
    write_and_index(need(title={"fr": "Mangroves", "en": "Mangroves"}), event())
    written = {e.pk: set(e.filter_tokens.split()) for e in SearchEntry.objects.all()}
    fill = importlib.import_module("ayni.search.migrations.0003_filter_tokens").FILL_SQL

    SearchEntry.objects.update(filter_tokens="")
    with connection.cursor() as cursor:
        cursor.execute(fill[connection.vendor])

    refilled = {e.pk: set(e.filter_tokens.split()) for e in SearchEntry.objects.all()}
    assert refilled == written
    assert len(written) == 3
