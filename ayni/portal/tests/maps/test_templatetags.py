"""The map template tags, as a template uses them (the open-needs map reads the database)."""

import re

import pytest
from django.template import Context, Template

from ayni.core.choices import RecordStatus
from ayni.needs.choices import NeedProgress
from ayni.needs.tests.factories import NeedFactory
from ayni.portal.maps.render import FILLS, LOCATOR_FILL, map_data
from ayni.portal.maps.selectors import need_count_open_by_country


def _render(source: str, **context: object) -> str:
    return Template("{% load portal_maps %}" + source).render(Context(context))


def test_world_map_tag_shades_countries_by_count():
    """``{% world_map highlights %}`` draws a figure whose countries are shaded by their count."""
    html = _render("{% world_map highlights %}", highlights={"BR": 12, "SN": 1})
    assert html.startswith('<figure class="map"><svg')
    assert re.search(rf'<g fill="{FILLS[4]}">.*<title>Brazil: 12 open needs</title>', html)
    assert re.search(rf'<g fill="{FILLS[1]}">.*<title>Senegal: 1 open need</title>', html)
    assert "<figcaption>" in html


def test_country_map_tag_draws_the_locator_map():
    """``{% country_map code %}`` draws the country's locator map, nothing for an unknown code."""
    html = _render("{% country_map code %}", code="SN")
    assert f'<path d="{map_data()["shapes"]["SN"]}" fill="{LOCATOR_FILL}"' in html
    assert _render("{% country_map code %}", code="ZZ").strip() == ""


@pytest.mark.django_db
def test_open_needs_map_counts_published_open_needs_only():
    """The home map counts a country's published open needs, not drafts nor closed needs."""
    NeedFactory.create_batch(2, status=RecordStatus.PUBLISHED, country_id="SN")
    NeedFactory(status=RecordStatus.SUBMITTED, country_id="SN")
    NeedFactory(status=RecordStatus.PUBLISHED, country_id="BR", progress=NeedProgress.CLOSED)
    assert need_count_open_by_country() == {"SN": 2}
    html = _render("{% open_needs_map %}")
    assert "<title>Senegal: 2 open needs</title>" in html
    assert "<title>Brazil</title>" in html
