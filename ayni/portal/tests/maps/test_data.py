"""The vendored map data: who is on the map, as a shape or a point, and nothing wraps around."""

import json

import numpy as np

from ayni.portal.maps.build_map_data import split_antimeridian
from ayni.portal.maps.render import DATA, map_data
from ayni.portal.tests.maps.helpers import grouping_members, subpaths


def test_every_sids_has_a_shape_or_a_point_and_a_marker():
    """All 53 small island developing states are on the map, each with a point for its marker."""
    data = map_data()
    sids = grouping_members("sids")
    assert len(sids) == 53
    assert sorted(data["sids"]) == sorted(sids)
    assert [code for code in sids if code not in data["points"]] == []


def test_every_developing_country_is_on_the_map():
    """Each developing country (the South) is drawn as a shape or shown as a point."""
    data = map_data()
    developing = grouping_members("developing")
    missing = [c for c in developing if c not in data["shapes"] and c not in data["points"]]
    assert missing == []


def test_point_only_lists_the_countries_without_a_shape():
    """``point_only`` names exactly the countries shown as points because they have no shape."""
    data = map_data()
    assert data["point_only"] == sorted(set(data["points"]) - set(data["shapes"]))
    assert "TV" in data["point_only"]  # Tuvalu is not in Natural Earth 50m
    assert "BR" in data["shapes"]
    assert "BR" not in data["points"]


def test_no_polygon_spans_half_the_map():
    """Clipped at the antimeridian: no ring of Fiji, Russia (or any country) crosses the map."""
    data = map_data()
    half = data["width"] / 2
    for code in ("FJ", "RU", "US", "NZ", "KI"):
        assert code in data["shapes"] or code in data["points"]
    for code, path in data["shapes"].items():
        for ring in subpaths(path):
            xs = [x for x, _ in ring]
            assert max(xs) - min(xs) < half, code


def test_paths_stay_inside_the_map():
    """Every point of every shape lies within the map's width and height (give or take 1)."""
    data = map_data()
    for code, path in data["shapes"].items():
        for ring in subpaths(path):
            for x, y in ring:
                assert -1 <= x <= data["width"] + 1, code
                assert -1 <= y <= data["height"] + 1, code


def test_data_file_names_its_source_and_parameters():
    """The data file says where it comes from (Natural Earth, world-atlas) and how it was built."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"]
    assert "world-atlas" in data["source"]
    assert set(data["parameters"]) >= {"tolerance", "min_area"}


def test_ring_across_the_antimeridian_is_cut_in_two():
    """A ring from 179° to -179° becomes two rings, one each side, none spanning the globe."""
    ring = np.array(
        [[179.0, -16.0], [-179.0, -16.0], [-179.0, -17.0], [179.0, -17.0], [179.0, -16.0]]
    )
    pieces = split_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        assert piece[:, 0].max() - piece[:, 0].min() <= 1.0 + 1e-9
    sides = sorted(float(np.sign(piece[:, 0].mean())) for piece in pieces)
    assert sides == [-1.0, 1.0]
