"""The search and list pages, the about page and the frame every page shares."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from ayni.search.tests.factories import case_study, event, need, offer, write_and_index

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """What a reader (or a screen reader) finds: links, forms, hits, <html> and <link> tags."""

    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.links: list[dict[str, str | None]] = []
        self.anchors: list[tuple[str, str]] = []
        self.forms: list[dict[str, str | None]] = []
        self.inputs: list[dict[str, str | None]] = []
        self.options: list[tuple[str, str]] = []
        self.hits: list[str] = []
        self._anchor: str | None = None
        self._option: str | None = None
        self._text: list[str] = []
        self._in_hits = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html = found
        elif tag == "link":
            self.links.append(found)
        elif tag == "form":
            self.forms.append(found)
        elif tag == "input":
            self.inputs.append(found)
        elif tag == "ol" and found.get("class") == "hits":
            self._in_hits = True
        elif tag == "a":
            self._anchor = found.get("href") or ""
            self._text = []
        elif tag == "option":
            self._option = found.get("value") or ""
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._text).split())
        if tag == "a" and self._anchor is not None:
            self.anchors.append((self._anchor, text))
            if self._in_hits:
                self.hits.append(text)
            self._anchor = None
        elif tag == "option" and self._option is not None:
            self.options.append((self._option, text))
            self._option = None
        elif tag == "ol":
            self._in_hits = False

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def _get(client, url: str, status: int = 200) -> tuple[str, _Page]:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    body = response.content.decode()
    page = _Page()
    page.feed(body)
    return body, page


def _facet_count(body: str, param: str, value: str) -> int:
    """The count shown next to a facet value's link (its add link is unique in the page)."""
    marker = f'{param}={value}"'
    start = body.index(marker)
    count_start = body.index('<span class="count">', start) + len('<span class="count">')
    return int(body[count_start : body.index("</span>", count_start)])


def test_search_page_finds_records_across_types(client):
    """/en/search/?q=... lists the records of every type that the words find, linked."""
    write_and_index(need(), offer(), event(), case_study())
    body, page = _get(client, "/en/search/?q=mangroves")
    assert page.hits == ["Formation au suivi des mangroves par drone"]
    assert "1 record found" in body
    _body, page = _get(client, "/en/search/?q=manglares")
    assert page.hits == ["Restauración de manglares en la costa"]


def test_search_without_words_lists_every_published_record(client):
    """An empty search lists every published record; a draft stays out."""
    write_and_index(need(), offer(), event(), need("test:need-2", status="draft"))
    body, page = _get(client, "/en/search/")
    assert len(page.hits) == 3
    assert "3 records found" in body


def test_facet_narrows_results_and_counts_are_right(client):
    """Facet counts are over the records found; following a country link keeps only its records."""
    write_and_index(
        need(),
        need("test:need-2", title={"en": "Mangrove nursery"}),
        offer(),
        event(),
    )
    body, _page = _get(client, "/en/search/")
    assert _facet_count(body, "country", "SN") == 2
    assert _facet_count(body, "country", "BR") == 1
    assert _facet_count(body, "type", "need") == 2
    assert _facet_count(body, "subject", "marine-coastal") == 4

    body, page = _get(client, "/en/search/?country=SN")
    assert sorted(page.hits) == ["Formation au suivi des mangroves par drone", "Mangrove nursery"]
    assert _facet_count(body, "subject", "marine-coastal") == 2
    assert "Remove filter: Senegal" in body


def test_two_facets_combine_and_values_of_one_facet_add_up(client):
    """Values of one facet are OR-ed, facets AND-ed."""
    write_and_index(need(), offer(), event())
    _body, page = _get(client, "/en/search/?country=SN&country=BR")
    assert len(page.hits) == 2
    _body, page = _get(client, "/en/search/?country=SN&country=BR&assistance_type=training")
    assert page.hits == ["Formation au suivi des mangroves par drone"]


def test_snippets_are_escaped_and_words_marked(client):
    """Markup in a record's text shows as text; the words searched are in <mark>."""
    write_and_index(
        need(description={"fr": "<script>alert(1)</script> suivi des mangroves <b>gras</b>"})
    )
    body, _page = _get(client, "/en/search/?q=mangroves")
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<mark>mangroves</mark>" in body
    assert "<b>gras</b>" not in body


def test_unknown_country_code_is_named_in_a_message(client):
    """?country=XX answers 400 with a message naming the value and the parameter."""
    write_and_index(need(), offer())
    body, page = _get(client, "/en/search/?country=XX&country=SN", status=400)
    assert "Unknown value &quot;XX&quot; for &quot;country&quot;" in body
    assert page.hits == ["Formation au suivi des mangroves par drone"]


def test_bad_sort_and_page_are_named(client):
    """A sort or a page the search does not know is named in the message."""
    body, _page = _get(client, "/en/search/?q=x&sort=cheapest&page=zero", status=400)
    assert "&quot;cheapest&quot;" in body
    assert "&quot;zero&quot;" in body


def test_sort_by_date_puts_the_latest_first(client):
    """sort=date orders the hits by their date, latest first."""
    write_and_index(
        event("test:event-1", title={"en": "Reef workshop one"}, start="2027-01-01T09:00:00Z"),
        event("test:event-2", title={"en": "Reef workshop two"}, start="2027-06-01T09:00:00Z"),
    )
    _body, page = _get(client, "/en/search/?q=reef&sort=date")
    assert page.hits == ["Reef workshop two", "Reef workshop one"]


def test_search_pages_are_paginated(client):
    """Beyond 20 hits the page links to the next page, which holds the rest."""
    write_and_index(*[need(f"test:need-{n}", title={"en": f"Need number {n}"}) for n in range(25)])
    _body, page = _get(client, "/en/search/")
    assert len(page.hits) == 20
    assert ("?page=2", "Next") in page.anchors
    _body, page = _get(client, "/en/search/?page=2")
    assert len(page.hits) == 5


