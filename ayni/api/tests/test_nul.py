"""A NUL character anywhere in a request is a 422 saying so, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_parameter_is_a_422_naming_it(visitor_api):
    """?country=S%00N: 422 naming the parameter, on SQLite and PostgreSQL alike."""
    for path in ("/api/v1/needs", "/api/v1/export"):
        response = visitor_api.get(path, {"country": "S\x00N"})
        assert response.status_code == 422
        detail = response.json()["error"]["details"][0]
        assert detail["location"] == "query"
        assert detail["field"] == "country"


def test_nul_in_a_path_is_a_422(visitor_api):
    """A record id holding a NUL is refused before it reaches the database."""
    response = visitor_api.get("/api/v1/needs/ayni:a%00b")
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["location"] == "path"


def test_nul_in_a_json_text_is_a_422_and_nothing_is_stored(contributor_api):
    """A title holding U+0000 is refused; no record is created."""
    from ayni.needs.models import Need

    body = {"country": "SN", "title": {"en": "Mangroves\u0000"}}
    response = contributor_api.post("/api/v1/needs", body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["location"] == "body"
    assert not Need.objects.exists()
