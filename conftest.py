"""Fixtures shared by every app's tests."""

import os

import pytest

from ayni.accounts.tests.factories import (
    AdministratorFactory,
    CuratorFactory,
    FocalPointFactory,
    UserFactory,
)


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
