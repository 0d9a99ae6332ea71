"""Telling people by e-mail what happened to their records (a side effect of the services).

Services call ``record_decision_notify_later`` at their end; the message goes out through
Django's tasks (the database backend's worker, ``manage.py db_worker``) and Django's mail
backend, in the recipient's language, naming nobody else's address.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from ayni.core.models import Record
from ayni.core.registry import record_model


def record_decision_notify(*, record_type: str, uid: str, decision: str) -> bool:
    """E-mail the submitter that their record was published or rejected (with the reason).

    Returns whether a message was sent (no submitter or no address: nothing to send).
    """
    record = (
        record_model(record_type)._default_manager.select_related("submitted_by").filter(uid=uid)
    ).first()
    if record is None or record.submitted_by is None or not record.submitted_by.email:
        return False
    person = record.submitted_by
    with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
        context = {
            "person": person,
            "record": record,
            "decision": decision,
            "site_name": settings.AYNI_SITE_NAME,
            "type_name": record._meta.verbose_name,
        }
        subject = render_to_string("core/email/record_decision_subject.txt", context)
        body = render_to_string("core/email/record_decision_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )
    return True


@task()
def record_decision_notify_task(record_type: str, uid: str, decision: str) -> bool:
    """Background wrapper of ``record_decision_notify``."""
    return record_decision_notify(record_type=record_type, uid=uid, decision=decision)


def record_decision_notify_later(*, record: Record, decision: str) -> None:
    """Queue the e-mail once the current transaction commits (never for a rolled-back step)."""
    if record.submitted_by_id is None:
        return
    record_type, uid = record.record_type, record.uid
    transaction.on_commit(lambda: record_decision_notify_task.enqueue(record_type, uid, decision))
