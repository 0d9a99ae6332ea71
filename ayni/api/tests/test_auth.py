"""API tokens: Bearer keys, their hashes, revocation."""

import hashlib

import pytest

from ayni.api.models import ApiToken
from ayni.api.services import api_token_create, api_token_revoke
from ayni.api.tests.conftest import ApiClient
from ayni.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_the_key_is_stored(contributor):
    """The key is returned once; the database holds its SHA-256, not the key."""
    token, key = api_token_create(user=contributor, name="sync", actor=contributor)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.key_hash, stored.key_prefix, stored.name}


def test_unknown_token_is_a_401():
    """A key that opens nothing is refused, not taken as anonymous."""
    response = ApiClient("ayni_nonsense").get("/api/v1/needs")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_other_authorization_scheme_is_a_401(db):
    """Only Bearer keys are understood."""
    client = ApiClient()
    client.headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    assert client.get("/api/v1/needs").status_code == 401


def test_revoked_token_is_a_401(contributor):
    """A revoked token opens nothing any more."""
    token, key = api_token_create(user=contributor, name="sync", actor=contributor)
    assert ApiClient(key).get("/api/v1/needs").status_code == 200
    api_token_revoke(token=token, actor=contributor)
    assert ApiClient(key).get("/api/v1/needs").status_code == 401


def test_using_a_token_notes_when(contributor):
    """last_used tells an owner which tokens are still in use."""
    token, key = api_token_create(user=contributor, name="sync", actor=contributor)
    ApiClient(key).get("/api/v1/needs")
    token.refresh_from_db()
    assert token.last_used is not None


def test_someone_else_cannot_revoke_a_token(contributor, curator):
    """Only the owner or an administrator revokes a token."""
    token, _key = api_token_create(user=contributor, name="sync", actor=contributor)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=curator)
