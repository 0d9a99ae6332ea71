"""The search selector: what a reader finds, in which order, with which facets and snippets."""

import pytest

from ayni.search.selectors import SearchQuery, search
from ayni.search.tests.factories import (
    case_study,
    event,
    need,
    offer,
    resource,
    write_and_index,
)

pytestmark = pytest.mark.django_db


def found(text: str = "", **options) -> list[str]:
    return [hit.uid for hit in search(SearchQuery(text=text, **options)).hits]


def test_french_word_finds_the_french_text_stemmed():
    """'mangroves' and 'mangrove' both find the French need (French stemming)."""
    write_and_index(need(), offer(), event())

    assert found("mangroves") == ["test:need-1"]
    assert found("Mangrove") == ["test:need-1"]
    assert found("mangroves", language="fr", language_only=True) == ["test:need-1"]


def test_accents_are_folded_both_ways():
    """'equipement' finds 'équipement', and 'protégées' finds itself typed without accents."""
    write_and_index(need())

    assert found("equipement") == ["test:need-1"]
    assert found("ÉQUIPEMENTS") == ["test:need-1"]
    assert found("protegees") == ["test:need-1"]


def test_spanish_word_finds_the_spanish_record():
    """'manglar' (singular) finds the Spanish offer about 'manglares'."""
    write_and_index(need(), offer())

    assert found("manglares") == ["test:offer-1"]
    assert found("conservacion") == ["test:offer-1"]


def test_arabic_word_finds_the_arabic_record():
    """An Arabic word, with or without its article and diacritics, finds the Arabic record."""
    write_and_index(case_study(), need())

    assert found("الغابات") == ["test:cs-1"]
    assert found("الْغَابَات") == ["test:cs-1"]
    assert found("البيولوجي") == ["test:cs-1"]


def test_chinese_is_matched_by_character_bigrams():
    """A Chinese word inside an unspaced sentence is found through its bigrams."""
    write_and_index(resource(), need())

    assert found("多样性") == ["test:res-1"]
    assert found("湿地") == ["test:res-1"]
    assert found("多样性 湿地") == ["test:res-1"]
    assert found("森林") == []


def test_all_words_are_required():
    """Two words find only the records holding both."""
    write_and_index(need(), offer())

    assert found("mangroves drone") == ["test:need-1"]
    assert found("mangroves costa") == []


def test_country_and_subject_names_are_searchable():
    """A record is found by the name of its country in the record's language."""
    write_and_index(need(), offer())

    assert found("Sénégal") == ["test:need-1"]


def test_unpublished_records_are_not_found():
    """A draft or submitted record is not found unless its status is asked for."""
    write_and_index(need(status="draft"), offer(status="submitted"))

    assert found("mangroves") == []
    assert found("manglares") == []
    assert found("mangroves", statuses=("draft",)) == ["test:need-1"]


def test_facet_counts_count_records_found():
    """The counts of each facet value are over the records found, one per record."""
    bilingual = need(
        "test:need-2",
        title={"fr": "Suivi des mangroves", "en": "Mangrove monitoring"},
        country="BR",
    )
    write_and_index(need(), bilingual, offer(), event())

    result = search(SearchQuery(text="mangroves"))

    assert result.total == 2
    facets = result.facets
    assert dict(facets["type"]) == {"need": 2}
    assert dict(facets["country"]) == {"BR": 1, "SN": 1}
    assert dict(facets["subject"])["marine-coastal"] == 2
    assert dict(facets["language"]) == {"fr": 2, "en": 1}


def test_filters_are_and_between_facets_and_or_within_one():
    """country=SN or BR and type=offer: only the offer of Brazil."""
    write_and_index(need(), offer(), event(), case_study())

    assert sorted(found(filters={"country": ["SN", "BR"]})) == ["test:need-1", "test:offer-1"]
    assert found(filters={"country": ["SN", "BR"], "type": ["offer"]}) == ["test:offer-1"]
    assert found("mangroves", filters={"type": ["offer"], "country": ["SN"]}) == []


def test_grouping_and_region_facets_come_from_the_country():
    """Fiji's event is in the SIDS grouping and in Oceania (009) and Melanesia (054)."""
    write_and_index(event(), need())

    assert found(filters={"grouping": ["sids"]}) == ["test:event-1"]
    assert found(filters={"region": ["054"]}) == ["test:event-1"]
    assert found(filters={"grouping": ["ldc"]}) == ["test:need-1"]
    result = search(SearchQuery(filters={"region": ["009"]}))
    assert ("sids", 1) in result.facets["grouping"]


