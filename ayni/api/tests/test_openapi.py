"""The OpenAPI schema and the documentation page."""

import pytest
from openapi_spec_validator import validate

from ayni.api.tests.test_read import ALL_PATHS

pytestmark = pytest.mark.django_db

ERROR_CODES = {"400", "401", "403", "404", "409", "422", "429"}


def test_openapi_lists_every_endpoint_of_every_type(visitor_api):
    """Version 3.1, with list, detail and workflow paths for every record type."""
    schema = visitor_api.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["version"] == "1"
    for segment in ALL_PATHS.values():
        base = f"/api/v1/{segment}"
        assert set(schema["paths"][base]) == {"get", "post"}
        assert set(schema["paths"][base + "/{record_id}"]) == {"get", "put"}
        for step in ("submit", "publish", "reject", "archive"):
            assert set(schema["paths"][f"{base}/{{record_id}}/{step}"]) == {"post"}


def test_every_operation_declares_every_error_in_the_one_shape(visitor_api):
    """400, 401, 403, 404, 409, 422 and 429 are declared everywhere, as ErrorOut."""
    schema = visitor_api.get("/api/v1/openapi.json").json()
    operation_ids = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert set(responses) >= ERROR_CODES, (path, method)
            for code in ERROR_CODES:
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut"
            operation_ids.add(operation["operationId"])
    assert len(operation_ids) == sum(len(ops) for ops in schema["paths"].values())
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {"error"}


def test_record_schemas_name_the_exchange_fields(visitor_api):
    """The need's schema names its fields; the expert's input schema has the e-mail."""
    schemas = visitor_api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"country", "title", "subjects", "progress"} <= set(schemas["NeedRecord"]["properties"])
    assert "email" in schemas["ExpertRecordIn"]["properties"]


def test_bearer_security_scheme_is_declared(visitor_api):
    """Clients learn from the schema how to send their token."""
    schema = visitor_api.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(schemes.values())).items()


def test_docs_page_loads_nothing_from_other_hosts(visitor_api):
    """The documentation page uses the Swagger UI shipped in django-ninja, served here."""
    page = visitor_api.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/api/v1/openapi.json" in html
    assert "http://" not in html
    assert "https://" not in html
    assert 'src="//' not in html
    assert 'href="//' not in html
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        assert f"/api/v1/docs/assets/{asset}" in html
        response = visitor_api.get(f"/api/v1/docs/assets/{asset}")
        assert response.status_code == 200


def test_docs_assets_serve_only_the_known_files(visitor_api):
    """The asset view is no file server: other names are a 404."""
    assert visitor_api.get("/api/v1/docs/assets/..%2F__init__.py").status_code == 404
    assert visitor_api.get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404


def test_reads_are_open_to_anonymous_callers_and_writes_need_a_token(visitor_api):
    """GET operations accept no token or a Bearer token; the others require the token."""
    schema = visitor_api.get("/api/v1/openapi.json").json()
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            expected: list[dict[str, list[str]]] = (
                [{"TokenAuth": []}, {}] if method == "get" else [{"TokenAuth": []}]
            )
            assert operation["security"] == expected, operation["operationId"]


def test_unknown_endpoint_is_a_404_in_the_error_shape(visitor_api):
    """An address under /api/ that is no endpoint answers in the API's error shape."""
    response = visitor_api.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_openapi_document_is_valid_openapi_3_1(visitor_api):
    """openapi-spec-validator (written by others) accepts the schema."""
    validate(visitor_api.get("/api/v1/openapi.json").json())
