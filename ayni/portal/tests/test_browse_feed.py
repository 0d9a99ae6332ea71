"""The Atom feed of a search: it parses, and holds what the search finds, latest first."""

import feedparser
import pytest

from ayni.search.tests.factories import event, need, offer, write_and_index

pytestmark = pytest.mark.django_db


def _feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    return parsed


def test_search_feed_parses_and_holds_the_records_found(client):
    """/en/search/feed.atom?q=mangroves is valid Atom with the one need found, linked."""
    write_and_index(need(), offer(), event())
    parsed = _feed(client, "/en/search/feed.atom?q=mangroves")
    assert [entry.title for entry in parsed.entries] == [
        "Formation au suivi des mangroves par drone"
    ]
    assert parsed.entries[0].link.endswith("/en/needs/test:need-1/")
    assert "mangroves" in parsed.feed.title


def test_search_feed_applies_the_facets(client):
    """The feed keeps the search's facets: country=BR gives Brazil's offer only."""
    write_and_index(need(), offer(), event())
    parsed = _feed(client, "/en/search/feed.atom?country=BR")
    assert [entry.title for entry in parsed.entries] == ["Restauración de manglares en la costa"]


def test_search_feed_escapes_markup_in_summaries(client):
    """A record's markup arrives as text in the entry's summary, never as markup."""
    write_and_index(need(description={"fr": "<script>alert(1)</script> mangroves"}))
    parsed = _feed(client, "/en/search/feed.atom?q=mangroves")
    assert "<script>" not in parsed.entries[0].summary
    assert "&lt;script&gt;" in parsed.entries[0].summary


def test_search_feed_leaves_out_bad_values(client):
    """An unknown country code is left out of the feed's search, which still answers."""
    write_and_index(need(), offer())
    parsed = _feed(client, "/en/search/feed.atom?country=XX")
    assert len(parsed.entries) == 2
