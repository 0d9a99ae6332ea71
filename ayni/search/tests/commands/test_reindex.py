"""``manage.py reindex`` rebuilds the index from the records."""

import pytest
from django.core.management import CommandError, call_command

from ayni.search.models import SearchEntry
from ayni.search.selectors import SearchQuery, search
from ayni.search.tests.factories import event, need, write_and_index

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_the_index_from_the_records():
    """Entries lost or stale come back as the records are."""
    write_and_index(need(), event())
    SearchEntry.objects.all().delete()

    call_command("reindex")

    assert [hit.uid for hit in search(SearchQuery(text="mangroves")).hits] == ["test:need-1"]
    assert search(SearchQuery()).total == 2


def test_reindex_of_one_type_leaves_the_others():
    """--type need rebuilds the needs only."""
    write_and_index(need(), event())
    SearchEntry.objects.filter(record_type="event").delete()

    call_command("reindex", "--type", "need")

    assert search(SearchQuery()).total == 1


def test_reindex_refuses_an_unknown_type():
    """An unknown type is refused with the list of known ones."""
    with pytest.raises(CommandError, match="Unknown record type 'needs'"):
        call_command("reindex", "--type", "needs")
