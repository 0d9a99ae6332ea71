"""Schemathesis against the API, in process: no server error, no undocumented status code.

Every operation of ``/api/v1/openapi.json`` gets ``MAX_EXAMPLES`` generated requests
(derandomized: the same ones on every run), sent with a curator's API token so that the
write endpoints run their services rather than stop at the 401. Two checks only:
``not_a_server_error`` (no 5xx) and ``status_code_conformance`` (every status the API answers
is declared for that operation in the schema).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from ayni.api.services import api_token_create
from config.wsgi import application

MAX_EXAMPLES = 25

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def curator_key(curator, settings):
    """A curator's key, with a write limit no generated run reaches."""
    settings.AYNI_API_WRITES_PER_WINDOW = 1_000_000
    _token, key = api_token_create(user=curator, name="schemathesis", actor=curator)
    return key


@pytest.fixture
def test_transaction_kept():
    """The WSGI handler closes the database connection at the end of each request (Django's
    test client switches that off, the WSGI transport does not): on PostgreSQL that would
    close the test's transaction. Switched off here too, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_as_its_schema_says(
    case, curator_key, test_transaction_kept
):
    """Whatever the generated request, the API answers no 5xx and only documented statuses."""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {curator_key}"},
        checks=[not_a_server_error, status_code_conformance],
    )
