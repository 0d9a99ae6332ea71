"""The detail page of every record type: who may open it, and what it shows in which language."""

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.events.tests.factories import EventFactory
from ayni.needs.tests.factories import NeedFactory, PartnershipFactory
from ayni.portal.selectors import PORTAL_TYPES
from ayni.portal.selectors import record_url as _record_url
from ayni.roster.tests.factories import ExpertFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def record_url(record_type: str, uid: str, language: str = "en") -> str:
    """The page's address in a language (whatever language an earlier request left active)."""
    with translation.override(language):
        return _record_url(record_type, uid)


class _Page(HTMLParser):
    """The elements a reader (or a machine) finds in a page: head links, headings, lang marks."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.headings: list[tuple[str, dict[str, str | None], str]] = []
        self.anchors: list[tuple[str | None, str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.links.append(dict(attrs))
        elif tag in ("h1", "h2", "h3", "a"):
            self._open = (tag, dict(attrs))
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            text = " ".join("".join(self._text).split())
            if tag == "a":
                self.anchors.append((self._open[1].get("href"), text))
            else:
                self.headings.append((tag, self._open[1], text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def _get(client, url: str) -> tuple[str, _Page]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    page = _Page()
    page.feed(html)
    return html, page


@pytest.mark.parametrize("record_type", PORTAL_TYPES)
def test_published_record_of_every_type_has_a_page(client, record_type):
    """A visitor opens the page of a published record of any type, titled with its heading."""
    record = make_record(record_type, status=RecordStatus.PUBLISHED)
    _html, page = _get(client, record_url(record_type, record.uid))
    assert page.headings[0][0] == "h1"


@pytest.mark.parametrize("record_type", PORTAL_TYPES)
@pytest.mark.parametrize("status", [RecordStatus.DRAFT, RecordStatus.SUBMITTED])
def test_unpublished_record_is_not_found_for_a_visitor(client, record_type, status):
    """A draft or submitted record answers 404 to a visitor, as an unknown id does."""
    record = make_record(record_type, status=status)
    assert client.get(record_url(record_type, record.uid)).status_code == 404
    assert client.get(record_url(record_type, "test:no-such-record")).status_code == 404


def test_record_is_not_found_under_another_type(client):
    """A need's id under /organizations/ is not found: the type is part of the address."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    assert client.get(record_url("organization", need.uid)).status_code == 404


def test_owner_opens_own_draft(client, contributor):
    """The contributor who submitted a draft may open its page; visitors may not."""
    need: Any = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor)
    client.force_login(contributor)
    assert client.get(record_url("need", need.uid)).status_code == 200


def test_record_url_uses_the_plural_of_the_api(client):
    """The address of a case study reads /<lang>/case-studies/<id>/."""
    assert record_url("case-study", "ayni:cs-42") == "/en/case-studies/ayni:cs-42/"
    assert record_url("country-profile", "ayni:country-sn") == (
        "/en/country-profiles/ayni:country-sn/"
    )


def test_text_shows_in_the_readers_language_without_a_note(client):
    """A French reader of a record with French text reads it, marked lang="fr", with no note."""
    need: Any = NeedFactory(
        status=RecordStatus.PUBLISHED,
        title={"en": "Drone monitoring of mangroves", "fr": "Suivi des mangroves par drone"},
    )
    html, page = _get(client, record_url("need", need.uid, "fr"))
    tag, attrs, text = page.headings[0]
    assert (tag, attrs.get("lang"), text) == ("h1", "fr", "Suivi des mangroves par drone")
    assert "Shown in" not in html
    assert 'class="note"' not in html


def test_text_in_another_language_comes_with_a_note(client):
    """An English reader of a French-only record reads the French, marked so, with a note."""
    need: Any = NeedFactory(
        status=RecordStatus.PUBLISHED,
        title={"fr": "Suivi des mangroves par drone"},
        description={"fr": "Former les agents au suivi."},
    )
    html, page = _get(client, record_url("need", need.uid))
    _tag, attrs, text = page.headings[0]
    assert attrs.get("lang") == "fr"
    assert text == "Suivi des mangroves par drone"
    assert "Shown in French: no English text yet." in html
    assert re.search(r'<div lang="fr">\s*<p>Former les agents au suivi.</p>', html)


def test_codes_show_their_names_in_the_readers_language(client):
    """Country and subject codes read as their names in French on the French page."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED, country_id="SN")
    need.subjects.set(["marine-coastal"])
    html, _page = _get(client, record_url("need", need.uid, "fr"))
    assert "Sénégal" in html
    assert "marine-coastal" not in html
    assert "Diversité biologique marine et côtière" in html


def test_references_link_to_their_pages_when_visible(client):
    """An event links to its published organizer, and leaves out an unpublished one."""
    shown: Any = OrganizationFactory(status=RecordStatus.PUBLISHED, name={"en": "Shown Centre"})
    hidden: Any = OrganizationFactory(status=RecordStatus.DRAFT, name={"en": "Hidden Centre"})
    event: Any = EventFactory(status=RecordStatus.PUBLISHED)
    event.organizers.set([shown, hidden])
    html, page = _get(client, record_url("event", event.uid))
    assert (record_url("organization", shown.uid), "Shown Centre") in page.anchors
    assert "Hidden Centre" not in html
    assert hidden.uid not in html


def test_partnership_does_not_name_a_need_the_reader_may_not_see(client):
    """A published partnership of a draft need is not titled with the need's title."""
    need: Any = NeedFactory(status=RecordStatus.DRAFT, title={"en": "Secret need"})
    partnership: Any = PartnershipFactory(status=RecordStatus.PUBLISHED, need=need)
    html, _page = _get(client, record_url("partnership", partnership.uid))
    assert "Secret need" not in html


