"""Who may do what to a record. Services and selectors call these; nothing else decides.

Roles: a visitor (not signed in) only reads published records; a contributor creates records,
edits and submits their own while they are drafts or rejected; a national focal point also
publishes, rejects and archives the records of their country, endorses its experts and keeps
its country profile; a curator and an administrator moderate everything.
"""

from collections.abc import Callable
from typing import Any

from ayni.core.choices import RecordStatus
from ayni.core.models import Record

CURATOR_ONLY_TYPES = frozenset({"clearing-house"})


def is_signed_in(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def is_curator(actor: Any) -> bool:
    return is_signed_in(actor) and bool(actor.is_curator)


def is_focal_point_for(actor: Any, record: Record) -> bool:
    """A focal point whose country is one of the record's countries."""
    if not (is_signed_in(actor) and actor.is_focal_point):
        return False
    return actor.country_id in record.country_codes()


def is_owner(actor: Any, record: Record) -> bool:
    return is_signed_in(actor) and record.submitted_by_id == actor.pk


#: Further editors of a record, registered by the apps that know them in their ``ready()``
#: (the partnership loop: the partners of a completed partnership complete its draft case
#: study). Each answers ``grant(actor, record)``; it is asked only for a signed-in non-owner.
EDIT_GRANTS: list[Callable[[Any, Record], bool]] = []


def is_editor(actor: Any, record: Record) -> bool:
    """The owner, or someone an app grants the owner's rights on this record."""
    if is_owner(actor, record):
        return True
    return is_signed_in(actor) and any(grant(actor, record) for grant in EDIT_GRANTS)


def can_view(actor: Any, record: Record) -> bool:
    """Published records are public; others only for their editors and moderators."""
    if record.status == RecordStatus.PUBLISHED:
        return True
    return can_moderate(actor, record) or is_editor(actor, record)


def can_create(actor: Any, record_type: str, country_codes: set[str] | None = None) -> bool:
    """Any signed-in person may propose a record; some types are for curators or focal points."""
    if not is_signed_in(actor):
        return False
    if record_type in CURATOR_ONLY_TYPES:
        return is_curator(actor)
    if record_type == "country-profile":
        return is_curator(actor) or (
            actor.is_focal_point and country_codes is not None and actor.country_id in country_codes
        )
    return True


def can_moderate(actor: Any, record: Record) -> bool:
    """Publish, reject and archive: curators, and the focal points of the record's country."""
    if is_curator(actor):
        return True
    if record.record_type in CURATOR_ONLY_TYPES:
        return False
    return is_focal_point_for(actor, record)


def can_edit(actor: Any, record: Record) -> bool:
    """Moderators edit the records they moderate; editors edit their drafts and rejected ones."""
    if can_moderate(actor, record):
        return True
    return record.status in (RecordStatus.DRAFT, RecordStatus.REJECTED) and is_editor(actor, record)


def can_submit(actor: Any, record: Record) -> bool:
    return can_edit(actor, record)


def can_endorse_expert(actor: Any, expert: Record) -> bool:
    """Focal points endorse the experts of their country; curators any."""
    return is_curator(actor) or is_focal_point_for(actor, expert)
