"""The services of API tokens."""

import pytest

from ayni.api.services import api_token_authenticate, api_token_create, api_token_revoke
from ayni.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_token_authenticates_its_user_until_revoked(contributor):
    """The key finds its token and user; once revoked, it finds nothing."""
    token, key = api_token_create(user=contributor, name="sync", actor=contributor)
    found = api_token_authenticate(key=key)
    assert found is not None
    assert found.user == contributor
    api_token_revoke(token=token, actor=contributor)
    assert api_token_authenticate(key=key) is None


def test_token_of_an_inactive_user_opens_nothing(contributor):
    """A deactivated account's tokens stop working with it."""
    _token, key = api_token_create(user=contributor, name="sync", actor=contributor)
    contributor.is_active = False
    contributor.save()
    assert api_token_authenticate(key=key) is None


def test_only_administrators_make_tokens_for_others(contributor, curator, administrator):
    """A curator cannot make a token that acts as someone else; an administrator can."""
    with pytest.raises(PermissionDenied):
        api_token_create(user=contributor, name="sync", actor=curator)
    token, _key = api_token_create(user=contributor, name="sync", actor=administrator)
    assert token.user == contributor


def test_token_needs_a_name(contributor):
    """A token's name says what it is for; a blank one is refused."""
    with pytest.raises(ValidationFailed):
        api_token_create(user=contributor, name="  ", actor=contributor)


def test_keys_are_unique(contributor):
    """Two tokens never share a key."""
    keys = {api_token_create(user=contributor, name="t", actor=contributor)[1] for _ in range(5)}
    assert len(keys) == 5
