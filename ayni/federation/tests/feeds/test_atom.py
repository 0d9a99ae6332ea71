"""The Atom feeds: one per record type and one of the latest records, read by feedparser."""

from typing import Any

import feedparser
import pytest

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.federation.tests.feeds.helpers import record_url
from ayni.needs.tests.factories import NeedFactory
from ayni.portal.selectors import PORTAL_TYPES, type_segment
from ayni.roster.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def _feed(client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize("record_type", PORTAL_TYPES)
def test_every_type_feed_parses_and_lists_its_published_records(client, record_type):
    """feedparser reads the type's feed without complaint and finds the published record."""
    published = make_record(record_type, status=RecordStatus.PUBLISHED)
    draft = make_record(record_type, status=RecordStatus.DRAFT, country="BR")
    parsed = _feed(client, f"/en/feeds/{type_segment(record_type)}.atom")
    links = [entry.link for entry in parsed.entries]
    assert links == [f"http://testserver{record_url(record_type, published.uid)}"]
    assert all(draft.uid not in link for link in links)


def test_latest_feed_lists_records_of_every_type(client):
    """The latest-records feed has the published records of all types."""
    records = [make_record(t, status=RecordStatus.PUBLISHED) for t in PORTAL_TYPES]
    parsed = _feed(client, "/en/feeds/latest.atom")
    links = {entry.link for entry in parsed.entries}
    assert links == {f"http://testserver{record_url(r.record_type, r.uid)}" for r in records}


def test_feed_keeps_the_latest_fifty(client):
    """A feed holds the 50 most recently updated records, newest first."""
    needs: list[Any] = [NeedFactory(status=RecordStatus.PUBLISHED) for _ in range(52)]
    parsed = _feed(client, "/en/feeds/needs.atom")
    assert len(parsed.entries) == 50
    newest = max(needs, key=lambda need: (need.updated, need.pk))
    assert parsed.entries[0].link.endswith(record_url("need", newest.uid))


def test_feed_leaves_out_experts_without_consent(client):
    """An expert who did not consent to be listed is in no feed."""
    ExpertFactory(consent_public=False, name="Hidden Expert")
    shown: Any = ExpertFactory(name="Listed Expert")
    parsed = _feed(client, "/en/feeds/experts.atom")
    assert [entry.title for entry in parsed.entries] == [shown.name]
    assert "Hidden Expert" not in str(_feed(client, "/en/feeds/latest.atom"))
    assert "example.org" not in client.get("/en/feeds/experts.atom").content.decode()


def test_feed_speaks_the_readers_language(client):
    """The French feed links French pages and says it is in French."""
    need: Any = NeedFactory(
        status=RecordStatus.PUBLISHED, title={"en": "Drones", "fr": "Drones FR"}
    )
    parsed = _feed(client, "/fr/feeds/needs.atom")
    assert parsed.feed.get("language") == "fr"
    assert parsed.entries[0].title == "Drones FR"
    assert parsed.entries[0].link.endswith(record_url("need", need.uid, "fr"))


def test_feed_of_an_unknown_type_is_not_found(client):
    """A feed address with a type Ayni does not have answers 404."""
    assert client.get("/en/feeds/clearing-houses.atom").status_code == 404
    assert client.get("/en/feeds/widgets.atom").status_code == 404


def test_feed_text_keeps_its_characters(client):
    """Titles and summaries with & and < read back as written; each feed has its own id."""
    NeedFactory(
        status=RecordStatus.PUBLISHED,
        title={"en": "Seeds & <soils>"},
        description={"en": "Roots & <shoots>"},
    )
    parsed = _feed(client, "/en/feeds/needs.atom")
    assert parsed.entries[0].title == "Seeds & <soils>"
    assert parsed.entries[0].summary == "Roots &amp; &lt;shoots&gt;"  # typed html, as Atom says
    assert parsed.feed.id == "http://testserver/en/feeds/needs.atom"
    assert (
        _feed(client, "/en/feeds/latest.atom").feed.id == "http://testserver/en/feeds/latest.atom"
    )
