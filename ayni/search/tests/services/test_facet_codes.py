"""The facet codes of the entries: given on write, never reused, counted as the tokens were."""

import importlib
from collections import Counter

import numpy as np
import pytest
from django.db import connection

from ayni.search.documents import CODE_DTYPE
from ayni.search.models import SearchEntry, SearchFacetCode
from ayni.search.selectors import SearchQuery, search
from ayni.search.services import search_remove_records
from ayni.search.tests.factories import case_study, event, need, offer, write_and_index

pytestmark = pytest.mark.django_db


def coded_tokens(entry: SearchEntry) -> list[str]:
    """The tokens an entry's facet codes stand for, in their order."""
    token_of = dict(SearchFacetCode.objects.values_list("code", "token"))
    return [token_of[int(code)] for code in np.frombuffer(bytes(entry.facet_codes), CODE_DTYPE)]


def facet_tokens(entry: SearchEntry) -> list[str]:
    """The entry's filter tokens but its status: what its facet codes must stand for."""
    return [token for token in entry.filter_tokens.split() if not token.startswith("status:")]


def test_every_entry_carries_the_codes_of_its_facet_tokens():
    """Each entry's codes read back as its filter tokens, status aside, in the same order."""
    write_and_index(need(title={"fr": "Mangroves", "en": "Mangroves"}), offer(), event())

    entries = list(SearchEntry.objects.all())

    assert len(entries) == 4
    for entry in entries:
        assert coded_tokens(entry) == facet_tokens(entry)
        assert "country:" in " ".join(coded_tokens(entry))


def test_counts_from_the_codes_equal_the_counts_of_the_tokens():
    """The facet counts of a search with words are the tokens of one entry per record found,
    counted, whatever the facet (countries, derived regions and groupings, years)."""
    write_and_index(
        need(title={"fr": "Mangroves du delta", "en": "Delta mangroves"}),
        need("test:need-2", country="BR", subjects=["marine-coastal", "forest"]),
        offer(title={"es": "Restauración de mangroves"}),
        event(title={"en": "Mangroves workshop"}, country="FJ"),
        case_study(title={"ar": "mangroves"}, subjects=["forest", "marine-coastal"]),
    )
    expected: Counter[str] = Counter()
    for entry in SearchEntry.objects.filter(is_primary=True):
        expected.update(facet_tokens(entry))

    result = search(SearchQuery(text="mangroves"))

    assert result.total == 5
    counted = Counter(
        {
            f"{facet}:{value}": count
            for facet, values in result.facets.items()
            for value, count in values
        }
    )
    assert counted == expected
    assert dict(result.facets["type"]) == {"need": 2, "offer": 1, "event": 1, "case-study": 1}
    assert dict(result.facets["subject"])["forest"] == 2


def test_a_facet_value_never_seen_gets_a_new_code():
    """A record with a country no entry had yet gives that country a code of its own, above
    every code given before; the codes already given stay as they were."""
    write_and_index(need())
    before = dict(SearchFacetCode.objects.values_list("token", "code"))
    assert "country:BR" not in before

    write_and_index(need("test:need-2", country="BR"))

    after = dict(SearchFacetCode.objects.values_list("token", "code"))
    assert after["country:BR"] > max(before.values())
    assert {token: after[token] for token in before} == before
    assert len(set(after.values())) == len(after)
    entry = SearchEntry.objects.get(uid="test:need-2")
    assert "country:BR" in coded_tokens(entry)
    brazil = search(SearchQuery(text="mangroves", filters={"country": ["BR"]}))
    assert dict(brazil.facets["country"]) == {"BR": 1}


def test_an_edited_record_codes_follow_its_new_facets():
    """Re-indexed after an edit, a record's codes stand for its new country and subjects, and
    the counts show the new values, not the old ones."""
    write_and_index(need())

    write_and_index(need(country="CL", subjects=["forest"]))

    entry = SearchEntry.objects.get(uid="test:need-1")
    tokens = coded_tokens(entry)
    assert "country:CL" in tokens
    assert "subject:forest" in tokens
    assert "country:SN" not in tokens
    assert "subject:marine-coastal" not in tokens
    facets = search(SearchQuery(text="mangroves")).facets
    assert dict(facets["country"]) == {"CL": 1}
    assert dict(facets["subject"]) == {"forest": 1}


def test_codes_are_not_reused_once_their_records_are_gone():
    """Removing every record that held a value keeps its code: a new value gets a new code."""
    write_and_index(need("test:need-2", country="BR"))
    brazil = SearchFacetCode.objects.get(token="country:BR").code
    search_remove_records(record_type="need", uids=["test:need-2"])

    write_and_index(need("test:need-3", country="CL"))

    assert SearchFacetCode.objects.get(token="country:BR").code == brazil
    assert SearchFacetCode.objects.get(token="country:CL").code > brazil


def test_the_migration_fill_gives_the_codes_the_services_write():
    """0005's fill, run over entries with no codes and an empty code table (an index made
    before the codes existed), gives every entry the codes of its facet tokens."""
    write_and_index(
        need(title={"fr": "Mangroves", "en": "Mangroves"}),
        event(),
        offer(title={"es": "Mangroves de la costa"}),
    )
    written = {entry.pk: coded_tokens(entry) for entry in SearchEntry.objects.all()}
    migration = importlib.import_module("ayni.search.migrations.0005_facet_codes")

    SearchEntry.objects.update(facet_codes=b"")
    SearchFacetCode.objects.all().delete()
    assert migration.fill_codes(connection) == 4

    refilled = {entry.pk: coded_tokens(entry) for entry in SearchEntry.objects.all()}
    assert refilled == written
    assert all(written.values())
    assert dict(search(SearchQuery(text="mangroves")).facets["country"]) == {"SN": 1, "BR": 1}
