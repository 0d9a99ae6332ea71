"""sitemap.xml: the home page and every public detail page, in every language."""

import xml.etree.ElementTree as ET  # the sitemap is our own output, not untrusted
from typing import Any

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.federation.tests.feeds.helpers import record_url
from ayni.portal.selectors import PORTAL_TYPES
from ayni.roster.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sitemap(client) -> ET.Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def _locations(root: ET.Element) -> set[str]:
    return {loc.text or "" for loc in root.findall("s:url/s:loc", NS)}


def test_sitemap_lists_home_and_every_published_detail_page(client):
    """Each published record's page (in English and French) and the home page are listed."""
    records = [make_record(t, status=RecordStatus.PUBLISHED) for t in PORTAL_TYPES]
    locations = _locations(_sitemap(client))
    assert "http://testserver/en/" in locations
    for record in records:
        for language in ("en", "fr", "ar"):
            url = record_url(record.record_type, record.uid, language)
            assert f"http://testserver{url}" in locations


def test_sitemap_leaves_out_what_visitors_may_not_read(client):
    """Drafts and experts without consent are not in the sitemap."""
    draft = make_record("need", status=RecordStatus.DRAFT)
    hidden: Any = ExpertFactory(consent_public=False)
    text = client.get("/sitemap.xml").content.decode()
    assert draft.uid not in text
    assert hidden.uid not in text


def test_sitemap_gives_language_alternates(client):
    """Each page's entry links its versions in the other languages (hreflang)."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    root = _sitemap(client)
    english = f"http://testserver{record_url('need', need.uid)}"
    (entry,) = [u for u in root.findall("s:url", NS) if u.findtext("s:loc", "", NS) == english]
    hreflangs = {link.get("hreflang") for link in entry.findall("x:link", NS)}
    assert {"en", "fr", "es", "ar"} <= hreflangs


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    """/robots.txt points crawlers at the sitemap and away from accounts and dashboards."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /*/dashboard/" in body
    assert "Disallow: /*/accounts/" in body
