"""Harvesting a clearing-house: the run, its progress, its report, and the writes.

Every record goes through ``records_import`` (validated like any import, idempotent by id);
deletions archive the local copy; a record that is the same as one held from elsewhere is
linked (``DuplicateLink``), not copied. docs/harvesting.md has the rules.
"""

import datetime as dt
import gc
import json
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.errors import ApplicationError, ValidationFailed
from ayni.core.exchange import (
    canonical_values,
    iter_records,
    mapping,
    read_records,
    rows_where_in,
    vocabularies,
    write_records,
)
from ayni.core.registry import record_model
from ayni.federation.choices import Protocol
from ayni.federation.formats.ayni_jsonl import (
    RECORD_FIELDS,
    TYPE_ORDER,
    FormatError,
    Kind,
    ParsedRecord,
    Vocabularies,
    looks_like_id,
    render_record,
    validate_record,
)
from ayni.federation.harvest import feeds, http, jsonl, oai
from ayni.federation.harvest.items import (
    Deletion,
    Entry,
    Harvester,
    Item,
    Page,
    PeerError,
    Rejection,
    duplicate_keys,
    local_uid,
)
from ayni.federation.models import ClearingHouse, DuplicateLink, HarvestRun, HarvestRunStatus
from ayni.federation.services import records_import

ProgressCallback = Callable[[int], object]

HARVESTERS: dict[str, Harvester] = {
    Protocol.OAI_PMH: oai.harvest,
    Protocol.ATOM: feeds.harvest,
    Protocol.RSS: feeds.harvest,
    Protocol.AYNI_JSONL: jsonl.harvest,
}
#: Rejections kept in a report (the count is always complete).
MAX_REJECTIONS = 1000
#: A running harvest without progress for this long is taken for crashed, and resumed.
STALE_SECONDS = 600


NAMESPACE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,59}\Z")


class HarvestAlreadyRunning(ApplicationError):
    default_message = _("A harvest of this clearing-house is already running.")


class ProtocolNotHarvestable(ApplicationError):
    default_message = _("This clearing-house's protocol cannot be harvested here.")


def empty_report() -> dict[str, Any]:
    return {
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "linked": 0,
        "skipped": 0,
        "rejected": 0,
        "rejections": [],
        "warnings": [],
        "errors": [],
    }


@dataclass
class _Context:
    """What one run shares between the harvester and the writer."""

    clearing_house: ClearingHouse
    report: dict[str, Any]
    vocabularies: Vocabularies
    namespace: str
    actor: Any
    http: Any = None
    skipped: int = 0
    now: dt.datetime = field(default_factory=timezone.now)
    _index: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        """Something of the peer worth knowing that does not stop the harvest."""
        if message not in self.report["warnings"]:
            self.report["warnings"].append(message)

    def prepare(self, entries: Iterable[Entry]) -> None:
        """Each item's line and its validation, made while the harvester reads the page.

        Plain data only (no database): a harvester may call it from its reading thread, so
        that the writer only writes.
        """
        for entry in entries:
            if isinstance(entry, Item):
                entry.line = _line(self, entry)
                try:
                    entry.checked = validate_record(entry.line, self.vocabularies)
                except FormatError as error:
                    error.__traceback__ = None  # kept with the page: its reasons, not frames
                    entry.checked = error

    def reject(self, where: str, reason: str) -> None:
        self.report["rejected"] += 1
        if len(self.report["rejections"]) < MAX_REJECTIONS:
            self.report["rejections"].append({"where": where, "reason": reason})

    def duplicates(self, record_type: str) -> dict[tuple[str, str], str]:
        """Duplicate keys of every published record of the type held from elsewhere → its id.

        Only published records: linking to a draft would hide the peer's record from readers.
        """
        if record_type not in self._index:
            index: dict[tuple[str, str], str] = {}
            model = record_model(record_type)
            queryset = model._default_manager.filter(status=RecordStatus.PUBLISHED).exclude(
                source=self.clearing_house.uid
            )
            for stored in iter_records(record_type, queryset):
                for key in duplicate_keys(stored.values):
                    index.setdefault(key, stored.uid)
            self._index[record_type] = index
        return self._index[record_type]


