"""The home page: it answers, counts the published records, and speaks the reader's language."""

import re
from html.parser import HTMLParser

import pytest

from ayni.core.choices import RecordStatus
from ayni.needs.tests.factories import NeedFactory
from ayni.search.tests.factories import event, need, write_and_index

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The attributes of <html> and the rows of the page's table, as a reader sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attributes: dict[str, str | None] = {}
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_attributes = dict(attrs)
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _page(client, path: str = "/", **headers: str) -> _Page:
    response = client.get(path, headers=headers, follow=True)
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    return page


def _published(page: _Page) -> dict[str, int]:
    """Record type → published count, from the table of the page."""
    return {row[0]: int(row[1]) for row in page.rows if len(row) == 2 and row[1].isdigit()}


def test_home_page_answers(client):
    """GET / leads to the home page in a language, which answers 200 with an HTML page."""
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/en/", 302)]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_home_page_lists_published_counts_of_every_type(client):
    """The table names every record type with its number of published records."""
    NeedFactory(status=RecordStatus.PUBLISHED)
    NeedFactory(status=RecordStatus.PUBLISHED)
    counts = _published(_page(client))
    assert counts["Needs"] == 2
    assert counts["Offers"] == 0
    assert len(counts) == 10


def test_unpublished_records_are_not_counted(client):
    """Drafts, submitted, archived and rejected records do not count as published."""
    NeedFactory(status=RecordStatus.PUBLISHED)
    for status in (
        RecordStatus.DRAFT,
        RecordStatus.SUBMITTED,
        RecordStatus.ARCHIVED,
        RecordStatus.REJECTED,
    ):
        NeedFactory(status=status)
    assert _published(_page(client))["Needs"] == 1


def test_html_element_names_the_language(client):
    """<html> carries a lang attribute: English by default."""
    assert _page(client).html_attributes.get("lang") == "en"


def test_browser_asking_for_french_gets_french(client):
    """A browser that sends Accept-Language: fr gets the page with lang="fr"."""
    page = _page(client, "/", accept_language="fr")
    assert page.html_attributes.get("lang") == "fr"


def test_french_address_gives_french_page(client):
    """/fr/ is the home page in French: lang="fr", with the same counts."""
    NeedFactory(status=RecordStatus.PUBLISHED)
    page = _page(client, "/fr/")
    assert page.html_attributes.get("lang") == "fr"
    assert 1 in _published(page).values()


def test_arabic_page_reads_right_to_left(client):
    """/ar/ is marked lang="ar" and dir="rtl"."""
    page = _page(client, "/ar/")
    assert page.html_attributes.get("lang") == "ar"
    assert page.html_attributes.get("dir") == "rtl"


def test_page_title_names_ayni(client):
    """The <title> of the home page names Ayni."""
    response = client.get("/", follow=True)
    assert re.search(r"<title>[^<]*Ayni[^<]*</title>", response.content.decode())


def test_home_page_lists_latest_records_open_needs_and_upcoming_events(client):
    """The home page links the latest records, the open needs and the upcoming events."""
    write_and_index(
        need(),
        need("test:need-2", title={"en": "Closed need"}, progress="closed"),
        event(),
        event("test:event-2", title={"en": "Past workshop"}, start="2001-01-01T09:00:00Z"),
    )
    body = client.get("/en/").content.decode()
    latest, needs, events = (
        body.split(f'id="{heading}-heading"')[1].split("</section>")[0]
        for heading in ("latest", "needs", "events")
    )
    assert "/en/needs/test:need-1/" in latest
    assert "/en/events/test:event-1/" in latest
    assert "/en/needs/test:need-1/" in needs
    assert "Closed need" not in needs
    assert "Workshop on coral reef monitoring" in events
    assert "Past workshop" not in events


def test_home_page_has_a_search_box_and_links_each_list(client):
    """A GET form to the search page, and each count linked to its list page."""
    body = client.get("/en/").content.decode()
    assert 'action="/en/search/" method="get"' in body
    assert '<input id="search-q" type="search" name="q"' in body
    assert '<a href="/en/needs/">Needs</a>' in body
