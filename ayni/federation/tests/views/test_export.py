"""The portal's /<lang>/export/: the search page's parameters, a file to download."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ayni.api import selectors
from ayni.federation.tests.views.exports import EXPERT_EMAIL, export_world

pytestmark = pytest.mark.django_db


def export(client, **params):
    return client.get("/fr/export/", params)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_export_address_is_under_the_language_prefix():
    """portal:search_export is /<lang>/export/."""
    assert reverse("portal:search_export") in ("/en/export/", "/fr/export/")


def test_csv_is_the_default_and_holds_public_records_only(client):
    """No format: a CSV of the published records; no draft, hidden expert or e-mail."""
    export_world()
    response = export(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="ayni-export-' in response["Content-Disposition"]
    text = body(response).decode()
    ids = {row["id"] for row in csv.DictReader(io.StringIO(text))}
    assert ids == {"test:need-1", "test:offer-1", "test:cs-1", "test:event-1", "test:expert-public"}
    assert EXPERT_EMAIL not in text


def test_search_page_parameters_filter_the_export(client):
    """q, type, country, subject, assistance_type and language as on the search page."""
    export_world()

    def ids(**params):
        lines = body(export(client, format="jsonl", **params)).decode().splitlines()
        return sorted(json.loads(line)["id"] for line in lines)

    assert ids(q="manglares") == ["test:offer-1"]
    assert ids(type="case-study") == ["test:cs-1"]
    assert ids(country="MA") == ["test:cs-1"]
    assert ids(subject="forest") == ["test:cs-1"]
    assert ids(assistance_type="training") == ["test:need-1"]
    assert ids(language="es") == ["test:offer-1"]
    assert ids(subject="marine-coastal", type="event") == ["test:event-1"]


def test_xlsx_export_downloads_a_workbook(client):
    """format=xlsx: a workbook with a row per record found."""
    export_world()
    response = export(client, format="xlsx", country="FJ")
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True)["records"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert [row[header.index("id")] for row in rows] == ["test:event-1"]
    assert rows[0][header.index("title.en")] == "Workshop on coral reef monitoring"


def test_unknown_format_is_a_400_saying_which_formats_exist(client):
    """format=pdf: status 400 and a message naming the format and the choices."""
    response = export(client, format="pdf")
    assert response.status_code == 400
    text = response.content.decode()
    assert "pdf" in text
    assert "jsonl, csv, xlsx" in text


def test_unknown_record_type_is_a_400(client):
    """type=widget: status 400, the message names it."""
    response = export(client, type="widget")
    assert response.status_code == 400
    assert "widget" in response.content.decode()


def test_too_many_records_is_a_400_with_the_count(client, monkeypatch):
    """Beyond the maximum: a 400 telling how many were found and the maximum."""
    export_world()
    monkeypatch.setattr(selectors, "MAX_EXPORT_ROWS", 3)
    response = export(client)
    assert response.status_code == 400
    assert "5" in response.content.decode()


def test_export_refuses_other_methods(client):
    """A POST is a 405: the export only reads."""
    assert client.post("/fr/export/").status_code == 405
