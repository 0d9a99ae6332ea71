"""GET /api/v1/export: a search result as JSON Lines, CSV or XLSX, public records only."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from ayni.api import selectors
from ayni.federation.tests.views.exports import EXPERT_EMAIL, export_world

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def jsonl(response) -> list[dict]:
    return [json.loads(line) for line in content(response).decode().splitlines()]


def test_jsonl_export_streams_every_published_record_in_the_exchange_format(visitor_api):
    """Without words or filters: every published record, one exchange-format line each."""
    export_world()
    response = visitor_api.get("/api/v1/export", {"format": "jsonl"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert "attachment" in response["Content-Disposition"]
    ids = [record["id"] for record in jsonl(response)]
    assert sorted(ids) == sorted(
        ["test:need-1", "test:offer-1", "test:cs-1", "test:event-1", "test:expert-public"]
    )


def test_export_leaves_out_drafts_hidden_experts_and_emails(visitor_api, curator_api):
    """Even for a curator: no draft, no expert without consent, no e-mail anywhere."""
    export_world()
    for client in (visitor_api, curator_api):
        for export_format in ("jsonl", "csv"):
            body = content(client.get("/api/v1/export", {"format": export_format})).decode()
            assert "test:need-draft" not in body
            assert "test:expert-hidden" not in body
            assert EXPERT_EMAIL not in body
            assert "email" not in body


def test_export_applies_the_words_and_filters_of_the_search(visitor_api):
    """'mangroves' finds the need; country=BR the offer and the expert; type narrows."""
    export_world()
    words = jsonl(visitor_api.get("/api/v1/export", {"q": "mangroves"}))
    assert [record["id"] for record in words] == ["test:need-1"]
    brazil = jsonl(visitor_api.get("/api/v1/export", {"country": "br"}))
    assert sorted(record["id"] for record in brazil) == ["test:expert-public", "test:offer-1"]
    offers = jsonl(visitor_api.get("/api/v1/export", {"country": "BR", "type": "offer"}))
    assert [record["id"] for record in offers] == ["test:offer-1"]
    several = jsonl(visitor_api.get("/api/v1/export?country=SN&country=FJ"))
    assert sorted(record["id"] for record in several) == ["test:event-1", "test:need-1"]


def test_csv_export_is_a_table_with_language_columns(visitor_api):
    """CSV: one row per record, title.fr / title.es ... columns for the languages found."""
    export_world()
    response = visitor_api.get("/api/v1/export", {"format": "csv", "subject": "marine-coastal"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(content(response).decode())))
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {"test:need-1", "test:offer-1", "test:event-1", "test:expert-public"}
    assert by_id["test:need-1"]["title.fr"] == "Formation au suivi des mangroves par drone"
    assert by_id["test:offer-1"]["title.es"] == "Restauración de manglares en la costa"
    assert by_id["test:need-1"]["subjects"] == "marine-coastal;monitoring-indicators"
    assert "email" not in rows[0]


def test_xlsx_export_opens_in_openpyxl(visitor_api):
    """XLSX: a workbook whose sheet has the header and a row per record."""
    export_world()
    response = visitor_api.get("/api/v1/export", {"format": "xlsx", "type": "need"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(content(response)), read_only=True)["records"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert [row[header.index("id")] for row in rows] == ["test:need-1"]


def test_unknown_format_is_a_422_naming_the_parameter(visitor_api):
    """format=pdf: 422 in the API's error shape, the detail on the query parameter 'format'."""
    response = visitor_api.get("/api/v1/export", {"format": "pdf"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["location"] == "query"
    assert error["details"][0]["field"] == "format"


def test_unknown_type_is_a_422_naming_the_parameter(visitor_api):
    """type=widget is no record type: 422 naming 'type', listing the types."""
    response = visitor_api.get("/api/v1/export", {"type": "widget"})
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert detail["field"] == "type"
    assert "case-study" in detail["message"]


def test_export_beyond_the_maximum_is_refused_with_the_count(visitor_api, monkeypatch):
    """More records than the maximum: a 422 saying how many were found, nothing streamed."""
    export_world()
    monkeypatch.setattr(selectors, "MAX_EXPORT_ROWS", 2)
    response = visitor_api.get("/api/v1/export", {"format": "csv"})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "5" in message
    assert "2" in message


def test_export_is_declared_in_the_openapi_schema(visitor_api):
    """The operation, its three content types and every error status are in the schema."""
    schema = visitor_api.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/export"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/x-ndjson",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    for status in ("400", "401", "403", "404", "409", "422", "429"):
        assert status in operation["responses"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"format", "q", "type", "country", "subject", "assistance_type", "year"} <= names


def test_export_holds_every_record_beyond_one_search_page(visitor_api):
    """More records than a search page (100): the export still holds each of them once."""
    from ayni.search.tests.factories import need, write_and_index

    write_and_index(*[need(f"test:need-{number}") for number in range(130)])
    records = jsonl(visitor_api.get("/api/v1/export", {"type": "need"}))
    assert sorted(record["id"] for record in records) == sorted(
        f"test:need-{number}" for number in range(130)
    )