def test_list_page_shows_only_its_type(client):
    """/en/needs/ lists the needs only, with facets but no record-type facet."""
    write_and_index(need(), offer(), event())
    body, page = _get(client, "/en/needs/")
    assert page.hits == ["Formation au suivi des mangroves par drone"]
    assert "<h1>Needs</h1>" in body
    assert not any(href.startswith("?type=") for href, _text in page.anchors)
    assert _facet_count(body, "country", "SN") == 1


def test_case_studies_list_page_answers(client):
    """/en/case-studies/ lists the case studies (the plural segment of a two-word type)."""
    write_and_index(case_study(), need())
    _body, page = _get(client, "/en/case-studies/")
    assert page.hits == ["حماية الغابات في جبال الأطلس"]


def test_pages_without_javascript_have_the_facet_form(client):
    """The facets come as a GET form with checkboxes too, which needs no script."""
    write_and_index(need(), offer())
    _body, page = _get(client, "/en/search/?q=mangroves")
    facet_forms = [form for form in page.forms if form.get("class") == "facet-form"]
    assert facet_forms
    assert facet_forms[0]["method"] == "get"
    boxes = [i for i in page.inputs if i.get("type") == "checkbox"]
    assert {"name": "country", "value": "SN"}.items() <= next(
        b for b in boxes if b.get("name") == "country"
    ).items()
    assert {"type": "hidden", "name": "q", "value": "mangroves"}.items() <= next(
        i for i in page.inputs if i.get("type") == "hidden" and i.get("name") == "q"
    ).items()


def test_search_page_announces_its_feed(client):
    """The search page's head links to the Atom feed of the same search."""
    _body, page = _get(client, "/en/search/?q=mangroves&country=SN")
    feeds = [
        link["href"]
        for link in page.links
        if link.get("type") == "application/atom+xml" and link.get("rel") == "alternate"
    ]
    assert "/en/search/feed.atom?q=mangroves&country=SN" in feeds


@pytest.mark.parametrize("url", ["/en/", "/en/search/", "/en/needs/", "/en/about/"])
def test_every_page_links_the_one_stylesheet(client, url):
    """Every page loads the portal's stylesheet, and no inline <style>."""
    body, page = _get(client, url)
    sheets = [link["href"] for link in page.links if link.get("rel") == "stylesheet"]
    assert sheets == ["/static/portal/ayni.css"]
    assert "<style" not in body


def test_stylesheet_is_small_with_print_and_focus_rules():
    """The stylesheet is found by staticfiles, under 8 KB, with a print section and focus."""
    path = finders.find("portal/ayni.css")
    assert isinstance(path, str)
    css = Path(path).read_text(encoding="utf-8")
    assert len(css.encode()) < 8 * 1024
    assert "@media print" in css
    assert ":focus-visible" in css


def test_language_switcher_posts_to_set_language(client):
    """The header holds a POST form to /i18n/setlang/ with CSRF and the 7 languages."""
    _body, page = _get(client, "/en/search/")
    form = next(form for form in page.forms if form.get("action") == "/i18n/setlang/")
    assert form["method"] == "post"
    names = {i.get("name") for i in page.inputs}
    assert {"csrfmiddlewaretoken", "next", "language"} & names == {"csrfmiddlewaretoken", "next"}
    assert dict(page.options) == {
        "en": "English",
        "fr": "français",
        "es": "español",
        "pt": "Português",
        "ar": "العربيّة",
        "zh-hans": "简体中文",
        "ru": "Русский",
    }


def test_switching_language_goes_to_the_same_page_in_the_new_language(client):
    """Posting the switcher's form answers with the same page in French."""
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/search/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/search/?q=x"


def test_arabic_search_page_reads_right_to_left(client):
    """/ar/search/ is marked lang="ar" and dir="rtl"."""
    _body, page = _get(client, "/ar/search/")
    assert page.html == {"lang": "ar", "dir": "rtl"}


def test_header_has_skip_link_and_navigation(client):
    """A skip link to the content, then links to search and to each list page."""
    _body, page = _get(client, "/en/")
    assert page.anchors[0] == ("#main", "Skip to content")
    hrefs = [href for href, _text in page.anchors]
    for url in ("/en/search/", "/en/needs/", "/en/experts/", "/en/case-studies/", "/en/events/"):
        assert url in hrefs


def test_about_page_explains_south_south_cooperation(client):
    """/en/about/ explains SSC, triangular cooperation and the Plan of Action; in French too."""
    body, _page = _get(client, "/en/about/")
    assert "Triangular cooperation" in body
    assert "Plan of Action" in body
    _body, page = _get(client, "/fr/about/")
    assert page.html.get("lang") == "fr"


def test_hit_in_another_language_says_so(client):
    """A record with no text in the reader's language is shown in its own, with a note."""
    write_and_index(need())
    body, _page = _get(client, "/en/search/?q=mangroves")
    assert "Shown in French: no English text yet." in body
    body, _page = _get(client, "/fr/search/?q=mangroves")
    assert '<p class="note">' not in body


def test_search_page_offers_its_results_for_download_with_the_same_filters(client, db):
    """The search page links JSON Lines, CSV and XLSX exports of the same search."""
    response = client.get("/en/search/?q=mangrove&country=SN")
    html = response.content.decode()
    for name in ("jsonl", "csv", "xlsx"):
        assert f"/en/export/?q=mangrove&amp;country=SN&amp;format={name}" in html
    export = client.get("/en/export/?q=mangrove&country=SN&format=csv")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
