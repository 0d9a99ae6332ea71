"""Each side is told by e-mail, and no one's address is ever shown to the other side."""

from typing import Any

import pytest
from django.core import mail

from ayni.partnerships.models import Notice
from ayni.partnerships.services import notices_mark_read, proposal_accept, proposal_create

pytestmark = pytest.mark.django_db


def test_proposal_is_e_mailed_through_smtp_without_the_proposer_address(
    smtp_server, need, need_owner, expert, expert_owner, django_capture_on_commit_callbacks
):
    """The provider's submitter gets one message by real SMTP; neither the proposer's address
    nor the expert's private address appears, and Reply-To is not set."""
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    (sent,) = smtp_server.messages
    assert sent["to"] == [expert_owner.email]
    message = sent["message"]
    assert message["Reply-To"] is None
    assert message["Cc"] is None
    text = message.as_string()
    assert need_owner.email not in text
    assert expert.email not in text
    assert "A match was proposed" in message["Subject"]
    assert f"/en/proposals/{proposal.pk}/" in message.get_content()


def test_each_side_is_told_of_the_answer_without_the_other_address(
    immediate_tasks,
    need,
    need_owner,
    expert,
    expert_owner,
    focal_point_sn,
    django_capture_on_commit_callbacks,
):
    """The proposal reaches the provider side, the acceptance the need side (its submitter
    and the country's focal point): each message to one person, naming nobody's address."""
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_accept(proposal=proposal, actor=expert_owner)
    by_recipient: dict[str, list[Any]] = {}
    for message in mail.outbox:
        assert len(message.to) == 1
        assert not message.cc
        assert not message.bcc
        assert not message.reply_to
        by_recipient.setdefault(message.to[0], []).append(message)
    assert set(by_recipient) == {expert_owner.email, need_owner.email, focal_point_sn.email}
    everyone = {need_owner.email, expert_owner.email, focal_point_sn.email, expert.email}
    for address, messages in by_recipient.items():
        for message in messages:
            text = message.message().as_string()
            for other in everyone - {address}:
                assert other not in text, (address, other)
    assert "Both sides agreed" in by_recipient[need_owner.email][0].subject


def test_e_mail_is_written_in_the_recipient_language(
    immediate_tasks, need, need_owner, expert, expert_owner, django_capture_on_commit_callbacks
):
    """A recipient who reads French gets a link under /fr/."""
    expert_owner.language = "fr"
    expert_owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_create(need=need, provider=expert, actor=need_owner)
    (message,) = mail.outbox
    assert "/fr/proposals/" in message.body


def test_marking_read_touches_only_own_notices(need, need_owner, expert, expert_owner, curator):
    """Marking notices read changes the actor's own and never another person's."""
    proposal = proposal_create(need=need, provider=expert, actor=curator)
    theirs = Notice.objects.get(recipient=need_owner)
    mine = Notice.objects.get(recipient=expert_owner)
    assert notices_mark_read(actor=expert_owner, notice_ids=[theirs.pk, mine.pk]) == 1
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None
    assert mine.read_at is not None
    assert proposal.pk
