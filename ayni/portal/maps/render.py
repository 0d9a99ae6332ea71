"""Maps as inline SVG, from the vendored data file ``data/countries.json`` (no database).

``world_map_svg`` draws every country, filled by a level (0 = not highlighted, 1–4 = darker and
darker), the small island developing states as circles on top; ``country_map_svg`` draws a small
locator map, one country highlighted within the box of its M49 area. Both give a
``SafeString``: every text is escaped here. Country names come from the vocabulary's data file
(``ayni/vocabularies/data/countries.json``) in the active language.
"""

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data" / "countries.json"
COUNTRIES = (
    Path(__file__).resolve().parent.parent.parent / "vocabularies" / "data" / "countries.json"
)

#: Fill of each level, light to dark (contrast ≥ 3:1 between the none level and level 4).
FILLS = ("#d9dee3", "#b7d7c4", "#7fb896", "#3f8f63", "#1b5e3b")
#: Outline of shapes and markers.
STROKE = "#ffffff"
MARKER_STROKE = "#333333"
#: Radius of a marker on the world map, in map units (the map is 1000 units wide).
MARKER_RADIUS = 3.5
#: Fill of the country on its locator map, and of its neighbours.
LOCATOR_FILL, LOCATOR_OTHERS = "#1b5e3b", "#d9dee3"
#: Smallest locator box (map units), so that a small island still shows its surroundings.
LOCATOR_MIN_WIDTH, LOCATOR_MIN_HEIGHT = 90.0, 60.0
#: An area box wider than this (map units) is not used: the country's own box is.
LOCATOR_MAX_WIDTH = 420


@cache
def map_data() -> dict[str, Any]:
    """The vendored map data (shapes, points, boxes, areas), read once."""
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


@cache
def _names() -> dict[str, dict[str, str]]:
    items = json.loads(COUNTRIES.read_text(encoding="utf-8"))["items"]
    return {item["code"]: item.get("names", {}) for item in items}


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active one), else English, else code."""
    language = (language or get_language() or "en").split("-")[0].lower()
    names = _names().get(code, {})
    return names.get(language) or names.get("en") or code


def _level(value: Any) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        return 0
    return max(0, min(level, len(FILLS) - 1))


def world_map_svg(
    highlight: Mapping[str, int],
    labels: Mapping[str, str],
    title: str,
    legend: Mapping[int, str] | None = None,
    map_id: str = "world-map",
) -> SafeString:
    """The world map: one ``<path>`` per country (grouped by level), SIDS as circles, a legend.

    ``highlight`` maps ISO alpha-2 codes to a level (1–4; others are 0), ``labels`` adds a text
    to a country's name (``"3 open needs"``), ``legend`` names the levels shown in the legend.
    The ``<svg>`` has ``role="img"``, its title and a description listing the highlighted
    countries (for screen readers); each shape and marker has its own ``<title>`` (a tooltip).
    """
    data = map_data()
    width, height = data["width"], data["height"]
    levels = {code: _level(value) for code, value in highlight.items()}
    legend = dict(legend or {})
    legend_height = 22 if legend else 0

    def name(code: str) -> str:
        label = labels.get(code)
        return f"{country_name(code)}: {label}" if label else country_name(code)

    groups: dict[int, list[str]] = {}
    for code, path in data["shapes"].items():
        groups.setdefault(levels.get(code, 0), []).append(
            f'<path d="{path}"><title>{escape(name(code))}</title></path>'
        )
    markers = []
    shown = set(data["sids"]) | {code for code, level in levels.items() if level}
    for code, (x, y) in data["points"].items():
        if code not in shown or (code in data["shapes"] and code not in data["sids"]):
            continue
        fill = FILLS[levels.get(code, 0)]
        markers.append(
            f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}" fill="{fill}">'
            f"<title>{escape(name(code))}</title></circle>"
        )

    title_id, desc_id = f"{map_id}-title", f"{map_id}-desc"
    highlighted = sorted((code for code, level in levels.items() if level), key=country_name)
    if highlighted:
        description = _("Countries shown: %(list)s.") % {
            "list": "; ".join(name(code) for code in highlighted)
        }
    else:
        description = _("No country is highlighted.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + legend_height}" '
        f'role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" class="map" '
        f'id="{escape(map_id)}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<g stroke="{STROKE}" stroke-width=".4" stroke-linejoin="round">',
    ]
    for level in sorted(groups):
        parts.append(f'<g fill="{FILLS[level]}">{"".join(groups[level])}</g>')
    parts.append("</g>")
    if markers:
        parts.append(f'<g stroke="{MARKER_STROKE}" stroke-width=".6">{"".join(markers)}</g>')
    if legend:
        x = 10
        y = height + 6
        items = ['<g font-size="11" font-family="sans-serif" fill="#222">']
        for level, text in sorted(legend.items()):
            items.append(
                f'<rect x="{x}" y="{y}" width="12" height="12" fill="{FILLS[_level(level)]}" '
                f'stroke="{MARKER_STROKE}" stroke-width=".5"/>'
                f'<text x="{x + 16}" y="{y + 10}">{escape(text)}</text>'
            )
            x += 28 + 7 * len(str(text))
        items.append("</g>")
        parts.extend(items)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def locator_box(code: str) -> tuple[float, float, float, float] | None:
    """The view box (x, y, width, height) of a country's locator map, or None if not mapped."""
    data = map_data()
    boxes = data["boxes"]
    if code not in boxes:
        return None
    own = boxes[code]
    box = own
    areas = data["areas"].get(code)
    if areas:
        for area in (areas[2], areas[1]):
            if not area:
                continue
            members = [c for c, a in data["areas"].items() if area in a and c in boxes]
            union = [
                min(boxes[c][0] for c in members),
                min(boxes[c][1] for c in members),
                max(boxes[c][2] for c in members),
                max(boxes[c][3] for c in members),
            ]
            if union[2] - union[0] <= LOCATOR_MAX_WIDTH:
                box = union
                break
    x0, y0, x1, y1 = (float(v) for v in box)
    width = max(x1 - x0, LOCATOR_MIN_WIDTH)
    height = max(y1 - y0, LOCATOR_MIN_HEIGHT)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    width, height = width * 1.15, height * 1.15
    return (round(cx - width / 2, 1), round(cy - height / 2, 1), round(width, 1), round(height, 1))


