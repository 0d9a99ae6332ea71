"""The XLSX format: the CSV table in a workbook openpyxl reads back."""

import io

from openpyxl import load_workbook

from ayni.federation.formats.csv import table_columns
from ayni.federation.formats.xlsx import xlsx_chunks

NEED = {
    "type": "need",
    "id": "sn-dpn:need-7",
    "status": "published",
    "country": "SN",
    "title": {"fr": "Formation au suivi des mangroves", "en": "=1+1"},
    "subjects": ["marine-coastal", "monitoring-indicators"],
}


def rows_of(records, record_types, languages):
    data = b"".join(xlsx_chunks(records, table_columns(record_types, languages), chunk_size=512))
    sheet = load_workbook(io.BytesIO(data), read_only=True)["records"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_workbook_has_the_csv_columns_and_one_row_per_record():
    """Header row, then a row per record; language maps and lists flattened as in CSV."""
    other = {**NEED, "id": "sn-dpn:need-8", "title": {"fr": "Deuxième"}}
    rows = rows_of([NEED, other], ["need"], ["en", "fr"])
    assert [row["id"] for row in rows] == ["sn-dpn:need-7", "sn-dpn:need-8"]
    assert rows[0]["title.fr"] == "Formation au suivi des mangroves"
    assert rows[0]["subjects"] == "marine-coastal;monitoring-indicators"
    assert rows[1]["title.en"] is None  # an empty cell


def test_formula_like_text_is_stored_as_text_never_a_formula():
    """'=1+1' is a string cell (with the CSV's apostrophe), not a formula Excel would run."""
    data = b"".join(xlsx_chunks([NEED], table_columns(["need"], ["en"])))
    sheet = load_workbook(io.BytesIO(data))["records"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("title.en") + 1)
    assert cell.data_type == "s"
    assert cell.value == "'=1+1"


def test_control_characters_are_dropped_rather_than_breaking_the_file():
    """A vertical tab in a text (XML cannot hold it) does not stop the export."""
    record = {**NEED, "title": {"en": "Line\x0bbreak"}}
    [row] = rows_of([record], ["need"], ["en"])
    assert row["title.en"] == "Linebreak"
