"""The demonstration data set shipped with Ayni (fictional organizations and people)."""

from collections.abc import Iterator
from pathlib import Path

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.jsonl"


def demo_lines() -> Iterator[str]:
    """The lines of the demo file, in the exchange format."""
    with DEMO_FILE.open(encoding="utf-8") as handle:
        yield from handle
