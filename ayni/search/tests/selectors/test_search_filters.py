"""Words with facet filters: the engine matches the filter tokens next to the words."""

import pytest

from ayni.search.selectors import SearchQuery, search
from ayni.search.tests.factories import event, need, offer, write_and_index

pytestmark = pytest.mark.django_db


def found(text: str = "", **options) -> list[str]:
    return [hit.uid for hit in search(SearchQuery(text=text, **options)).hits]


def test_words_with_two_facets_find_the_records_passing_both():
    """'mangroves' + country SN + target GBF-TARGET-02: the need; another country: nothing."""
    write_and_index(need(), need("test:need-2", country="BR"), offer())

    both = {"country": ["SN"], "target": ["GBF-TARGET-02"]}
    assert found("mangroves", filters=both) == ["test:need-1"]
    assert found("mangroves", filters={"country": ["CL"], "target": ["GBF-TARGET-02"]}) == []
    assert sorted(found("mangroves", filters={"country": ["SN", "BR"]})) == [
        "test:need-1",
        "test:need-2",
    ]


def test_a_facet_value_matches_whole_not_as_a_prefix_or_a_word():
    """subject 'marine' matches neither 'marine-coastal' nor a record whose text says
    'marine'; an upper-case code matches as given."""
    write_and_index(need(description={"fr": "Suivi des mangroves: zone marine du delta."}))

    assert found("mangroves", filters={"subject": ["marine"]}) == []
    assert found("mangroves", filters={"subject": ["marine-coastal"]}) == ["test:need-1"]
    assert found("mangroves", filters={"subject": ["coastal"]}) == []
    assert found("mangroves", filters={"grouping": ["ldc"], "language": ["fr"]}) == ["test:need-1"]


def test_filter_tokens_are_not_found_as_words():
    """Typing a filter token as words ('status:published', 'grouping:sids') does not match
    the filter tokens of the records: words search the text only."""
    write_and_index(event())

    assert found("status:published") == []
    assert found("grouping:sids") == []
    assert found("coral", filters={"subject": ["marine-coastal"]}) == ["test:event-1"]


def test_status_is_matched_with_the_words():
    """Drafts are left out of a search with words and filters unless their status is asked."""
    write_and_index(need(status="draft"), need("test:need-2"))

    filters = {"country": ["SN"], "subject": ["marine-coastal"]}
    assert found("mangroves", filters=filters) == ["test:need-2"]
    assert found("mangroves", filters=filters, statuses=("draft",)) == ["test:need-1"]
    assert sorted(found("mangroves", filters=filters, statuses=("draft", "published"))) == [
        "test:need-1",
        "test:need-2",
    ]


def test_facet_counts_with_words_and_filters_count_the_records_found():
    """With words and a filter the counts are over the records passing both, once each."""
    bilingual = need(
        "test:need-2",
        title={"fr": "Suivi des mangroves", "en": "Mangrove monitoring"},
        country="BR",
        subjects=["marine-coastal"],
    )
    write_and_index(need(), bilingual, offer(), event())

    result = search(SearchQuery(text="mangroves", filters={"subject": ["marine-coastal"]}))

    assert result.total == 2
    assert dict(result.facets["type"]) == {"need": 2}
    assert dict(result.facets["country"]) == {"BR": 1, "SN": 1}
    assert dict(result.facets["subject"]) == {"marine-coastal": 2, "monitoring-indicators": 1}
    assert dict(result.facets["language"]) == {"en": 1, "fr": 2}


def test_no_status_asked_finds_nothing():
    """An empty list of statuses finds no record rather than every one; asking published and
    draft finds both."""
    write_and_index(need(), need("test:need-2", status="draft"))

    assert found("mangroves", statuses=()) == []
    assert found(statuses=()) == []
    both = found("mangroves", statuses=("published", "draft"), filters={"country": ["SN"]})
    assert sorted(both) == ["test:need-1", "test:need-2"]


def test_filters_do_not_change_the_ranking_of_the_records_they_keep():
    """With a filter the records kept come in the order, and with the scores, they have
    without it: the filter tokens weigh nothing in the relevance."""
    once = need(
        "test:need-2",
        title={"fr": "Suivi des récifs"},
        description={"fr": "Des récifs, des herbiers et une mangrove."},
    )
    twice = need(description={"fr": "Les mangroves du delta et leurs oiseaux."})
    elsewhere = need("test:need-3", country="BR", title={"fr": "Mangroves du Brésil"})
    write_and_index(once, twice, elsewhere)

    unfiltered = search(SearchQuery(text="mangroves")).hits
    filtered = search(
        SearchQuery(text="mangroves", filters={"country": ["SN"], "subject": ["marine-coastal"]})
    ).hits

    kept = [(hit.uid, hit.score) for hit in unfiltered if hit.uid != "test:need-3"]
    assert [(hit.uid, hit.score) for hit in filtered] == kept
    assert [uid for uid, _score in kept] == ["test:need-1", "test:need-2"]