def test_expert_page_never_shows_the_email(client):
    """An expert's page shows their name but never their e-mail, not even in the JSON-LD."""
    expert: Any = ExpertFactory(email="amina.diallo@example.org", name="Amina Diallo")
    html, _page = _get(client, record_url("expert", expert.uid))
    assert "Amina Diallo" in html
    assert "amina.diallo@example.org" not in html
    assert "@example.org" not in html


def test_expert_without_consent_is_not_found(client):
    """A published expert who did not consent to be listed answers 404 to a visitor."""
    expert: Any = ExpertFactory(consent_public=False)
    assert client.get(record_url("expert", expert.uid)).status_code == 404


def test_headings_go_in_order(client):
    """The page has one h1 first, then h2s: no level is skipped."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED, description={"en": "Text"})
    _html, page = _get(client, record_url("need", need.uid))
    levels = [int(tag[1]) for tag, _attrs, _text in page.headings]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_page_loads_nothing_from_other_hosts(client):
    """No script, stylesheet or font comes from elsewhere; the only script is the JSON-LD."""
    event: Any = EventFactory(status=RecordStatus.PUBLISHED)
    html, _page = _get(client, record_url("event", event.uid))
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/portal/ayni.css"]


def _alternates(page: _Page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in page.links:
        if link.get("rel") == "alternate":
            found.setdefault(str(link.get("type")), []).append(str(link.get("href")))
    return found


def test_home_announces_latest_feed_and_upcoming_calendar(client):
    """The home page's head links the Atom feed of latest records and the events calendar."""
    _html, page = _get(client, "/en/")
    alternates = _alternates(page)
    assert alternates["application/atom+xml"] == ["/en/feeds/latest.atom"]
    assert alternates["text/calendar"] == ["/en/events.ics"]


def test_detail_page_announces_its_type_feed(client):
    """A need's page announces the feed of needs beside the latest records."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    _html, page = _get(client, record_url("need", need.uid))
    assert "/en/feeds/needs.atom" in _alternates(page)["application/atom+xml"]


def test_event_page_announces_its_calendar(client):
    """An event's page announces its own iCalendar file and the upcoming-events calendar."""
    event: Any = EventFactory(status=RecordStatus.PUBLISHED)
    _html, page = _get(client, record_url("event", event.uid))
    calendars = _alternates(page)["text/calendar"]
    assert f"/en/events/{event.uid}/event.ics" in calendars
    assert "/en/events.ics" in calendars
    assert "/en/feeds/events.atom" in _alternates(page)["application/atom+xml"]


def test_detail_page_links_its_versions_in_every_language(client):
    """The head links the same page in each UI language (hreflang alternates)."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    _html, page = _get(client, record_url("need", need.uid))
    versions = {
        link.get("hreflang"): link.get("href") for link in page.links if link.get("hreflang")
    }
    assert versions["fr"] == record_url("need", need.uid, "fr")
    assert set(versions) == {"en", "fr", "es", "pt", "ar", "zh-hans", "ru"}


def test_print_stylesheet_hides_the_navigation(client):
    """The page links the portal's stylesheet, whose print rules hide header and footer."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    html, _page = _get(client, record_url("need", need.uid))
    assert '<link rel="stylesheet" href="/static/portal/ayni.css">' in html
    css = Path(str(finders.find("portal/ayni.css"))).read_text(encoding="utf-8")
    assert re.search(r"@media print\{\nheader\.site,footer\.site,nav", css)


def test_need_page_links_its_matches_and_a_proposal_for_signed_in_readers(client, contributor):
    """A need's page leads to its providers; signed-in readers also get "Propose a match"."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    html, _page = _get(client, record_url("need", need.uid))
    assert f'href="/en/needs/{need.uid}/matches/"' in html
    assert "/propose/" not in html
    client.force_login(contributor)
    html, _page = _get(client, record_url("need", need.uid))
    assert f'href="/en/needs/{need.uid}/propose/"' in html


def test_owner_of_a_draft_gets_an_edit_link_and_visitors_do_not(client, contributor):
    """The edit link shows to who may edit the record (its owner while a draft), to no one else."""
    need: Any = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor)
    client.force_login(contributor)
    html, _page = _get(client, record_url("need", need.uid))
    assert f'href="/en/needs/{need.uid}/edit/"' in html
    published: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    client.logout()
    html, _page = _get(client, record_url("need", published.uid))
    assert "/edit/" not in html


def test_expert_page_offers_the_relay_form_without_the_address(client):
    """An expert's page links the contact relay and never shows the expert's e-mail."""
    expert: Any = ExpertFactory(status=RecordStatus.PUBLISHED, consent_public=True)
    html, _page = _get(client, record_url("expert", expert.uid))
    assert f'href="/en/experts/{expert.uid}/contact/"' in html
    assert expert.email not in html
