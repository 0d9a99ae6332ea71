"""Accounts through django-allauth: sign up, mandatory e-mail verification, sign in by e-mail,
password reset and sign out, in the portal's layout."""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache

from ayni.accounts.models import User
from ayni.accounts.tests import factories as accounts_factories

pytestmark = pytest.mark.django_db
UserFactory: Any = accounts_factories.UserFactory  # factories build model instances

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts attempts in the cache
    yield
    cache.clear()


def verified_user(email: str = "awa@example.sn") -> User:
    from allauth.account.models import EmailAddress

    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def link_in(body: str) -> str:
    found = re.search(r"https?://[^\s]+", body)
    assert found, body
    return found.group(0).split("testserver", 1)[1]


def test_sign_up_needs_the_email_confirmed_before_signing_in(client):
    """Signing up sends a confirmation e-mail; the account signs in once it is confirmed."""
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = User.objects.get(email="new@example.org")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    confirm = link_in(str(mail.outbox[0].body))
    page = client.get(confirm)
    assert page.status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unconfirmed_account_cannot_sign_in(client):
    """A correct password without a confirmed address sends a new confirmation instead."""
    UserFactory(email="waiting@example.org")
    response = client.post(
        "/en/accounts/login/", {"login": "waiting@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_sign_in_by_email_address(client):
    """A confirmed person signs in with their e-mail address and lands on their dashboard."""
    user = verified_user()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_reported_on_the_form(client):
    """A wrong password shows the form again with a message, and nobody is signed in."""
    user = verified_user()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_failed_sign_ins_are_rate_limited(client):
    """After five failed attempts for one address, allauth refuses further tries."""
    user = verified_user()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_by_email(client):
    """The reset link in the e-mail sets a new password that then signs in."""
    user = verified_user()
    client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = link_in(str(mail.outbox[0].body))
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new = "another-long-password-42"
    response = client.post(action, {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_sign_out_is_a_post(client):
    """Sign out asks for confirmation on GET and signs out on POST (with CSRF)."""
    user = verified_user()
    client.force_login(user)
    assert client.get("/en/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_account_pages_use_the_portal_layout_in_the_reader_language(client):
    """The sign-in page extends the portal's base template, in French under /fr/."""
    response = client.get("/fr/accounts/login/")
    assert response.status_code == 200
    assert "portal/base.html" in [template.name for template in response.templates]
    assert '<html lang="fr"' in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
