"""Reading the vocabulary and the SVG paths back, for the map tests (no database)."""

import json
import re
from pathlib import Path

VOCABULARIES = Path(__file__).resolve().parents[3] / "vocabularies" / "data"


def grouping_members(code: str) -> list[str]:
    """The members of a grouping of the vocabulary's data file (``sids``, ``developing``)."""
    items = json.loads((VOCABULARIES / "groupings.json").read_text(encoding="utf-8"))["items"]
    members: list[str] = next(item["members"] for item in items if item["code"] == code)
    return members


def subpaths(path: str) -> list[list[tuple[int, int]]]:
    """The absolute points of each ``M x y l dx dy … z`` subpath of a path string."""
    rings = []
    for match in re.finditer(r"M(-?\d+) (-?\d+)(?:l([^Mz]*))?z", path):
        x, y = int(match.group(1)), int(match.group(2))
        points = [(x, y)]
        numbers = [int(n) for n in re.findall(r"-?\d+", match.group(3) or "")]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings
