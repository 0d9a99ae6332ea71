"""Build ``data/countries.json``, the portal's world map, from Natural Earth 50m (run by hand).

    .venv/bin/python -m ayni.portal.maps.build_map_data

Input: ``data/source/countries-50m.json`` (npm ``world-atlas`` 2.0.2, TopoJSON of Natural Earth
1:50m Admin 0 countries; ISC licence in ``data/source/LICENSE-world-atlas``, Natural Earth is in
the public domain) and the country vocabulary (``ayni/vocabularies/data/``) for the SIDS list and
the M49 areas. Output: one SVG path per ISO 3166-1 alpha-2 code in the Equal Earth projection,
integer coordinates, plus point markers for the small island developing states and for the
countries too small (or absent) to draw. Uses the standard library and numpy only, so that it
runs without Django; ``docs/maps-and-pdf.md`` explains the parameters.
"""

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pycountry

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "data" / "source" / "countries-50m.json"
OUTPUT = HERE / "data" / "countries.json"
VOCABULARIES = HERE.parent.parent / "vocabularies" / "data"

#: Width of the map in SVG units; the height follows from the projection and the latitudes kept.
WIDTH = 1000
#: Latitudes kept (Antarctica is left out: no country of Ayni's, and a third of the height).
LAT_NORTH, LAT_SOUTH = 84.0, -57.0
#: Douglas-Peucker tolerance, in SVG units (a pixel of the 1000-unit-wide map).
TOLERANCE = 0.4
#: Rings under this area (square SVG units) are dropped, unless the country has nothing larger.
MIN_AREA = 1.5
#: A country's box (for its locator map) takes its rings within this distance of its largest.
NEIGHBOURHOOD = 120
#: A country whose largest ring is under this area is shown as a point marker only.
MIN_COUNTRY_AREA = 0.5

#: Natural Earth features without an ISO numeric code: what Ayni does with them.
UNNUMBERED = {
    "Somaliland": "SO",
    "N. Cyprus": "CY",
    "Indian Ocean Ter.": "AU",
    "Siachen Glacier": "IN",
    "Kosovo": None,  # not in Ayni's country vocabulary (no ISO 3166-1 code)
}
#: Where to put the marker of a country missing from Natural Earth 50m (longitude, latitude).
FALLBACK_POINTS = {
    "TV": (179.2, -8.5),  # Tuvalu, Funafuti
    "BQ": (-68.27, 12.18),  # Bonaire, Sint Eustatius and Saba (Kralendijk)
    "GP": (-61.55, 16.25),
    "MQ": (-61.02, 14.64),
    "GF": (-53.13, 3.93),
    "RE": (55.54, -21.12),
    "YT": (45.17, -12.83),
    "TK": (-171.85, -9.2),
    "BV": (3.41, -54.42),
    "SJ": (15.65, 78.22),
    "UM": (166.65, 19.3),
    "CX": (105.69, -10.45),
    "CC": (96.87, -12.16),
    "GI": (-5.35, 36.14),
}

