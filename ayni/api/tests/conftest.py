"""Fixtures of the API tests: a token per role, and a client that sends it."""

from typing import Any

import pytest
from django.test import Client

from ayni.api.services import api_token_create


class ApiClient:
    """Django's test client speaking JSON to the API, with a Bearer key when given one."""

    def __init__(self, key: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, data or {}, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            path,
            body if body is not None else {},
            content_type="application/json",
            headers=self.headers,
        )

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(path, body, content_type="application/json", headers=self.headers)


def client_for(user: Any) -> ApiClient:
    _token, key = api_token_create(user=user, name="tests", actor=user)
    return ApiClient(key)


@pytest.fixture
def visitor_api(db):
    return ApiClient()


@pytest.fixture
def contributor_api(contributor):
    return client_for(contributor)


@pytest.fixture
def focal_point_api(focal_point_sn):
    return client_for(focal_point_sn)


@pytest.fixture
def curator_api(curator):
    return client_for(curator)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The write rate counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
