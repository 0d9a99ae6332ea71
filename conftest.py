"""Fixtures shared by every app's tests."""

import os
import socket
from email import message_from_bytes
from email import policy as email_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import translation

from ayni.accounts.tests.factories import (
    AdministratorFactory,
    CuratorFactory,
    FocalPointFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def english_by_default() -> Any:
    """Every test starts in English: a request in another language leaves that language
    active in the thread, and lazy strings read after it would follow it."""
    translation.activate("en")
    yield
    translation.activate("en")


def pytest_report_header() -> str:
    url = os.environ.get("DATABASE_URL", "")
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    return f"ayni: tests on {engine}"


@pytest.fixture
def contributor(db):
    return UserFactory()


@pytest.fixture
def focal_point_sn(db):
    """The national focal point of Senegal."""
    return FocalPointFactory(country_id="SN")


@pytest.fixture
def focal_point_br(db):
    """The national focal point of Brazil."""
    return FocalPointFactory(country_id="BR")


@pytest.fixture
def curator(db):
    return CuratorFactory()


@pytest.fixture
def administrator(db):
    return AdministratorFactory()


class _Inbox:
    """Messages a real SMTP server on loopback received."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "message": message_from_bytes(envelope.content, policy=email_policy.default),
            }
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1, and Django's SMTP backend pointed at it.

    Background tasks run at once (django-tasks' immediate backend), so what a service queues
    is delivered during the test.
    """
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (the controller checks it by connecting)
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    try:
        yield inbox
    finally:
        controller.stop()