def test_sorting_by_date_puts_the_latest_first():
    """By date: the event (2027), then the need (updated now), then the guide (2019)."""
    write_and_index(resource(), event(), need())

    assert found(sort="date") == ["test:event-1", "test:need-1", "test:res-1"]
    assert found(filters={"year": ["2019"]}) == ["test:res-1"]


def test_relevance_ranks_the_closer_match_first():
    """A record naming the word twice ranks before one naming it once."""
    once = need(
        "test:need-2",
        title={"fr": "Suivi des récifs"},
        description={"fr": "Des récifs, des herbiers et une mangrove."},
    )
    twice = need(description={"fr": "Les mangroves du delta et leurs oiseaux."})
    write_and_index(once, twice)

    assert found("mangroves")[0] == "test:need-1"


def test_one_hit_per_record_in_the_readers_language():
    """A record written in two languages is one hit, shown in the reader's language."""
    bilingual = need(
        title={"fr": "Suivi des mangroves", "en": "Mangrove monitoring"},
        description={"fr": "Suivi des mangroves", "en": "Monitoring of mangroves"},
    )
    write_and_index(bilingual)

    english = search(SearchQuery(text="mangroves", language="en"))
    french = search(SearchQuery(text="mangroves", language="fr"))
    browse = search(SearchQuery(language="en"))

    assert english.total == 1
    assert [hit.title for hit in english.hits] == ["Mangrove monitoring"]
    assert [hit.title for hit in french.hits] == ["Suivi des mangroves"]
    assert [hit.title for hit in browse.hits] == ["Mangrove monitoring"]


def test_snippet_highlights_matching_words_and_escapes_html():
    """The words matching the query are marked; the record's markup is shown, not obeyed."""
    write_and_index(
        need(description={"fr": "<script>alert(1)</script> Les mangroves & la mangrove."})
    )

    (hit,) = search(SearchQuery(text="mangrove")).hits

    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>mangroves</mark> &amp; la <mark>mangrove</mark>" in hit.snippet


def test_paging_gives_the_total_and_the_page():
    """Page 2 of size 1 holds the second record; the total counts them all."""
    write_and_index(need(), need("test:need-2"), need("test:need-3"))

    first = search(SearchQuery(text="mangroves", page_size=1))
    second = search(SearchQuery(text="mangroves", page_size=1, page=2))
    beyond = search(SearchQuery(text="mangroves", page_size=1, page=9))

    assert first.total == second.total == beyond.total == 3
    assert first.hits[0].uid != second.hits[0].uid
    assert beyond.hits == []


def test_pages_follow_the_order_of_the_whole_list_by_relevance_and_by_date():
    """Pages of one hit, one after the other, give the records in the order of a single page
    holding them all, whether sorted by relevance (ties included) or by date."""
    twice = need("test:need-4", description={"fr": "Les mangroves et les mangroves du delta."})
    write_and_index(need(), need("test:need-2"), need("test:need-3"), twice, event())

    for sort in ("relevance", "date"):
        whole = [hit.uid for hit in search(SearchQuery(text="mangroves", sort=sort)).hits]
        paged = [
            hit.uid
            for page in range(1, len(whole) + 1)
            for hit in search(SearchQuery(text="mangroves", sort=sort, page_size=1, page=page)).hits
        ]
        assert paged == whole
        assert sorted(whole) == ["test:need-1", "test:need-2", "test:need-3", "test:need-4"]


def test_snippet_marks_chinese_bigrams_and_arabic_words():
    """In Chinese the matching characters are marked; in Arabic the whole matching word."""
    write_and_index(resource(), case_study())

    (chinese,) = search(SearchQuery(text="湿地")).hits
    (arabic,) = search(SearchQuery(text="التنوع")).hits

    assert "<mark>湿地</mark>" in chinese.snippet
    assert "<mark>التنوع</mark>" in arabic.snippet


def test_snippet_of_a_long_text_is_around_its_first_hit():
    """Deep in a long text, the snippet starts a few words before the first matching word,
    marks every matching word it shows and no other, and says the text goes on both ways."""
    filler = " ".join(f"word{number}" for number in range(600))
    late = " ".join(f"tail{number}" for number in range(100))
    text = f"{filler} mangroves then more mangrove text {late} mangroves again"
    write_and_index(need(description={"fr": text}, title={"fr": "Suivi"}))

    (hit,) = search(SearchQuery(text="mangroves")).hits

    assert hit.snippet.startswith("…word590 ")
    assert hit.snippet.endswith("…")
    assert hit.snippet.count("<mark>") == 2
    assert "<mark>mangroves</mark> then more <mark>mangrove</mark> text tail0" in hit.snippet
    assert "tail20" not in hit.snippet
