"""The map tests read country names in English unless a test says otherwise."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Whatever language an earlier test left active, these tests start in English."""
    with translation.override("en"):
        yield
