"""Fixtures of the partnership loop's tests."""

from typing import Any

import pytest

from ayni.partnerships.tests.factories import published_expert, published_need


@pytest.fixture
def need(db: Any) -> Any:
    return published_need()


@pytest.fixture
def need_owner(need: Any) -> Any:
    return need.submitted_by


@pytest.fixture
def expert(db: Any) -> Any:
    return published_expert()


@pytest.fixture
def expert_owner(expert: Any) -> Any:
    return expert.submitted_by


@pytest.fixture
def immediate_tasks(settings: Any) -> Any:
    """Background tasks run at once (the e-mails a service queues are sent in the test)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return settings
