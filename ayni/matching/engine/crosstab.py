"""The needs × expertise cross-tabulation as plain data: its shape, the "unmet" rule, CSV, JSON.

The database side (``ayni/matching/crosstab.py``) counts, with SQL ``GROUP BY``, the open
needs and the available expertise of each (row, column): rows are countries, M49 areas or
groupings, columns subjects or targets. Here those counts become a full table (every row ×
every column, zeros included), each cell flagged "unmet" by one rule:

    unmet ⇔ needs > 0 and (expertise = 0 or expertise < min_ratio × needs)

With the default ``min_ratio = 0`` a cell is unmet exactly when it has open needs and no
expertise at all; ``min_ratio = 1`` also flags cells with fewer providers than needs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The kinds counted in a cell: open needs, then the four kinds of expertise.
NEED = "needs"
EXPERTISE_KINDS: tuple[str, ...] = ("experts", "organizations", "offers", "case_studies")
KINDS: tuple[str, ...] = (NEED, *EXPERTISE_KINDS)


@dataclass(frozen=True)
class UnmetRule:
    """When a cell counts as unmet: needs > 0 and expertise below ``min_ratio`` × needs (or 0)."""

    min_ratio: float = 0.0

    def is_unmet(self, needs: int, expertise: int) -> bool:
        """Whether a cell with these counts is unmet."""
        if needs <= 0:
            return False
        return expertise == 0 or expertise < self.min_ratio * needs


@dataclass(frozen=True)
class Cell:
    """The counts of one (row, column): open needs and each kind of expertise."""

    needs: int = 0
    experts: int = 0
    organizations: int = 0
    offers: int = 0
    case_studies: int = 0

    @property
    def expertise(self) -> int:
        """Experts, organizations, offers and case studies together."""
        return self.experts + self.organizations + self.offers + self.case_studies

    @property
    def ratio(self) -> float | None:
        """Expertise per open need (None without needs)."""
        return self.expertise / self.needs if self.needs else None


@dataclass(frozen=True)
class CrossTab:
    """A full table: every row × every column, with labels and the rule that flags cells."""

    row_kind: str
    column_kind: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], Cell]
    rule: UnmetRule = field(default_factory=UnmetRule)
    row_labels: Mapping[str, str] = field(default_factory=dict)
    column_labels: Mapping[str, str] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> Cell:
        """The cell of (row, column); an empty cell when nothing was counted there."""
        return self.cells.get((row, column), EMPTY)

    def is_unmet(self, row: str, column: str) -> bool:
        """Whether the cell is flagged unmet by the table's rule."""
        cell = self.cell(row, column)
        return self.rule.is_unmet(cell.needs, cell.expertise)

    def unmet(self) -> list[tuple[str, str]]:
        """The unmet cells, most open needs first (then row and column order)."""
        found = [(r, c) for r in self.rows for c in self.columns if self.is_unmet(r, c)]
        position = {r: i for i, r in enumerate(self.rows)}
        col_position = {c: i for i, c in enumerate(self.columns)}
        return sorted(
            found,
            key=lambda rc: (-self.cell(*rc).needs, position[rc[0]], col_position[rc[1]]),
        )


EMPTY = Cell()


def build_crosstab(
    counts: Iterable[tuple[str, str, str, int]],
    *,
    row_kind: str,
    column_kind: str,
    rows: Sequence[str],
    columns: Sequence[str],
    rule: UnmetRule | None = None,
    row_labels: Mapping[str, str] | None = None,
    column_labels: Mapping[str, str] | None = None,
) -> CrossTab:
    """A table from ``(kind, row, column, count)`` tuples (one per SQL group).

    ``kind`` is one of ``KINDS``; counts of a (kind, row, column) given twice add up (e.g.
    GBF and Aichi targets counted apart). Rows and columns outside ``rows``/``columns`` are
    dropped: the vocabularies decide the shape.
    """
    row_set, column_set = set(rows), set(columns)
    tallies: dict[tuple[str, str], dict[str, int]] = {}
    for kind, row, column, count in counts:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        if row not in row_set or column not in column_set or not count:
            continue
        tally = tallies.setdefault((row, column), {})
        tally[kind] = tally.get(kind, 0) + int(count)
    return CrossTab(
        row_kind=row_kind,
        column_kind=column_kind,
        rows=tuple(rows),
        columns=tuple(columns),
        cells={key: Cell(**tally) for key, tally in tallies.items()},
        rule=rule or UnmetRule(),
        row_labels=dict(row_labels or {}),
        column_labels=dict(column_labels or {}),
    )


CSV_HEADER: tuple[str, ...] = (
    "row",
    "row_name",
    "column",
    "column_name",
    *KINDS,
    "expertise",
    "unmet",
)


def to_rows(table: CrossTab, *, only_nonempty: bool = False) -> list[dict[str, Any]]:
    """One dict per cell (rows in order, then columns), the long format of CSV and JSON."""
    out: list[dict[str, Any]] = []
    for row in table.rows:
        for column in table.columns:
            cell = table.cell(row, column)
            if only_nonempty and not (cell.needs or cell.expertise):
                continue
            out.append(
                {
                    "row": row,
                    "row_name": table.row_labels.get(row, row),
                    "column": column,
                    "column_name": table.column_labels.get(column, column),
                    "needs": cell.needs,
                    "experts": cell.experts,
                    "organizations": cell.organizations,
                    "offers": cell.offers,
                    "case_studies": cell.case_studies,
                    "expertise": cell.expertise,
                    "unmet": table.rule.is_unmet(cell.needs, cell.expertise),
                }
            )
    return out


def to_csv(table: CrossTab, *, only_nonempty: bool = False) -> str:
    """The table as CSV, one line per cell (long format, header first; unmet as 1/0)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    for item in to_rows(table, only_nonempty=only_nonempty):
        writer.writerow({**item, "unmet": int(item["unmet"])})
    return buffer.getvalue()


def to_json_data(table: CrossTab, *, only_nonempty: bool = False) -> dict[str, Any]:
    """The table as a JSON-ready dict: its axes, the rule, and the cells in long format."""
    return {
        "rows_by": table.row_kind,
        "columns_by": table.column_kind,
        "unmet_rule": {
            "min_ratio": table.rule.min_ratio,
            "text": "needs > 0 and (expertise = 0 or expertise < min_ratio × needs)",
        },
        "rows": [{"code": r, "name": table.row_labels.get(r, r)} for r in table.rows],
        "columns": [{"code": c, "name": table.column_labels.get(c, c)} for c in table.columns],
        "cells": to_rows(table, only_nonempty=only_nonempty),
        "unmet": [{"row": r, "column": c} for r, c in table.unmet()],
    }


def roll_up(
    counts: Iterable[tuple[str, str, str, int]], membership: Mapping[str, Sequence[str]]
) -> Iterator[tuple[str, str, str, int]]:
    """Country counts as counts of the rows each country belongs to (its region, groupings).

    Counts of records placed in one country each (needs, experts, organizations, offers) add
    up exactly; a country in no row is dropped. Summed per (kind, row, column).
    """
    totals: dict[tuple[str, str, str], int] = {}
    for kind, country, column, count in counts:
        for row in membership.get(country, ()):
            key = (kind, row, column)
            totals[key] = totals.get(key, 0) + int(count)
    for (kind, row, column), count in totals.items():
        yield kind, row, column, count
