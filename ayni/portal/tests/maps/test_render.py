"""The rendered maps: accessible, escaped, highlighted, and within their size budgets."""

import gzip
import re

from django.utils import translation

from ayni.portal.maps.render import (
    FILLS,
    LOCATOR_FILL,
    count_legend,
    count_level,
    country_map_svg,
    map_data,
    world_map_svg,
)
from ayni.portal.tests.maps.helpers import grouping_members

#: Page budget of the maps (bytes, gzip).
WORLD_BUDGET = 25 * 1024
COUNTRY_BUDGET = 8 * 1024


def _gzipped(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6))


def test_world_map_is_under_25_kb_gzipped_with_every_country_labelled():
    """The world map with every developing country highlighted and labelled fits the budget."""
    developing = grouping_members("developing")
    svg = world_map_svg(
        {code: 1 + i % 4 for i, code in enumerate(developing)},
        {code: f"{i} open needs" for i, code in enumerate(developing)},
        "Open needs per country",
        legend=count_legend(),
    )
    assert _gzipped(svg) < WORLD_BUDGET


def test_every_country_map_is_under_8_kb_gzipped():
    """Each country's locator map fits its budget."""
    sizes = {code: _gzipped(country_map_svg(code)) for code in map_data()["boxes"]}
    assert max(sizes.values()) < COUNTRY_BUDGET


def test_world_map_is_an_image_named_by_its_title_with_a_title_per_country():
    """The SVG is role="img" labelled by its own title; every shape and marker has a title."""
    svg = world_map_svg({"SN": 2}, {"SN": "3 open needs"}, "Open needs per country")
    labelled = re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', svg)
    assert labelled is not None
    assert f'<title id="{labelled.group(1)}">Open needs per country</title>' in svg
    shapes = map_data()["shapes"]
    assert svg.count("<path ") == len(shapes)
    assert svg.count("<title>") == svg.count("<path ") + svg.count("<circle ")
    assert "<title>Senegal: 3 open needs</title>" in svg
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg)
    assert description is not None
    assert "Senegal: 3 open needs" in description.group(1)


def test_small_island_states_are_circles_on_the_world_map():
    """Each SIDS gets a circle marker, Tuvalu (no shape) included, filled by its level."""
    svg = world_map_svg({"TV": 4}, {}, "Map")
    assert svg.count("<circle ") >= len(grouping_members("sids"))
    assert f'fill="{FILLS[4]}"><title>Tuvalu</title></circle>' in svg


def test_highlighted_country_is_drawn_in_its_level_group():
    """A country of level 3 is drawn inside the group filled with the level-3 colour."""
    svg = world_map_svg({"BR": 3}, {}, "Map")
    group = re.search(rf'<g fill="{FILLS[3]}">(.*?)</g>', svg)
    assert group is not None
    assert "<title>Brazil</title>" in group.group(1)


def test_labels_and_title_are_escaped():
    """Text given to the map cannot inject markup."""
    svg = world_map_svg({"SN": 1}, {"SN": "<script>x</script>"}, 'A "map" & <b>')
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&amp;" in svg


def test_country_names_follow_the_active_language():
    """A French reader reads French country names in the map's titles."""
    with translation.override("fr"):
        svg = world_map_svg({"SN": 1}, {}, "Carte")
    assert "<title>Sénégal</title>" in svg


def test_country_map_highlights_the_country_within_its_region():
    """Senegal's locator map fills Senegal's shape and shows its West African neighbours."""
    data = map_data()
    svg = country_map_svg("SN")
    assert f'<path d="{data["shapes"]["SN"]}" fill="{LOCATOR_FILL}"' in svg
    assert f'<path d="{data["shapes"]["ML"]}"/>' in svg  # Mali, a neighbour
    assert f'<path d="{data["shapes"]["CN"]}"/>' not in svg  # China, far away
    assert 'role="img"' in svg
    assert "Senegal" in svg


def test_country_map_marks_a_country_without_shape():
    """Tuvalu, with no shape, is marked by a circle on its locator map."""
    svg = country_map_svg("TV")
    assert "<circle " in svg
    assert "Tuvalu" in svg


def test_unknown_country_has_no_map():
    """A code with no shape and no point gives an empty string (no broken figure)."""
    assert country_map_svg("ZZ") == ""
    assert country_map_svg("") == ""


def test_counts_map_to_levels():
    """Counts fall into the legend's levels: 0, 1, 2–4, 5–9, 10 or more."""
    assert [count_level(n) for n in (0, 1, 2, 4, 5, 9, 10, 250)] == [0, 1, 2, 2, 3, 3, 4, 4]
