"""CSV: exchange-format records as a table, one row per record (``docs/exchange-format.md``).

Pure code (no ORM). The columns are fixed before the first row, so a table can be streamed:
``type``, ``id``, ``status``, then every public field of the record types asked for (in the
order of the exchange format, each name once), then the system fields (``source``,
``source_id``, ``harvested_at``, ``created``, ``updated``). A language map is one column per
language (``title.en``, ``title.fr``, ...), a list is its items joined with ``;``, a boolean
``true`` or ``false``, an absent value the empty cell. Private fields (an expert's e-mail, the
moderation note) have no column at all.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with an apostrophe, so that a spreadsheet opening the file never reads it as a
formula (CSV injection).
"""

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ayni.federation.formats.ayni_jsonl import COMMON_FIELDS, RECORD_FIELDS, TYPE_ORDER, Kind

#: What a list's items are joined with.
LIST_SEPARATOR = ";"
#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: The kinds written as one column per language.
LANGUAGE_KINDS = (Kind.TEXT, Kind.TEXT_LIST)
HEAD = ("type", "id", "status")


@dataclass(frozen=True)
class Column:
    """One column: the exchange field it reads and, for a language map, the language."""

    field: str
    language: str = ""

    @property
    def header(self) -> str:
        return f"{self.field}.{self.language}" if self.language else self.field


def table_columns(record_types: Sequence[str], languages: Sequence[str]) -> list[Column]:
    """The columns of a table of these record types whose texts are in these languages.

    A field that is a language map in one type and plain text in another (an organization's
    ``name`` and an expert's) has both its language columns and its plain column.
    """
    columns: list[Column] = [Column(name) for name in HEAD]
    seen = {column.header for column in columns}
    ordered_types = [t for t in TYPE_ORDER if t in record_types]
    specs = [spec for t in ordered_types for spec in RECORD_FIELDS[t]] + list(COMMON_FIELDS)
    for spec in specs:
        if spec.private:
            continue
        if spec.kind in LANGUAGE_KINDS:
            candidates = [Column(spec.name, language) for language in languages]
        else:
            candidates = [Column(spec.name)]
        for column in candidates:
            if column.header not in seen:
                seen.add(column.header)
                columns.append(column)
    return columns


def header_row(columns: Sequence[Column]) -> list[str]:
    return [column.header for column in columns]


def _item_text(item: Any) -> str:
    """One item of a list: a code or id as itself, a link ``name <url>``, a person
    ``name (role)``."""
    if isinstance(item, Mapping):
        if "url" in item:
            name, url = str(item.get("name") or ""), str(item.get("url") or "")
            return f"{name} <{url}>" if name else url
        name, role = str(item.get("name") or ""), str(item.get("role") or "")
        return f"{name} ({role})" if role else name
    return _scalar_text(item)


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell_text(record: Mapping[str, Any], column: Column) -> str:
    """The text of one cell, before the formula guard."""
    value = record.get(column.field)
    if column.language:
        if isinstance(value, Mapping):
            return _scalar_text(value.get(column.language))
        if isinstance(value, list):  # a list of language maps (building blocks)
            texts = [
                str(item.get(column.language))
                for item in value
                if isinstance(item, Mapping) and item.get(column.language)
            ]
            return LIST_SEPARATOR.join(texts)
        return ""
    if isinstance(value, Mapping):  # a language map has language columns, not this one
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(text for text in map(_item_text, value) if text)
    return _scalar_text(value)


def safe_cell(text: str) -> str:
    """The text, with an apostrophe before it when a spreadsheet would read a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def record_row(record: Mapping[str, Any], columns: Sequence[Column]) -> list[str]:
    """One record as the cells of its row (guarded against formulas)."""
    return [safe_cell(cell_text(record, column)) for column in columns]


def csv_lines(records: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> Iterator[str]:
    """The header line, then one line per record (RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take(row: list[str]) -> str:
        writer.writerow(row)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield take(header_row(columns))
    for record in records:
        yield take(record_row(record, columns))
