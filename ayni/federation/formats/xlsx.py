"""XLSX: the CSV table (``formats.csv``) as an Excel workbook, written with openpyxl.

Pure code (no ORM). One sheet, ``records``, with the same columns and cell texts as the CSV:
the header row (bold, frozen), then one row per record. The workbook is written in openpyxl's
write-only mode, which keeps only the current row in memory and spools the sheet to a
temporary file; the finished file is then read out in chunks, so an export of tens of
thousands of records costs little memory. Every cell is written as a string (never a formula),
with the same apostrophe before a formula-like text as in the CSV, so the two formats agree.
Characters XML cannot hold (control characters) are dropped.
"""

import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ayni.federation.formats.csv import Column, header_row, record_row

SHEET_TITLE = "records"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 64 * 1024
#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS = 32767


def _cell(sheet: Any, text: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_CHARS])
    cell.data_type = "s"  # a text starting with "=" stays text
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_chunks(
    records: Iterable[Mapping[str, Any]],
    columns: Sequence[Column],
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """The bytes of the workbook, in chunks, once every record has been written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, text, bold=True) for text in header_row(columns)])
    for record in records:
        sheet.append([_cell(sheet, text) for text in record_row(record, columns)])
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(chunk_size):
            yield chunk
