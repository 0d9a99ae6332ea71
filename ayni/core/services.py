"""The publication workflow of every record: submit, publish, reject, archive.

Each service checks the actor's permission, checks the transition, writes the record and its
revision in one transaction.
"""

import datetime as dt
import secrets
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.core import permissions
from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from ayni.core.exchange import record_to_exchange, resolve_ids, vocabularies, write_records
from ayni.core.models import Record, Revision
from ayni.core.notifications import record_decision_notify_later
from ayni.core.registry import record_model
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER, FormatError, validate_record
from ayni.matching.services import crosstab_counts_refresh
from ayni.search.services import search_index_records

R = TypeVar("R", bound=Record)

#: Fields the system keeps: record_create and record_update ignore them in the data given.
SYSTEM_FIELDS = (
    "source",
    "source_id",
    "harvested_at",
    "created",
    "updated",
    "moderation_note",
    "endorsed_at",
    "last_verified",
    "last_harvested_at",
)

#: The statuses each step may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RecordStatus.SUBMITTED: (RecordStatus.DRAFT, RecordStatus.REJECTED),
    RecordStatus.PUBLISHED: (RecordStatus.SUBMITTED, RecordStatus.DRAFT, RecordStatus.ARCHIVED),
    RecordStatus.REJECTED: (RecordStatus.SUBMITTED,),
    RecordStatus.ARCHIVED: (RecordStatus.PUBLISHED,),
}


def revision_record(*, record: Record, action: str, actor: Any = None, note: str = "") -> Revision:
    """Add the record as it is now to its history."""
    return Revision.objects.create(
        record_type=record.record_type,
        record_uid=record.uid,
        action=action,
        data=record_to_exchange(record),
        actor=actor if permissions.is_signed_in(actor) else None,
        note=note,
    )


def _move(record: R, *, to: str, action: str, actor: Any, note: str = "") -> R:
    if record.status not in TRANSITIONS[to]:
        raise InvalidTransition(
            _("A record that is %(current)s cannot become %(target)s.")
            % {"current": record.get_status_display(), "target": RecordStatus(to).label}
        )
    record.status = to
    record.updated = timezone.now()
    if to == RecordStatus.REJECTED:
        record.moderation_note = note
    record.save(update_fields=["status", "updated", "datestamp", "moderation_note"])
    revision_record(record=record, action=action, actor=actor, note=note)
    search_index_records(record_type=record.record_type, uids=[record.uid])  # visibility moved
    crosstab_counts_refresh(record_type=record.record_type, pks=[record.pk])
    return record


@transaction.atomic
def record_submit(*, record: R, actor: Any) -> R:
    """Send a draft (or a rejected record, revised) to moderation."""
    if not permissions.can_submit(actor, record):
        raise PermissionDenied(_("Only the author or a moderator can submit this record."))
    return _move(record, to=RecordStatus.SUBMITTED, action=RevisionAction.SUBMIT, actor=actor)


@transaction.atomic
def record_publish(*, record: R, actor: Any) -> R:
    """Make a record public: curators, or the focal point of the record's country."""
    if not permissions.can_moderate(actor, record):
        raise PermissionDenied(
            _("Only a curator or a focal point of the record's country can publish it.")
        )
    _move(record, to=RecordStatus.PUBLISHED, action=RevisionAction.PUBLISH, actor=actor)
    record_decision_notify_later(record=record, decision=RecordStatus.PUBLISHED)
    return record


@transaction.atomic
def record_reject(*, record: R, actor: Any, reason: str) -> R:
    """Send a submitted record back to its author with the reason."""
    if not permissions.can_moderate(actor, record):
        raise PermissionDenied(
            _("Only a curator or a focal point of the record's country can reject it.")
        )
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the rejection; the author will read it."))
    _move(record, to=RecordStatus.REJECTED, action=RevisionAction.REJECT, actor=actor, note=reason)
    record_decision_notify_later(record=record, decision=RecordStatus.REJECTED)
    return record


