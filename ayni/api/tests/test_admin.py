"""API tokens in the back office."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from ayni.api.models import ApiToken
from ayni.api.services import api_token_create
from ayni.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_making_a_token_shows_its_key_once(client, administrator, contributor):
    """The admin makes a token for a person and shows the working key in a message."""
    client.force_login(administrator)
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": contributor.pk, "name": "sync"}, follow=True
    )
    assert response.status_code == 200
    (key_message,) = [m for m in _messages(response) if "not be shown again" in m]
    key = next(word for word in key_message.split() if word.startswith("ayni_"))
    token = ApiToken.objects.get()
    assert token.user == contributor
    assert key not in token.key_hash
    assert ApiClient(key).get("/api/v1/needs").status_code == 200
    page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert key not in page.content.decode()


def test_revoke_action_stops_the_tokens(client, administrator, contributor):
    """The revoke action of the list turns the selected tokens off."""
    token, key = api_token_create(user=contributor, name="sync", actor=contributor)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "index": 0, ACTION_CHECKBOX_NAME: [token.pk]},
        follow=True,
    )
    assert "1 token revoked." in _messages(response)
    assert ApiClient(key).get("/api/v1/needs").status_code == 401


def test_list_shows_tokens_to_administrators(client, administrator, contributor):
    """The list names each token and its owner, never its key."""
    _token, key = api_token_create(user=contributor, name="nightly sync", actor=contributor)
    client.force_login(administrator)
    page = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert "nightly sync" in page
    assert key not in page