def country_map_svg(code: str, title: str | None = None) -> SafeString:
    """A small locator map of one country within its M49 area; empty when it is not mapped."""
    code = (code or "").upper()
    box = locator_box(code)
    if box is None:
        return mark_safe("")
    data = map_data()
    x, y, width, height = box
    right, bottom = x + width, y + height
    others = []
    for other, path in data["shapes"].items():
        ox0, oy0, ox1, oy1 = data["boxes"][other]
        if other == code or ox1 < x or ox0 > right or oy1 < y or oy0 > bottom:
            continue
        others.append(f'<path d="{path}"/>')
    own = data["shapes"].get(code, "")
    name = country_name(code)
    title = title or _("%(country)s on the map") % {"country": name}
    title_id = f"map-{code.lower()}-title"
    stroke = max(width / 400, 0.15)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {width} {height}" '
        f'role="img" aria-labelledby="{title_id}" class="map map-country">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#eef4f8"/>',
        f'<g fill="{LOCATOR_OTHERS}" stroke="{STROKE}" stroke-width="{stroke:.2f}">',
        "".join(others),
        "</g>",
    ]
    if own:
        parts.append(
            f'<path d="{own}" fill="{LOCATOR_FILL}" stroke="{STROKE}" stroke-width="{stroke:.2f}"/>'
        )
    if code in data["points"] and (code in data["sids"] or not own):
        px, py = data["points"][code]
        parts.append(
            f'<circle cx="{px}" cy="{py}" r="{max(width / 60, 1):.1f}" fill="none" '
            f'stroke="{LOCATOR_FILL}" stroke-width="{stroke * 1.5:.2f}"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


#: Lower bound of each level when a map shows counts (1, 2–4, 5–9, 10 or more).
COUNT_LEVELS = (1, 2, 5, 10)


def count_level(count: int) -> int:
    """The level (0–4) of a count on a map: 0, 1, 2–4, 5–9, 10 or more."""
    return sum(1 for bound in COUNT_LEVELS if count >= bound)


def count_legend() -> dict[int, str]:
    """The legend of a map of counts: each level and the counts it stands for."""
    return {1: "1", 2: "2–4", 3: "5–9", 4: _("10 or more")}
