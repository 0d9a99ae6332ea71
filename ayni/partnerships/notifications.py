"""Telling each side of a match what happened: a notice on their dashboard (the inbox) and an
e-mail through Django's tasks and mail backend, in the recipient's language.

Privacy: every message goes to one recipient only; it names the need, the provider and the
side that acted, never a person's address (no Cc, no Reply-To: replies go nowhere but the
sender address of the site). The parties talk through the proposal page.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from ayni.core import permissions
from ayni.core.models import Record
from ayni.partnerships.models import Notice, Proposal
from ayni.partnerships.parties import party_users


def _language(person: Any) -> str:
    return getattr(person, "language", None) or settings.LANGUAGE_CODE


def notices_send(*, proposal: Proposal, verb: str, actor: Any) -> list[Notice]:
    """A notice for everyone concerned but the actor, and an e-mail each once committed."""
    actor_pk = actor.pk if permissions.is_signed_in(actor) else None
    notices = []
    for person in party_users(proposal):
        if person.pk == actor_pk:
            continue
        with translation.override(_language(person)):
            link = reverse("partnerships:proposal_detail", kwargs={"pk": proposal.pk})
            subject = proposal.need.display_title[:500]
        notices.append(
            Notice.objects.create(
                recipient=person, verb=verb, proposal=proposal, subject=subject, link=link
            )
        )
    ids = [notice.pk for notice in notices]
    if ids:
        transaction.on_commit(lambda: [notice_email_send_task.enqueue(pk) for pk in ids])
    return notices


def _provider_name(proposal: Proposal) -> str:
    provider = proposal.provider
    assert isinstance(provider, Record)
    return provider.display_title


def notice_email_send(*, notice_id: int) -> bool:
    """E-mail one notice to its recipient; returns whether a message was sent."""
    notice = (
        Notice.objects.select_related(
            "recipient",
            "proposal__need",
            "proposal__provider_expert",
            "proposal__provider_organization",
            "proposal__provider_offer",
        )
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or not notice.recipient.email or not notice.recipient.is_active:
        return False
    person = notice.recipient
    proposal = notice.proposal
    with translation.override(_language(person)):
        context = {
            "person": person,
            "notice": notice,
            "verb": notice.get_verb_display(),
            "proposal": proposal,
            "need_title": proposal.need.display_title if proposal else notice.subject,
            "provider_name": _provider_name(proposal) if proposal else "",
            "state": proposal.get_state_display() if proposal else "",
            "url": getattr(settings, "AYNI_SITE_URL", "").rstrip("/") + notice.link,
            "inbox_url": getattr(settings, "AYNI_SITE_URL", "").rstrip("/")
            + reverse("partnerships:inbox"),
            "site_name": settings.AYNI_SITE_NAME,
        }
        subject = render_to_string("partnerships/email/notice_subject.txt", context)
        body = render_to_string("partnerships/email/notice_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    return message.send() == 1


@task()
def notice_email_send_task(notice_id: int) -> bool:
    """Background wrapper of ``notice_email_send``."""
    return notice_email_send(notice_id=notice_id)
