"""Writes of the federation layer: importing records in the exchange format."""

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import DatabaseError, IntegrityError, connection, reset_queries, transaction

from ayni.core.choices import RevisionAction
from ayni.core.exchange import rows_where_in, vocabularies, write_records
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import (
    TYPE_ORDER,
    FormatError,
    ParsedRecord,
    Vocabularies,
    parse_line,
    validate_record,
)

ProgressCallback = Callable[[int], object]


@dataclass
class ImportReport:
    """What an import did: counts, and every rejected line with its reason."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged

    def reject(self, line: int, reason: str) -> None:
        self.rejected.append((line, reason))

    def sorted_rejections(self) -> list[tuple[int, str]]:
        return sorted(self.rejected)


@dataclass
class _Spool:
    """Valid records of one type between the two passes: the first ``in_memory`` are kept in
    memory (a small import, a harvested page: no disk), the others in a temporary file
    (memory stays flat).
    """

    in_memory: int
    count: int = 0
    memory: list[tuple[int, ParsedRecord]] = field(default_factory=list)
    handle: IO[bytes] | None = None

    def add(self, line: int, parsed: ParsedRecord) -> None:
        self.count += 1
        if len(self.memory) < self.in_memory:
            self.memory.append((line, parsed))
            return
        if self.handle is None:
            self.handle = tempfile.TemporaryFile(prefix="ayni-import-")  # noqa: SIM115
        # A plain tuple pickles twice as fast as the dataclass.
        row = (line, parsed.type, parsed.id, parsed.status, parsed.values)
        pickle.dump(row, self.handle, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[tuple[int, ParsedRecord]]:
        yield from self.memory
        if self.handle is None:
            return
        self.handle.seek(0)
        for _ in range(self.count - len(self.memory)):
            line, record_type, uid, status, values = pickle.load(self.handle)  # noqa: S301
            yield line, ParsedRecord(type=record_type, id=uid, status=status, values=values)

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def records_import(
    *,
    lines: Iterable[str | Mapping[str, Any] | ParsedRecord | FormatError],
    actor: Any = None,
    batch_size: int = 1000,
    on_progress: ProgressCallback | None = None,
    note: str = "",
    vocab: Vocabularies | None = None,
) -> ImportReport:
    """Import records in the exchange format (one JSON object per line); a curator's tool.

    Idempotent by ``id``: a known id updates its record, an unchanged one is left alone.
    Every line is validated (JSON, type, fields, codes, dates, references); a bad line is
    reported with its number and reason and the good lines still land. References resolve
    against the database and the whole file, so the order of the lines does not matter.
    Records keep the status, ``source``, ``source_id`` and ``created`` given in the file.

    A line may also be given already parsed (a harvester's record: the JSON object as a
    dict), or already validated against ``vocab`` (``validate_record``'s record, or the
    ``FormatError`` it raised); ``vocab`` saves reading the vocabularies again (a harvest
    imports page by page).
    """
    report = ImportReport()
    vocab = vocabularies() if vocab is None else vocab
    held_before = _tables_holding_records()
    # Pass 1: parse and validate each line; spool the valid ones by type.
    file_ids: dict[str, tuple[str, int]] = {}
    rejected_ids: dict[str, int] = {}  # id → the line that was rejected
    spools = {record_type: _Spool(in_memory=batch_size) for record_type in TYPE_ORDER}
    try:
        for number, text in enumerate(lines, start=1):
            if isinstance(text, str) and not text.strip():
                continue
            try:
                if isinstance(text, ParsedRecord):
                    parsed = text
                elif isinstance(text, FormatError):
                    raise text
                else:
                    data = parse_line(text) if isinstance(text, str) else text
                    parsed = validate_record(data, vocab)
            except FormatError as error:
                report.reject(number, str(error))
                if error.record_id and error.record_id not in file_ids:
                    rejected_ids.setdefault(error.record_id, number)
                continue
            if parsed.id in file_ids:
                first = file_ids[parsed.id][1]
                report.reject(number, f"id '{parsed.id}' already appears at line {first}")
                continue
            file_ids[parsed.id] = (parsed.type, number)
            for warning in parsed.warnings:
                report.warnings.append((number, warning))
            spools[parsed.type].add(number, parsed)
        # Pass 2: write type by type, so that references point to records already written.
        for record_type in TYPE_ORDER:
            for batch in _batches(spools[record_type], batch_size):
                _import_batch(
                    record_type,
                    batch,
                    file_ids,
                    rejected_ids,
                    report,
                    actor,
                    note,
                    held_before,
                )
                reset_queries()  # with DEBUG on, the query log would grow with the file
                if on_progress is not None:
                    on_progress(len(batch))
    finally:
        for spool in spools.values():
            spool.close()
    return report


def _tables_holding_records() -> frozenset[str]:
    """The record types of which the database holds at least one record (one query)."""
    quote = connection.ops.quote_name
    checks = ", ".join(
        f"EXISTS(SELECT 1 FROM {quote(record_model(t)._meta.db_table)})"  # noqa: S608 (model tables)
        for t in TYPE_ORDER
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {checks}")
        row = cursor.fetchone()
    return frozenset(t for t, held in zip(TYPE_ORDER, row, strict=True) if held)


def _import_batch(
    record_type: str,
    batch: list[tuple[int, ParsedRecord]],
    file_ids: dict[str, tuple[str, int]],
    rejected_ids: dict[str, int],
    report: ImportReport,
    actor: Any,
    note: str,
    held_before: frozenset[str],
) -> None:
    # Ids that name a record of another type in the database (the file's own ids were
    # checked in the first pass, so only the tables that held records before count).
    uids = [parsed.id for _, parsed in batch]
    taken: dict[str, str] = {}
    for other in TYPE_ORDER:
        if other != record_type and other in held_before:
            for (uid,) in rows_where_in(record_model(other), ["uid"], "uid", uids):
                taken[uid] = other
    # References that the file does not hold: look them up in the database.
    outside: dict[str, tuple[str, ...]] = {}
    for _, parsed in batch:
        for _name, uid, types in parsed.references():
            if uid not in file_ids:
                outside[uid] = types
    in_database: dict[str, str] = {}
    for ref_type in {t for types in outside.values() for t in types}:
        wanted = [uid for uid, types in outside.items() if ref_type in types]
        for (uid,) in rows_where_in(record_model(ref_type), ["uid"], "uid", wanted):
            in_database[uid] = ref_type

    good: list[tuple[int, ParsedRecord]] = []
    for number, parsed in batch:
        problems = []
        if parsed.id in taken:
            problems.append(
                f"id '{parsed.id}' already belongs to another record ({taken[parsed.id]})"
            )
        for name, uid, types in parsed.references():
            allowed = " or ".join(types)
            if uid in file_ids:
                ref_type = file_ids[uid][0]
                if ref_type not in types:
                    problems.append(f"field '{name}': '{uid}' is a {ref_type}, not a {allowed}")
                elif uid in rejected_ids:
                    problems.append(
                        f"field '{name}': '{uid}' was rejected at line {rejected_ids[uid]}"
                    )
            elif uid in rejected_ids:
                problems.append(f"field '{name}': '{uid}' was rejected at line {rejected_ids[uid]}")
            elif uid not in in_database:
                problems.append(
                    f"field '{name}': no {allowed} with id '{uid}' in the database or the file"
                )
        if problems:
            report.reject(number, "; ".join(problems))
            rejected_ids[parsed.id] = number
        else:
            good.append((number, parsed))
    if not good:
        return
    try:
        with transaction.atomic():
            result = write_records(
                record_type,
                [p for _, p in good],
                actor=actor,
                action=RevisionAction.IMPORT,
                note=note,
            )
    except (IntegrityError, DatabaseError):
        # One record the database refuses (e.g. a second profile for a country): find it.
        _import_one_by_one(record_type, good, rejected_ids, report, actor, note)
        return
    report.created += len(result.created)
    report.updated += len(result.updated)
    report.unchanged += len(result.unchanged)


def _import_one_by_one(
    record_type: str,
    good: list[tuple[int, ParsedRecord]],
    rejected_ids: dict[str, int],
    report: ImportReport,
    actor: Any,
    note: str,
) -> None:
    for number, parsed in good:
        try:
            with transaction.atomic():
                result = write_records(
                    record_type, [parsed], actor=actor, action=RevisionAction.IMPORT, note=note
                )
        except (IntegrityError, DatabaseError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            report.reject(number, f"the database refused the record: {reason}")
            rejected_ids[parsed.id] = number
            continue
        report.created += len(result.created)
        report.updated += len(result.updated)
        report.unchanged += len(result.unchanged)