# Equal Earth (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude in degrees → Equal Earth x, y (unit sphere, y up)."""
    lam = np.radians(lon)
    theta = np.arcsin(M * np.sin(np.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = float(equal_earth(np.array([180.0]), np.array([0.0]))[0][0])
Y_TOP = float(equal_earth(np.array([0.0]), np.array([LAT_NORTH]))[1][0])
Y_BOTTOM = float(equal_earth(np.array([0.0]), np.array([LAT_SOUTH]))[1][0])
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round((Y_TOP - Y_BOTTOM) * SCALE)


def project(points: np.ndarray) -> np.ndarray:
    """(n, 2) longitude/latitude → (n, 2) SVG units (origin top left, y down)."""
    x, y = equal_earth(points[:, 0], np.clip(points[:, 1], -89.9, 89.9))
    return np.column_stack(((x + X_MAX) * SCALE, (Y_TOP - y) * SCALE))


def decode_arcs(topology: dict[str, Any]) -> list[np.ndarray]:
    """TopoJSON arcs (quantized, delta-encoded) → longitude/latitude arrays."""
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    return [
        np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """The indices kept by Douglas-Peucker on projected points (the two ends always kept)."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        segment = points[first + 1 : last]
        ab = b - a
        length = math.hypot(*ab)
        if length == 0:
            distances = np.hypot(*(segment - a).T)
        else:
            distances = (
                np.abs(ab[0] * (segment[:, 1] - a[1]) - ab[1] * (segment[:, 0] - a[0])) / length
            )
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            middle = first + 1 + index
            keep[middle] = True
            stack.append((first, middle))
            stack.append((middle, last))
    return np.flatnonzero(keep)


def simplify_arcs(arcs: list[np.ndarray], tolerance: float) -> list[np.ndarray]:
    """Each arc simplified on its projection (arcs are shared, so borders stay shared)."""
    simplified = []
    for arc in arcs:
        kept = douglas_peucker(project(arc), tolerance)
        simplified.append(arc[kept])
    return simplified


def ring_points(ring: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """A ring of arc indices (``~i`` for arc i reversed) → its longitude/latitude points."""
    parts = []
    for position, index in enumerate(ring):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if position == 0 else arc[1:])
    return np.concatenate(parts)


def clip_half(points: np.ndarray, limit: float, keep_below: bool) -> np.ndarray:
    """Sutherland-Hodgman: the part of a closed ring with longitude ≤ (or ≥) ``limit``."""
    out: list[tuple[float, float]] = []
    count = len(points)
    for i in range(count):
        current, following = points[i], points[(i + 1) % count]
        inside_c = current[0] <= limit if keep_below else current[0] >= limit
        inside_f = following[0] <= limit if keep_below else following[0] >= limit
        if inside_c:
            out.append((current[0], current[1]))
        if inside_c != inside_f:
            t = (limit - current[0]) / (following[0] - current[0])
            out.append((limit, current[1] + t * (following[1] - current[1])))
    return np.array(out) if out else np.empty((0, 2))


def split_antimeridian(points: np.ndarray) -> list[np.ndarray]:
    """A ring that jumps across ±180° cut into rings that each stay on one side."""
    jumps = np.abs(np.diff(points[:, 0])) > 180
    if not jumps.any():
        return [points]
    unwrapped = points.copy()
    offset = 0.0
    for i in range(1, len(points)):
        step = points[i, 0] - points[i - 1, 0]
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        unwrapped[i, 0] = points[i, 0] + offset
    pieces = []
    for low in (-540.0, -180.0, 180.0):
        piece = clip_half(clip_half(unwrapped, low, keep_below=False), low + 360, keep_below=True)
        if len(piece) >= 3:
            shift = -360.0 if low == 180.0 else (360.0 if low == -540.0 else 0.0)
            piece[:, 0] += shift
            pieces.append(piece)
    return pieces


def area(ring: np.ndarray) -> float:
    """The area of a projected ring (shoelace), always positive."""
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def centroid(ring: np.ndarray) -> tuple[int, int]:
    """The centroid of a projected ring, rounded to SVG units."""
    x, y = ring[:, 0], ring[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    total = cross.sum()
    if abs(total) < 1e-9:
        return round(float(x.mean())), round(float(y.mean()))
    cx = float(((x + np.roll(x, -1)) * cross).sum() / (3 * total))
    cy = float(((y + np.roll(y, -1)) * cross).sum() / (3 * total))
    return round(cx), round(cy)


def box_near(rings: list[np.ndarray], largest: np.ndarray) -> list[int]:
    """The box of the largest ring and of the rings near it (not of far islands across 180°)."""
    low, high = largest.min(axis=0), largest.max(axis=0)
    near = [
        ring
        for ring in rings
        if (ring.min(axis=0) <= high + NEIGHBOURHOOD).all()
        and (ring.max(axis=0) >= low - NEIGHBOURHOOD).all()
    ]
    every = np.concatenate([largest, *near])
    return [int(v) for v in (*every.min(axis=0), *every.max(axis=0))]


def quantize(ring: np.ndarray) -> np.ndarray:
    """Projected ring → integer points, repeated points removed (closing point left implicit)."""
    points = np.rint(ring).astype(int)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) > 1 and (points[0] == points[-1]).all():
        points = points[:-1]
    return points


def path_of(rings: list[np.ndarray]) -> str:
    """Integer rings → a compact SVG path: absolute move, relative lines, close."""
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        steps = np.diff(ring, axis=0)
        text = [f"M{x0} {y0}l"] if len(steps) else [f"M{x0} {y0}"]
        numbers: list[str] = []
        for dx, dy in steps:
            for value in (dx, dy):
                numbers.append(f"{value}" if value < 0 or not numbers else f" {value}")
        text.append("".join(numbers))
        parts.append("".join(text) + "z")
    return "".join(parts)


def code_of(feature: dict[str, Any]) -> str | None:
    """The ISO alpha-2 code of a Natural Earth feature, or None when Ayni has no such country."""
    number = feature.get("id")
    if number is None:
        return UNNUMBERED.get(feature["properties"]["name"])
    country = pycountry.countries.get(numeric=number)
    return country.alpha_2 if country else None


def load_vocabulary() -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Countries of the vocabulary by code, and the SIDS codes."""
    countries = json.loads((VOCABULARIES / "countries.json").read_text(encoding="utf-8"))["items"]
    groupings = json.loads((VOCABULARIES / "groupings.json").read_text(encoding="utf-8"))["items"]
    sids = next(g["members"] for g in groupings if g["code"] == "sids")
    return {c["code"]: c for c in countries}, sorted(sids)


def build(source: Path, tolerance: float) -> dict[str, Any]:
    """The map data: paths, points and the areas each country belongs to."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = simplify_arcs(decode_arcs(topology), tolerance)
    vocabulary, sids = load_vocabulary()

    rings_by_code: dict[str, list[np.ndarray]] = {}
    for feature in topology["objects"]["countries"]["geometries"]:
        code = code_of(feature)
        if code is None or code not in vocabulary or code == "AQ":
            continue
        polygons = feature["arcs"] if feature["type"] == "MultiPolygon" else [feature["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                for piece in split_antimeridian(ring_points(ring, arcs)):
                    if piece[:, 1].max() < LAT_SOUTH:
                        continue
                    rings_by_code.setdefault(code, []).append(project(piece))

    shapes: dict[str, str] = {}
    boxes: dict[str, list[int]] = {}
    points: dict[str, list[int]] = {}
    for code, rings in sorted(rings_by_code.items()):
        largest = max(rings, key=area)
        kept = [quantize(ring) for ring in rings if area(ring) >= MIN_AREA or ring is largest]
        kept = [ring for ring in kept if len(ring) >= 3 and area(ring.astype(float)) > 0]
        if kept and area(largest) >= MIN_COUNTRY_AREA:
            shapes[code] = path_of(kept)
            boxes[code] = box_near(kept, quantize(largest))
        if code in sids or code not in shapes:
            points[code] = list(centroid(largest))
    for code, (lon, lat) in FALLBACK_POINTS.items():
        if code in vocabulary and code not in shapes and code not in points:
            x, y = project(np.array([[lon, lat]]))[0]
            points[code] = [round(float(x)), round(float(y))]
    for code in points:
        if code not in boxes:
            x, y = points[code]
            boxes[code] = [x, y, x, y]
    areas = {
        code: [c["region"], c["subregion"], c["intermediate_region"]]
        for code, c in sorted(vocabulary.items())
        if c.get("region") and (code in shapes or code in points)
    }
    missing = sorted(
        code for code, c in vocabulary.items() if code not in shapes and code not in points
    )
    return {
        "source": (
            "Natural Earth 1:50m Admin 0 countries (public domain), via npm world-atlas 2.0.2 "
            "countries-50m.json (ISC licence, Copyright 2013-2019 Michael Bostock); built by "
            "ayni/portal/maps/build_map_data.py"
        ),
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": HEIGHT,
        "parameters": {
            "tolerance": tolerance,
            "min_area": MIN_AREA,
            "min_country_area": MIN_COUNTRY_AREA,
            "latitudes": [LAT_SOUTH, LAT_NORTH],
        },
        "sids": sids,
        "shapes": shapes,
        "points": dict(sorted(points.items())),
        "point_only": sorted(code for code in points if code not in shapes),
        "boxes": dict(sorted(boxes.items())),
        "areas": areas,
        "missing": missing,
    }


def main() -> None:
    """Build the data file and say how large it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    arguments = parser.parse_args()
    data = build(arguments.source, arguments.tolerance)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    arguments.output.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(
        f"{arguments.output}: {len(text)} bytes, {len(data['shapes'])} shapes, "
        f"{len(data['point_only'])} point-only, missing: {' '.join(data['missing'])}\n"
    )


if __name__ == "__main__":
    main()
