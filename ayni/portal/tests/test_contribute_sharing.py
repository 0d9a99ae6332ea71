"""Share-draft links: a signed token that opens a draft read-only, until it expires."""

import time
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.needs.tests import factories as needs_factories
from ayni.portal.services import SHARE_LINK_MAX_AGE, SHARE_SALT, draft_share_token

pytestmark = pytest.mark.django_db
NeedFactory: Any = needs_factories.NeedFactory  # factories build model instances


def shared_url(token: str) -> str:
    with translation.override("en"):
        return reverse("portal:shared_draft", kwargs={"token": token})


def test_share_link_shows_the_draft_to_anyone(client, contributor):
    """A visitor with the link reads the draft, and no form to change it."""
    need = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor, title={"en": "Secret"})
    token = draft_share_token(record=need, actor=contributor)
    response = client.get(shared_url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Secret" in html
    assert 'name="title__' not in html
    assert "Save as draft" not in html


def test_edit_page_offers_the_share_link(client, contributor):
    """The author finds the link on their draft's edit page."""
    need = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor)
    client.force_login(contributor)
    with translation.override("en"):
        edit = reverse("portal:record_edit", kwargs={"record_type": "need", "uid": need.uid})
    response = client.get(edit)
    assert "/en/shared/" in response.context["share_url"]
    client.logout()
    assert client.get(response.context["share_url"]).status_code == 200


def test_altered_token_is_not_found(client, contributor):
    """A token that was changed gives a clear 404 page."""
    need = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor)
    token = draft_share_token(record=need, actor=contributor)
    response = client.get(shared_url(token[:-2] + "xx"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_expired_token_is_gone(client, contributor):
    """A link older than its lifetime gives a clear 410 page."""
    need = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor)
    signer = signing.TimestampSigner(salt=SHARE_SALT)
    signer.timestamp = lambda: signing.b62_encode(int(time.time()) - SHARE_LINK_MAX_AGE - 60)  # type: ignore[method-assign]
    token = signer.sign_object({"t": "need", "id": need.uid})
    response = client.get(shared_url(token))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_only_the_author_or_a_moderator_may_share(contributor):
    """Someone who may not edit the draft gets no link."""
    need = NeedFactory(status=RecordStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        draft_share_token(record=need, actor=contributor)
