"""Writes of the portal's contribute pages: save a record (and submit it), merge duplicates,
share a draft by a link that expires, relay a visitor's message to an expert or organization.

Every write checks the actor's permission here (``ayni.core.permissions``), so the pages hold
no rules. Record writes go through ``ayni.core.services``.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from ayni.core import permissions
from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from ayni.core.models import Record
from ayni.core.registry import record_model, record_models
from ayni.core.services import record_create, record_submit, record_update, revision_record
from ayni.search.services import search_index_records

# ---------------------------------------------------------------------------------------------
# Saving a record from a form


@transaction.atomic
def record_save(
    *,
    record_type: str,
    data: dict[str, Any],
    actor: Any,
    record: Record | None = None,
    submit: bool = False,
) -> Record:
    """Create (``record`` None) or update a record from exchange data; submit it if asked.

    Both steps happen in one transaction: a record that cannot be submitted is not saved either.
    """
    if record is None:
        saved = record_create(record_type=record_type, data=data, actor=actor)
    else:
        saved = record_update(record=record, data=data, actor=actor)
    if submit:
        saved = record_submit(record=saved, actor=actor)
    return saved


# ---------------------------------------------------------------------------------------------
# Merging duplicates


def _references_to(model: type[Record]) -> list[tuple[type[Record], Any]]:
    """Every (record model, field) that points to records of ``model`` (FK or many-to-many)."""
    found = []
    for other in record_models():
        for model_field in other._meta.get_fields():
            if (
                getattr(model_field, "related_model", None) is model
                and not model_field.auto_created
                and (model_field.many_to_many or model_field.many_to_one)
            ):
                found.append((other, model_field))
    return found


@transaction.atomic
def record_merge(*, keep: Record, duplicate: Record, actor: Any) -> list[str]:
    """Archive ``duplicate`` with a note naming ``keep``, and repoint references to it.

    Curators only. Records that referred to the duplicate (an expert's organization, a case
    study's partners, ...) refer to the kept record instead. The kept record's own fields are
    not changed. Returns the ids of the records whose references moved.
    """
    if not permissions.is_curator(actor):
        raise PermissionDenied(_("Only a curator can merge duplicate records."))
    if keep.record_type != duplicate.record_type:
        raise ValidationFailed(_("Only two records of the same type can be merged."))
    if keep.pk == duplicate.pk:
        raise ValidationFailed(_("A record cannot be merged with itself."))
    if duplicate.status == RecordStatus.ARCHIVED and duplicate.moderation_note:
        raise ValidationFailed(_("The duplicate was already archived."))

    moved: dict[str, set[str]] = {}
    for model, model_field in _references_to(type(duplicate)):
        manager: Any = model._default_manager
        if model is type(keep):  # a record of the same type does not point to the kept one
            manager = manager.exclude(pk=keep.pk)
        if model_field.many_to_many:
            holders = manager.filter(**{model_field.name: duplicate})
            for holder in holders:
                related = getattr(holder, model_field.name)
                related.remove(duplicate)
                related.add(keep)
                moved.setdefault(model.record_type, set()).add(holder.uid)
        else:
            holders = manager.filter(**{model_field.name: duplicate})
            uids = list(holders.values_list("uid", flat=True))
            holders.update(**{model_field.name: keep})
            if uids:
                moved.setdefault(model.record_type, set()).update(uids)

    now = timezone.now()
    note = str(_("Duplicate of %(uid)s, merged into it.") % {"uid": keep.uid})
    duplicate.status = RecordStatus.ARCHIVED
    duplicate.moderation_note = note
    duplicate.updated = now
    duplicate.save(update_fields=["status", "moderation_note", "updated", "datestamp"])
    revision_record(record=duplicate, action=RevisionAction.ARCHIVE, actor=actor, note=note)
    search_index_records(record_type=duplicate.record_type, uids=[duplicate.uid])

    for record_type, moved_uids in moved.items():
        model = record_model(record_type)
        for record in model._default_manager.filter(uid__in=moved_uids):
            model._default_manager.filter(pk=record.pk).update(updated=now)
            record.refresh_from_db()
            revision_record(
                record=record,
                action=RevisionAction.UPDATE,
                actor=actor,
                note=str(
                    _("A reference to %(old)s now points to %(new)s (merge).")
                    % {"old": duplicate.uid, "new": keep.uid}
                ),
            )
        search_index_records(record_type=record_type, uids=sorted(moved_uids))
    return sorted(uid for uids in moved.values() for uid in uids)


# ---------------------------------------------------------------------------------------------
# Share-draft links

#: How long a share-draft link opens the draft (seconds): 14 days.
SHARE_LINK_MAX_AGE = 14 * 24 * 3600
SHARE_SALT = "ayni.portal.shared-draft"


class ShareLinkInvalid(ApplicationError):
    """The link was altered, or names a record that is gone."""

    default_message = _("This share link is not valid.")


class ShareLinkExpired(ApplicationError):
    """The link is older than its lifetime."""

    default_message = _("This share link has expired. Ask the author for a new one.")


def draft_share_token(*, record: Record, actor: Any) -> str:
    """A signed link token that shows this record read-only for ``SHARE_LINK_MAX_AGE``.

    Only someone who may edit the record (its author, its moderators) may share it.
    """
    if not permissions.can_edit(actor, record):
        raise PermissionDenied(_("Only the author or a moderator can share this record."))
    signer = signing.TimestampSigner(salt=SHARE_SALT)
    return signer.sign_object({"t": record.record_type, "id": record.uid})


def draft_share_resolve(*, token: str) -> Record:
    """The record a share token names; ShareLinkExpired or ShareLinkInvalid otherwise."""
    signer = signing.TimestampSigner(salt=SHARE_SALT)
    try:
        value = signer.unsign_object(token, max_age=SHARE_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ShareLinkExpired() from error
    except (signing.BadSignature, ValueError) as error:
        raise ShareLinkInvalid() from error
    try:
        model = record_model(value["t"])
        return model._default_manager.get(uid=value["id"])
    except (KeyError, LookupError, TypeError, model.DoesNotExist) as error:
        raise ShareLinkInvalid() from error


# ---------------------------------------------------------------------------------------------
# The contact relay

#: Messages allowed per hour, per IP address and per sender address.
CONTACT_LIMIT_PER_HOUR = 5


class RateLimited(ApplicationError):
    """Too many messages in the last hour."""

    default_message = _("You have sent too many messages in the last hour. Please try again later.")


@dataclass
class ContactMessage:
    name: str
    email: str
    message: str


def contact_recipient(record: Record) -> str:
    """Where a message to an expert or an organization goes ("" if nowhere)."""
    if record.record_type == "expert":
        return str(getattr(record, "email", "") or "")
    if record.record_type == "organization" and record.submitted_by_id:
        submitter = record.submitted_by
        return str(getattr(submitter, "email", "") or "") if submitter else ""
    return ""


def _count_hit(key: str) -> int:
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def contact_relay(*, record: Record, sender: ContactMessage, ip: str) -> None:
    """Forward a visitor's message to an expert or an organization (in the background).

    The recipient's address never leaves the server; the sender's goes to the recipient only,
    as Reply-To. At most ``CONTACT_LIMIT_PER_HOUR`` messages per hour per IP and per sender.
    """
    if record.record_type not in ("expert", "organization") or not record.is_published:
        raise PermissionDenied(_("This record cannot be contacted."))
    if not contact_recipient(record):
        raise ValidationFailed(_("This record has no address to forward messages to."))
    hour = timezone.now().strftime("%Y%m%d%H")
    keys = [
        f"ayni:contact:ip:{ip}:{hour}",
        f"ayni:contact:sender:{sender.email.lower()}:{hour}",
    ]
    if any((cache.get(key) or 0) >= CONTACT_LIMIT_PER_HOUR for key in keys):
        raise RateLimited()
    for key in keys:
        _count_hit(key)
    record_type, uid = record.record_type, record.uid
    transaction.on_commit(
        lambda: contact_relay_send_task.enqueue(
            record_type, uid, sender.name, sender.email, sender.message
        )
    )


def contact_relay_send(*, record_type: str, uid: str, name: str, email: str, message: str) -> bool:
    """Send the relayed message now; returns whether it went out."""
    record = (
        record_model(record_type)
        ._default_manager.select_related("submitted_by")
        .filter(uid=uid, status=RecordStatus.PUBLISHED)
        .first()
    )
    if record is None:
        return False
    recipient = contact_recipient(record)
    if not recipient:
        return False
    context = {
        "record": record,
        "name": name,
        "message": message,
        "site_name": settings.AYNI_SITE_NAME,
    }
    subject = render_to_string("portal/email/contact_subject.txt", context)
    body = render_to_string("portal/email/contact_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[email],
    ).send()
    return True


@task()
def contact_relay_send_task(
    record_type: str, uid: str, name: str, email: str, message: str
) -> bool:
    """Background wrapper of ``contact_relay_send``."""
    return contact_relay_send(
        record_type=record_type, uid=uid, name=name, email=email, message=message
    )
