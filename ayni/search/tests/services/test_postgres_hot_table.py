"""PostgreSQL: the narrow table a search reads follows every write to the entries."""

import numpy as np
import pytest
from django.db import connection

from ayni.search.documents import CODE_DTYPE
from ayni.search.models import SearchFacetCode
from ayni.search.selectors import SearchQuery, search
from ayni.search.services import search_remove_records
from ayni.search.tests.factories import need, write_and_index

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's table only"),
]


def _hot_rows() -> list[tuple[str, str]]:
    """The hot table's rows as (uid, the tokens of its facet codes)."""
    token_of = dict(SearchFacetCode.objects.values_list("code", "token"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.uid, h.facet_codes FROM search_entry_hot h "
            "JOIN search_searchentry e ON e.id = h.id ORDER BY e.uid"
        )
        return [
            (uid, " ".join(token_of[int(c)] for c in np.frombuffer(bytes(codes), CODE_DTYPE)))
            for uid, codes in cursor.fetchall()
        ]


def _hot_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_entry_hot")
        return int(cursor.fetchone()[0])


def test_hot_table_follows_writes_removals_and_truncation():
    """Indexed, re-indexed, removed and truncated entries leave the search table as the
    entries are: a removed record is not found, and a flushed index leaves no stale row."""
    write_and_index(need(), need("test:need-2", country="BR"))
    assert [uid for uid, _tokens in _hot_rows()] == ["test:need-1", "test:need-2"]
    filters = {"country": ["BR"]}
    assert [h.uid for h in search(SearchQuery(text="mangroves", filters=filters)).hits] == [
        "test:need-2"
    ]

    write_and_index(need("test:need-2", country="CL"))
    assert "country:CL" in dict(_hot_rows())["test:need-2"].split()
    assert "country:BR" not in dict(_hot_rows())["test:need-2"].split()
    assert search(SearchQuery(text="mangroves", filters=filters)).hits == []

    search_remove_records(record_type="need", uids=["test:need-1"])
    assert [uid for uid, _tokens in _hot_rows()] == ["test:need-2"]
    assert _hot_count() == 1

    with connection.cursor() as cursor:
        # As a flush does, with no foreign-key checks of this transaction left pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE search_searchfacet, search_searchentry")
    assert _hot_count() == 0
