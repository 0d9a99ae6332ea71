"""The cross-tabulation's shape, unmet rule and formats, with plain data (no database)."""

import csv
import io
import json
import subprocess
import sys

import pytest

from ayni.matching.engine.crosstab import (
    CSV_HEADER,
    Cell,
    UnmetRule,
    build_crosstab,
    to_csv,
    to_json_data,
)


def small_table(rule: UnmetRule | None = None):
    return build_crosstab(
        [
            ("needs", "SN", "forest", 2),
            ("experts", "SN", "forest", 1),
            ("needs", "SN", "marine-coastal", 3),
            ("case_studies", "BR", "forest", 4),
            ("offers", "BR", "forest", 1),
            ("needs", "ZZ", "forest", 9),  # not a row: dropped
        ],
        row_kind="country",
        column_kind="subject",
        rows=["BR", "SN"],
        columns=["forest", "marine-coastal"],
        rule=rule,
        row_labels={"SN": "Senegal", "BR": "Brazil"},
    )


def test_table_has_every_row_and_column_with_zeros():
    """Every row × column is in the table; cells without counts are empty."""
    table = small_table()
    assert table.cell("BR", "marine-coastal") == Cell()
    assert table.cell("SN", "forest") == Cell(needs=2, experts=1)
    assert table.cell("BR", "forest").expertise == 5


def test_unmet_means_needs_without_expertise_by_default():
    """By default only cells with open needs and no expertise are unmet."""
    table = small_table()
    assert table.unmet() == [("SN", "marine-coastal")]
    assert not table.is_unmet("SN", "forest")


def test_ratio_threshold_flags_thin_expertise():
    """With min_ratio 1, fewer providers than needs is unmet too."""
    table = small_table(UnmetRule(min_ratio=1.0))
    assert table.unmet() == [("SN", "marine-coastal"), ("SN", "forest")]


@pytest.mark.parametrize(
    ("needs", "expertise", "ratio", "unmet"),
    [(0, 0, 0.0, False), (1, 0, 0.0, True), (1, 1, 0.0, False), (4, 3, 1.0, True),
     (4, 4, 1.0, False), (0, 0, 5.0, False)],
)  # fmt: skip
def test_unmet_rule(needs, expertise, ratio, unmet):
    """The rule: needs > 0 and (expertise 0 or below min_ratio × needs)."""
    assert UnmetRule(min_ratio=ratio).is_unmet(needs, expertise) is unmet


def test_counts_given_twice_add_up():
    """Counts of the same kind and cell (e.g. GBF and Aichi targets) are summed."""
    table = build_crosstab(
        [("needs", "SN", "T1", 1), ("needs", "SN", "T1", 2)],
        row_kind="country",
        column_kind="target",
        rows=["SN"],
        columns=["T1"],
    )
    assert table.cell("SN", "T1").needs == 3


def test_unknown_kind_is_refused():
    """A count of an unknown kind is an error, not a silent zero."""
    with pytest.raises(ValueError, match="unknown kind"):
        build_crosstab(
            [("wishes", "SN", "x", 1)], row_kind="c", column_kind="s", rows=["SN"], columns=["x"]
        )


def test_csv_has_one_line_per_cell_with_header():
    """The CSV is long format: a header, then one line per (row, column)."""
    lines = list(csv.reader(io.StringIO(to_csv(small_table()))))
    assert tuple(lines[0]) == CSV_HEADER
    assert len(lines) == 1 + 2 * 2
    sn_marine = next(line for line in lines if line[0] == "SN" and line[2] == "marine-coastal")
    assert sn_marine[1] == "Senegal"
    assert sn_marine[-1] == "1"


def test_json_lists_axes_cells_and_unmet():
    """The JSON carries the axes, the rule, every cell and the unmet cells."""
    data = json.loads(json.dumps(to_json_data(small_table())))
    assert data["rows_by"] == "country"
    assert [r["code"] for r in data["rows"]] == ["BR", "SN"]
    assert len(data["cells"]) == 4
    assert data["unmet"] == [{"row": "SN", "column": "marine-coastal"}]
    assert data["unmet_rule"]["min_ratio"] == 0.0


def test_only_nonempty_leaves_out_empty_cells():
    """only_nonempty keeps the cells with needs or expertise."""
    data = to_json_data(small_table(), only_nonempty=True)
    assert len(data["cells"]) == 3


def test_plan_and_crosstab_import_nothing_from_django():
    """The plan and the cross-tab table are pure: importing them loads no Django module."""
    code = (
        "import sys, ayni.matching.engine.plan, ayni.matching.engine.crosstab; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    found = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