def clearing_house_namespace(clearing_house: ClearingHouse) -> str:
    """The namespace of ids made for the clearing-house's records without an id of their own."""
    if clearing_house.namespace:
        if not NAMESPACE_PATTERN.match(clearing_house.namespace):
            raise ValidationFailed(
                _(
                    "The namespace '%(namespace)s' is not usable in identifiers: letters, "
                    "digits, '.', '_', '~' and '-', starting with a letter or digit."
                )
                % {"namespace": clearing_house.namespace}
            )
        return clearing_house.namespace
    slug = slugify(clearing_house.name)[:60].strip("-_")
    if slug and slug[0].isalnum():
        return slug
    return clearing_house.uid.split(":", 1)[-1]


def _stale(run: HarvestRun) -> bool:
    seconds = getattr(settings, "AYNI_HARVEST_STALE_SECONDS", STALE_SECONDS)
    return (timezone.now() - run.heartbeat_at).total_seconds() >= seconds


def _run_to_use(clearing_house: ClearingHouse, *, full: bool, actor: Any) -> HarvestRun:
    """The run to continue (a crashed or failed one), or a new one."""
    last = clearing_house.harvest_runs.order_by("-started_at", "-id").first()
    if last is not None and last.status == HarvestRunStatus.RUNNING and not _stale(last):
        raise HarvestAlreadyRunning()
    if last is not None and last.status != HarvestRunStatus.COMPLETED and (last.full or not full):
        last.status = HarvestRunStatus.RUNNING
        last.heartbeat_at = timezone.now()
        last.finished_at = None
        last.report.setdefault("resumed", 0)
        last.report["resumed"] += 1
        # What stopped the earlier attempt is kept apart: "errors" are this attempt's.
        earlier = last.report.setdefault("earlier_errors", [])
        earlier += last.report.get("errors", [])
        last.report["errors"] = []
        last.save(update_fields=["status", "heartbeat_at", "finished_at", "report"])
        return last
    since = None
    if not full:
        previous = (
            clearing_house.harvest_runs.filter(status=HarvestRunStatus.COMPLETED)
            .order_by("-started_at", "-id")
            .first()
        )
        since = previous.next_from if previous is not None else None
    run = HarvestRun.objects.create(
        clearing_house=clearing_house,
        full=full,
        harvest_from=since,
        report=empty_report(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return run


def clearing_house_harvest(
    *,
    clearing_house: ClearingHouse,
    full: bool = False,
    actor: Any = None,
    on_progress: ProgressCallback | None = None,
) -> HarvestRun:
    """Harvest a partner clearing-house: new and changed records since the last harvest.

    Resumes a run that crashed or failed where it stopped; ``full`` ignores the last
    datestamp. Errors of the peer (network, HTTP, malformed answers) end the run as failed
    with a clear report, never an exception; what was read before them stays written. The
    report is kept on the run and as the clearing-house's ``last_harvest_report``.
    """
    harvester = HARVESTERS.get(clearing_house.protocol)
    if harvester is None:
        raise ProtocolNotHarvestable(
            _("The protocol %(protocol)s has no harvester here.")
            % {"protocol": clearing_house.get_protocol_display()}
        )
    namespace = clearing_house_namespace(clearing_house)
    run = _run_to_use(clearing_house, full=full, actor=actor)
    report = {**empty_report(), **run.report}
    report.update(
        clearing_house=clearing_house.uid,
        protocol=clearing_house.protocol,
        endpoint=clearing_house.endpoint,
        full=run.full,
        started=run.started_at.isoformat(),
        harvested_from=run.harvest_from.isoformat() if run.harvest_from else None,
    )
    context = _Context(
        clearing_house=clearing_house,
        report=report,
        vocabularies=vocabularies(),
        namespace=namespace,
        actor=actor,
        http=http.session(),
        skipped=0,
    )
    state = dict(run.state)
    # OAI-PMH pages are read (fetched, mapped, validated) by a process of their own, so that
    # this one only writes (where processes can fork; elsewhere in this one).
    forks = "fork" in multiprocessing.get_all_start_methods()
    read = _read_apart if harvester is oai.harvest and forks else harvester
    # The objects alive before the run (Django's, the vocabularies, caches: hundreds of
    # thousands) are left out of the garbage collector's passes while pages are written: its
    # full passes scanned them all every dozen pages or so, 50-100 ms each. Unfrozen after,
    # so that any of them freed in between is collected then, unless the process had frozen
    # objects of its own before (a server that freezes what it loaded keeps them so).
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        for page in read(
            endpoint=clearing_house.endpoint,
            since=run.harvest_from,
            state=state,
            context=context,
        ):
            # One transaction a page: its records and the progress after it land together.
            with transaction.atomic():
                _write_page(context, page.entries)
                state = page.state
                report["skipped"] += context.skipped
                context.skipped = 0
                if "prefix" in state:
                    report["metadata_prefix"] = state["prefix"]
                run.state = state
                run.report = report
                run.heartbeat_at = timezone.now()
                run.save(update_fields=["state", "report", "heartbeat_at"])
            if on_progress is not None:
                on_progress(len(page.entries))
    except PeerError as error:
        report["errors"].append(str(error))
        run.status = HarvestRunStatus.FAILED
    else:
        run.status = HarvestRunStatus.COMPLETED
        run.next_from = _next_from(state, run)
        run.state = {}
    finally:
        context.http.close()
        if not frozen_before:
            gc.unfreeze()
    run.finished_at = timezone.now()
    report.update(status=run.status, finished=run.finished_at.isoformat())
    run.report = report
    run.save()
    # A queryset update: the partner's own record (and its datestamp) is not changed by this.
    ClearingHouse.objects.filter(pk=clearing_house.pk).update(
        last_harvested_at=run.finished_at, last_harvest_report=report
    )
    clearing_house.last_harvested_at = run.finished_at
    clearing_house.last_harvest_report = report
    return run


class _Reader:
    """The context of a harvester run in the reading process: what it tells the writer
    (warnings) travels with the next page."""

    def __init__(self, context: _Context):
        self.vocabularies = context.vocabularies
        self.prepare = context.prepare
        self.http = http.session()
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def told(self) -> list[str]:
        told, self.warnings = self.warnings, []
        return told


#: Pages read ahead of the writer (memory stays flat: at most this many wait).
READ_AHEAD = 2


def _read_pages(
    endpoint: str,
    since: dt.datetime | None,
    state: dict[str, Any],
    context: _Context,
    queue: Any,
) -> None:
    """The reading process: every page of the peer into ``queue``, then how it ended."""
    reader = _Reader(context)
    try:
        for page in oai.harvest(endpoint=endpoint, since=since, state=state, context=reader):
            queue.put(("page", _page_out(page), reader.told()))
        queue.put(("done", None, reader.told()))
    except PeerError as error:
        queue.put(("peer-error", str(error), reader.told()))
    except Exception as error:  # reported by the writer, which stops
        queue.put(("failed", f"{type(error).__name__}: {error}", reader.told()))
    finally:
        reader.http.close()
        queue.close()
        queue.join_thread()


def _page_out(page: Page) -> tuple[list[Any], dict[str, Any]]:
    """A page as plain tuples for the queue (dataclasses unpickle three times slower)."""
    entries: list[Any] = []
    for entry in page.entries:
        if isinstance(entry, Item) and entry.line is not None:
            checked: Any = entry.checked
            if isinstance(checked, ParsedRecord):
                checked = (
                    checked.type,
                    checked.id,
                    checked.status,
                    checked.values,
                    checked.warnings,
                    checked.references(),
                )
            # The record itself is not needed any more: its line is made.
            entries.append((entry.source_id, entry.where, entry.peer_id, entry.line, checked))
        else:
            entries.append(entry)
    return entries, page.state


def _page_in(data: tuple[list[Any], dict[str, Any]]) -> Page:
    entries: list[Entry] = []
    for entry in data[0]:
        if type(entry) is tuple:
            source_id, where, peer_id, line, checked = entry
            if type(checked) is tuple:
                record_type, uid, status, values, warnings, references = checked
                checked = ParsedRecord(
                    type=record_type,
                    id=uid,
                    status=status,
                    values=values,
                    warnings=warnings,
                    _references=references,
                )
            entries.append(Item(source_id, {}, where, peer_id, line=line, checked=checked))
        else:
            entries.append(entry)
    return Page(entries, data[1])


class HarvestReaderStopped(ApplicationError):
    default_message = _("The process reading the peer's pages stopped unexpectedly.")


def _read_apart(
    *, endpoint: str, since: dt.datetime | None, state: dict[str, Any], context: _Context
) -> Iterator[Page]:
    """The OAI-PMH harvester's pages, read by a forked process of their own.

    The pages are plain data (records mapped and validated, no database); the writer gets
    them in order through a queue of ``READ_AHEAD`` pages, with the warnings of the reading.
    """
    processes = multiprocessing.get_context("fork")
    queue = processes.Queue(maxsize=READ_AHEAD)
    reader = processes.Process(
        target=_read_pages, args=(endpoint, since, state, context, queue), daemon=True
    )
    reader.start()
    try:
        while True:
            try:
                kind, payload, warnings = queue.get(timeout=1)
            except Empty:
                if not reader.is_alive():
                    raise HarvestReaderStopped() from None
                continue
            for message in warnings:
                context.warn(message)
            if kind == "page":
                yield _page_in(payload)
            elif kind == "done":
                return
            elif kind == "peer-error":
                raise PeerError(payload)
            else:
                raise HarvestReaderStopped(
                    _("The process reading the peer's pages stopped: %(reason)s")
                    % {"reason": payload}
                )
    finally:
        if reader.is_alive():
            reader.terminate()
        reader.join()
        queue.close()


def _next_from(state: dict[str, Any], run: HarvestRun) -> dt.datetime:
    """Where the next incremental harvest starts: the peer's first responseDate, else our start."""
    response_date = state.get("response_date")
    if response_date:
        parsed = oai.parse_datestamp(response_date)
        if parsed is not None:
            return parsed
    return run.started_at


# ---------------------------------------------------------------------------------------------
# Writing one page


def _map_ids(context: _Context, data: dict[str, Any]) -> None:
    """Rewrite a peer record's references the way its own id is rewritten."""
    record_type = data.get("type")
    if record_type not in RECORD_FIELDS:
        return
    own = settings.AYNI_NAMESPACE

    def mapped(value: Any) -> Any:
        if isinstance(value, str) and looks_like_id(value):
            return local_uid(context.namespace, value, peer_id=value, own_namespace=own)
        return value

    for spec in RECORD_FIELDS[record_type]:
        value = data.get(spec.name)
        if value is None:
            continue
        if spec.kind in (Kind.REF, Kind.REF_OR_NAME):
            data[spec.name] = mapped(value)
        elif spec.kind in (Kind.REFS, Kind.REFS_OR_COUNTRIES) and isinstance(value, list):
            data[spec.name] = [mapped(item) for item in value]


def _line(context: _Context, item: Item) -> dict[str, Any]:
    data = dict(item.record)
    data["id"] = local_uid(
        context.namespace,
        item.source_id,
        peer_id=item.peer_id,
        own_namespace=settings.AYNI_NAMESPACE,
    )
    if item.peer_id:
        _map_ids(context, data)
    # Provenance is ours to say: where we got it, under which id, when.
    data["source"] = context.clearing_house.uid
    data["source_id"] = item.source_id
    data["harvested_at"] = context.now.isoformat()
    data.pop("created", None)
    return data


def _write_page(context: _Context, entries: Iterable[Entry]) -> None:
    items: list[Item] = []
    deletions: list[Deletion] = []
    for entry in entries:
        if isinstance(entry, Rejection):
            context.reject(entry.where, entry.reason)
        elif isinstance(entry, Deletion):
            deletions.append(entry)
        else:
            items.append(entry)
    source = context.clearing_house.uid
    if items:
        links: dict[str, str] = dict(
            rows_where_in(
                DuplicateLink,
                ["source_id", "record_uid"],
                "source_id",
                [i.source_id for i in items],
                equal={"source": source},
            )
        )
        # A link to a record deleted since is dropped: the source's record is copied again.
        gone = set(links.values()) - set(_held(list(links.values())))
        if gone:
            DuplicateLink.objects.filter(source=source, record_uid__in=gone).delete()
        linked = {source_id for source_id, uid in links.items() if uid not in gone}
        lines: list[tuple[str, dict[str, Any]]] = []
        checked: dict[int, ParsedRecord | FormatError] = {}  # id(line) → its validation
        for item in items:
            if item.source_id in linked:
                context.report["unchanged"] += 1
                continue
            if item.line is not None and item.checked is not None:
                lines.append((item.where, item.line))
                checked[id(item.line)] = item.checked
            else:
                lines.append((item.where, _line(context, item)))
        lines = _link_duplicates(context, lines)
        for data in _keep_harvested_at(context, lines):
            checked.pop(id(data), None)  # changed since it was validated: validated again
        if lines:
            result = records_import(
                lines=[checked.get(id(data), data) for _, data in lines],
                actor=context.actor,
                note=f"harvest {source}",
                vocab=context.vocabularies,
            )
            context.report["new"] += result.created
            context.report["updated"] += result.updated
            context.report["unchanged"] += result.unchanged
            for number, reason in result.sorted_rejections():
                context.reject(lines[number - 1][0], reason)
    for deletion in deletions:
        _archive(context, deletion)


def _held(uids: list[str], types: Iterable[str] = TYPE_ORDER) -> dict[str, tuple[str, int, str]]:
    """``uid → (record type, pk, source)`` of the records of these types held with these ids."""
    found: dict[str, tuple[str, int, str]] = {}
    if not uids:
        return found
    for record_type in types:
        model = record_model(record_type)
        for uid, pk, source in rows_where_in(model, ["uid", "pk", "source"], "uid", uids):
            found[uid] = (record_type, pk, source)
    return found


def _link_duplicates(
    context: _Context, lines: list[tuple[str, dict[str, Any]]]
) -> list[tuple[str, dict[str, Any]]]:
    """Lines left to write; the others are the same as a record held from elsewhere: linked.

    The record held first wins: a peer record whose id names a record of another source, or
    a new record with the same title and country, or the same address, as a record held
    from elsewhere (or made here) becomes a link to that record, not a second record.
    """
    # Only the page's own types: an id of another type is refused by records_import.
    types = {data.get("type") for _, data in lines}
    held = _held([data["id"] for _, data in lines], [t for t in TYPE_ORDER if t in types])
    remaining = []
    for where, data in lines:
        record_type = str(data.get("type", ""))
        kept, reason = "", ""
        if data["id"] in held:
            if held[data["id"]][2] != context.clearing_house.uid:
                kept, reason = data["id"], "same id"
        elif record_type in RECORD_FIELDS:
            # No record of the type held from elsewhere (a first harvest): nothing to match.
            index = context.duplicates(record_type)
            for key in duplicate_keys(data) if index else ():
                if key in index:
                    kept = index[key]
                    reason = "same title and country" if key[0] == "title" else "same address"
                    break
        if not kept:
            remaining.append((where, data))
            continue
        DuplicateLink.objects.update_or_create(
            source=context.clearing_house.uid,
            source_id=data["source_id"],
            defaults={
                "record_type": record_type,
                "record_uid": kept,
                "duplicate_uid": data["id"],
                "reason": reason,
            },
        )
        context.report["linked"] += 1
    return remaining


def _keep_harvested_at(
    context: _Context, lines: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """An unchanged record keeps its ``harvested_at``, so that it stays unchanged; the lines
    changed so are returned.

    ``harvested_at`` is when this copy was last written by a harvest (first seen or changed);
    when a record was last checked is the run's report. A record whose peer gives its own
    ``updated`` date is unchanged when that date and the status are; one without is compared
    field by field with the copy held.
    """
    changed: list[dict[str, Any]] = []
    by_type: dict[str, list[dict[str, Any]]] = {}
    for _where, data in lines:
        if data.get("type") in RECORD_FIELDS:
            by_type.setdefault(data["type"], []).append(data)
    for record_type, group in by_type.items():
        model = record_model(record_type)
        # The copies held (one plain query), then their dates (the ORM converts them).
        pks = [
            pk
            for (pk,) in rows_where_in(
                model,
                ["pk"],
                "uid",
                [d["id"] for d in group],
                equal={"source": context.clearing_house.uid},
            )
        ]
        if not pks:
            continue
        held = {
            uid: (pk, status, updated, harvested_at)
            for uid, pk, status, updated, harvested_at in model._default_manager.filter(
                pk__in=pks
            ).values_list("uid", "pk", "status", "updated", "harvested_at")
        }
        to_compare: list[dict[str, Any]] = []
        for data in group:
            if data["id"] not in held:
                continue
            _pk, status, updated, harvested_at = held[data["id"]]
            if harvested_at is None:
                continue
            given = _datetime(data.get("updated"))
            if given is None:
                to_compare.append(data)
            elif given == updated and status == data.get("status"):
                data["harvested_at"] = harvested_at.isoformat()
                changed.append(data)
        if not to_compare:
            continue
        stored = {
            s.uid: s for s in read_records(record_type, [held[d["id"]][0] for d in to_compare])
        }
        for data in to_compare:
            current = stored[data["id"]]
            try:
                parsed = validate_record(data, context.vocabularies)
            except FormatError:
                continue  # records_import reports it
            if _same(record_type, parsed, current.values, current.status):
                data["harvested_at"] = current.values["harvested_at"].isoformat()
                changed.append(data)
    return changed


def _datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _same(record_type: str, parsed: ParsedRecord, stored: dict[str, Any], status: str) -> bool:
    values = canonical_values(record_type, parsed.values)
    model = mapping(record_type).model
    for spec in RECORD_FIELDS[record_type]:
        if spec.kind is Kind.BOOL and spec.name not in values:
            default = model._meta.get_field(spec.name).get_default()  # type: ignore[union-attr]
            if default is not None:
                values[spec.name] = default
    for name in ("created", "updated"):
        if name not in values and name in stored:
            values[name] = stored[name]
    values["harvested_at"] = stored["harvested_at"]
    return status == parsed.status and render_record(
        record_type, parsed.id, parsed.status, values
    ) == render_record(record_type, parsed.id, status, stored)


def _archive(context: _Context, deletion: Deletion) -> None:
    """The peer deleted the record: archive the local copy (its history stays)."""
    source = context.clearing_house.uid
    DuplicateLink.objects.filter(source=source, source_id=deletion.source_id).delete()
    for record_type in TYPE_ORDER:
        model = record_model(record_type)
        pks = list(
            model._default_manager.filter(source=source, source_id=deletion.source_id)
            .exclude(status=RecordStatus.ARCHIVED)
            .values_list("pk", flat=True)
        )
        for stored in read_records(record_type, pks):
            with transaction.atomic():
                write_records(
                    record_type,
                    [
                        ParsedRecord(
                            type=record_type,
                            id=stored.uid,
                            status=RecordStatus.ARCHIVED,
                            values={**stored.values, "harvested_at": context.now},
                        )
                    ],
                    actor=context.actor,
                    action=RevisionAction.ARCHIVE,
                    note=f"deleted on {source} ({deletion.where})",
                )
            context.report["deleted"] += 1


def report_lines(report: dict[str, Any]) -> list[str]:
    """A report in words, for the command and the logs."""
    lines = [
        f"{report.get('clearing_house', '')} ({report.get('protocol', '')}): "
        f"{report.get('status', '')}",
        f"{report['new']} new, {report['updated']} updated, {report['unchanged']} unchanged, "
        f"{report['deleted']} deleted, {report['linked']} linked as duplicates, "
        f"{report['skipped']} skipped, {report['rejected']} rejected",
    ]
    lines += [f"rejected: {r['where']}: {r['reason']}" for r in report["rejections"]]
    lines += [f"warning: {warning}" for warning in report.get("warnings", [])]
    lines += [f"error: {error}" for error in report["errors"]]
    lines += [f"error before resuming: {error}" for error in report.get("earlier_errors", [])]
    return lines


def report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)
