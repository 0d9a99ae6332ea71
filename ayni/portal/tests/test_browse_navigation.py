"""The header's navigation links only to pages whose routes exist."""

import pytest
from django.utils import translation

from ayni.portal import navigation
from ayni.portal.navigation import nav_links, url_or_empty

pytestmark = pytest.mark.django_db


def test_route_that_does_not_exist_gives_no_url():
    """A route not (yet) built resolves to "", and an existing one to its address."""
    with translation.override("en"):
        assert url_or_empty("portal:no_such_page") == ""
        assert url_or_empty("portal:search") == "/en/search/"


def test_navigation_skips_routes_that_do_not_resolve(monkeypatch):
    """A link whose route does not exist is left out of the header; the others stay."""
    items = (
        *navigation.NAV_ITEMS[:2],
        ("Nowhere", "portal:no_such_page", {}),
    )
    monkeypatch.setattr(navigation, "NAV_ITEMS", items)
    with translation.override("fr"):
        links = nav_links("/fr/needs/")
    assert [(link.url, link.current) for link in links] == [
        ("/fr/search/", False),
        ("/fr/needs/", True),
    ]


def test_header_marks_the_current_section(client):
    """On the needs list the header's Needs link carries aria-current="page"."""
    body = client.get("/en/needs/").content.decode()
    assert '<a href="/en/needs/" aria-current="page">Needs</a>' in body