@transaction.atomic
def record_archive(*, record: R, actor: Any) -> R:
    """Withdraw a published record from public view, keeping it and its history."""
    if not permissions.can_moderate(actor, record):
        raise PermissionDenied(
            _("Only a curator or a focal point of the record's country can archive it.")
        )
    return _move(record, to=RecordStatus.ARCHIVED, action=RevisionAction.ARCHIVE, actor=actor)


def new_uid(record_type: str) -> str:
    """A fresh local identifier: ``<namespace>:<prefix>-<random>``."""
    prefix = record_model(record_type).uid_prefix
    return f"{settings.AYNI_NAMESPACE}:{prefix}-{secrets.token_hex(5)}"


def _validated(record_type: str, data: dict[str, Any]) -> Any:
    try:
        parsed = validate_record(data, vocabularies())
    except FormatError as error:
        raise ValidationFailed(
            "; ".join(error.problems), extra={"problems": error.problems}
        ) from error
    references = parsed.references()
    found = resolve_ids(
        [uid for _, uid, _types in references], {t for _, _, types in references for t in types}
    )
    problems = []
    for name, uid, types in references:
        if uid not in found or found[uid][0] not in types:
            problems.append(f"field '{name}': no {' or '.join(types)} with id '{uid}'")
    if problems:
        raise ValidationFailed("; ".join(problems), extra={"problems": problems})
    return parsed


def _record_countries(record_type: str, values: dict[str, Any]) -> set[str]:
    codes = set()
    for name in ("country", "provider_country"):
        if values.get(name):
            codes.add(values[name])
    for name in ("countries", "provider_countries", "beneficiary_countries"):
        codes.update(values.get(name) or [])
    return codes


@transaction.atomic
def record_create(*, record_type: str, data: dict[str, Any], actor: Any) -> Record:
    """Create a record from exchange-format data; it starts as a draft of its author."""
    data = {**data, "type": record_type, "status": RecordStatus.DRAFT}
    data.setdefault("id", new_uid(record_type))
    for name in SYSTEM_FIELDS:
        data.pop(name, None)
    parsed = _validated(record_type, data)
    if not permissions.can_create(
        actor, record_type, _record_countries(record_type, parsed.values)
    ):
        raise PermissionDenied(_("You cannot create a record of this type."))
    model = record_model(record_type)
    if resolve_ids([parsed.id], TYPE_ORDER):
        raise ValidationFailed(_("A record with this identifier already exists."))
    write_records(record_type, [parsed], actor=actor, action=RevisionAction.CREATE)
    model._default_manager.filter(uid=parsed.id).update(submitted_by=actor)
    return model._default_manager.get(uid=parsed.id)


@transaction.atomic
def record_update(*, record: R, data: dict[str, Any], actor: Any) -> R:
    """Replace a record's fields with exchange-format data; its id and status stay."""
    if not permissions.can_edit(actor, record):
        raise PermissionDenied(_("You cannot edit this record."))
    data = {**data, "type": record.record_type, "id": record.uid, "status": record.status}
    for name in SYSTEM_FIELDS:
        data.pop(name, None)
    parsed = _validated(record.record_type, data)
    current = record_to_exchange(record)
    for name in SYSTEM_FIELDS:
        if name in current and name != "updated":
            parsed.values[name] = _parse_system_value(name, current[name])
    write_records(record.record_type, [parsed], actor=actor, action=RevisionAction.UPDATE)
    record.refresh_from_db()
    if not permissions.can_edit(actor, record):
        # A focal point may not move a record out of their own country (rolled back).
        raise PermissionDenied(_("After this change the record would be outside your scope."))
    return record


def _parse_system_value(name: str, value: Any) -> Any:
    if name in ("harvested_at", "created", "endorsed_at", "last_harvested_at"):
        return dt.datetime.fromisoformat(value)
    if name == "last_verified":
        return dt.date.fromisoformat(value)
    return value
