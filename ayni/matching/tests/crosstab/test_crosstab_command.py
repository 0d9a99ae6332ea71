"""``manage.py crosstab``: CSV and JSON shapes, and bad arguments."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.matching.engine.crosstab import CSV_HEADER
from ayni.matching.management.commands.crosstab import Command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def senegal_need(db):
    need = make_record("need", country="SN", status=RecordStatus.PUBLISHED)
    need.subjects.set(["marine-coastal"])
    return need


def test_csv_has_a_header_and_one_line_per_country_and_subject(senegal_need):
    """The CSV has the header and a line per (country, subject), Senegal's flagged unmet."""
    lines = list(csv.reader(io.StringIO(run("--format", "csv"))))
    assert tuple(lines[0]) == CSV_HEADER
    header = lines[0]
    cells = [dict(zip(header, line, strict=True)) for line in lines[1:]]
    assert len({c["row"] for c in cells}) > 240
    senegal = next(c for c in cells if c["row"] == "SN" and c["column"] == "marine-coastal")
    assert (senegal["row_name"], senegal["needs"], senegal["unmet"]) == ("Senegal", "1", "1")


def test_json_by_region_lists_rows_columns_cells_and_unmet(senegal_need):
    """The JSON names its axes and lists the unmet cells (here Africa × marine-coastal)."""
    data = json.loads(run("--rows", "region", "--format", "json", "--nonempty"))
    assert data["rows_by"] == "region"
    assert {"code": "002", "name": "Africa"} in data["rows"]
    assert data["cells"] == [
        {
            "row": "002",
            "row_name": "Africa",
            "column": "marine-coastal",
            "column_name": "Marine and coastal biodiversity",
            "needs": 1,
            "experts": 0,
            "organizations": 0,
            "offers": 0,
            "case_studies": 0,
            "expertise": 0,
            "unmet": True,
        }
    ]
    assert data["unmet"] == [{"row": "002", "column": "marine-coastal"}]


def test_names_in_another_language(senegal_need):
    """--language gives the names of rows and columns in that language."""
    data = json.loads(run("--format", "json", "--language", "fr", "--nonempty"))
    assert data["cells"][0]["row_name"] == "Sénégal"


def test_negative_ratio_is_a_clear_error(db):
    """A negative ratio is refused with a message."""
    with pytest.raises(CommandError, match="ratio"):
        run("--min-ratio", "-1")
