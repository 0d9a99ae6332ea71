"""The contact relay: a visitor's message reaches an expert, whose address stays hidden."""

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from ayni.accounts.tests import factories as accounts_factories
from ayni.core.choices import RecordStatus
from ayni.roster.tests import factories as roster_factories

pytestmark = pytest.mark.django_db
UserFactory: Any = accounts_factories.UserFactory  # factories build model instances
ExpertFactory: Any = roster_factories.ExpertFactory  # factories build model instances
OrganizationFactory: Any = roster_factories.OrganizationFactory  # factories build model instances

MESSAGE = {
    "name": "Awa Diop",
    "email": "awa@example.sn",
    "message": "Could you train our rangers in mangrove monitoring next year?",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def contact_url(record_type: str, uid: str) -> str:
    with translation.override("en"):
        return reverse("portal:contact", kwargs={"record_type": record_type, "uid": uid})


def test_message_reaches_the_expert_over_smtp_with_reply_to(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """Through a real SMTP server: to the expert, Reply-To the sender, address never shown."""
    expert = ExpertFactory(email="hidden.expert@example.org")
    page = client.get(contact_url("expert", expert.uid))
    assert "hidden.expert@example.org" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url("expert", expert.uid), MESSAGE, follow=True)
    assert response.status_code == 200
    assert "hidden.expert@example.org" not in response.content.decode()
    assert len(smtp_server.messages) == 1
    sent = smtp_server.messages[0]
    assert sent["to"] == ["hidden.expert@example.org"]
    assert sent["message"]["Reply-To"] == "awa@example.sn"
    assert "mangrove monitoring" in sent["message"].get_body().get_content()


def test_message_to_an_organization_goes_to_its_submitter(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    """An organization's messages go to the person who submitted it."""
    submitter = UserFactory(email="herbarium@example.ke")
    organization = OrganizationFactory(submitted_by=submitter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url("organization", organization.uid), MESSAGE)
    assert [message.to for message in mail.outbox] == [["herbarium@example.ke"]]
    assert mail.outbox[0].reply_to == ["awa@example.sn"]


def test_bad_message_is_refused_next_to_the_field_and_not_sent(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    """No reply address and a short message: messages at the fields, nothing sent."""
    expert = ExpertFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            contact_url("expert", expert.uid), {"name": "A", "email": "nope", "message": "hi"}
        )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "message"}
    assert mail.outbox == []


def test_sixth_message_in_an_hour_is_refused_with_429(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    """Five messages an hour per sender; the sixth gets a clear message and status 429."""
    expert = ExpertFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post(contact_url("expert", expert.uid), MESSAGE).status_code == 302
        response = client.post(contact_url("expert", expert.uid), MESSAGE)
    assert response.status_code == 429
    assert "too many messages" in response.content.decode()
    assert len(mail.outbox) == 5


def test_unlisted_or_unpublished_experts_cannot_be_contacted(client):
    """No consent to be listed, or not published: no contact page (404)."""
    hidden = ExpertFactory(consent_public=False)
    draft = ExpertFactory(status=RecordStatus.DRAFT)
    assert client.get(contact_url("expert", hidden.uid)).status_code == 404
    assert client.get(contact_url("expert", draft.uid)).status_code == 404
