"""The needs × expertise heat map: an accessible table, unmet cells marked by more than colour,
drill-down to a cell's needs and providers, CSV and JSON, and clear answers to bad input."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ayni.matching.tests.services.scenario import (
    published_case_study,
    published_expert,
    published_need,
    published_offer,
)

pytestmark = pytest.mark.django_db


def _url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"portal:{name}")


def _cell(html: str, row_code: str, column: str) -> str:
    """The <td> whose drill-down link points at (row, column)."""
    pattern = (
        r'<td class="([^"]*)"><a href="[^"]*row='
        + re.escape(row_code)
        + r"&amp;column="
        + re.escape(column)
        + r'">(.*?)</a></td>'
    )
    found = re.search(pattern, html)
    assert found, f"no cell {row_code} × {column}"
    return found.group(1) + "|" + found.group(2)


def test_heat_map_is_a_table_with_caption_headers_and_numbers(client):
    """The page is a table with a caption and scoped headers; each counted cell shows
    "needs/expertise" as text and links to its drill-down."""
    published_need(subjects=["forest"])
    published_offer(provider_country_id="SN", subjects=["forest"])
    response = client.get(_url("crosstab"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html
    cell = _cell(html, "SN", "forest")
    assert cell.endswith("1/1")
    assert "unmet" not in cell.split("|")[0]
    assert 'href="/en/countries/SN/"' in html


def test_unmet_cell_is_marked_by_text_and_class_not_colour_only(client):
    """A cell with open needs and no expertise carries the "unmet" class, a visible "!" and a
    word for screen readers."""
    published_need(subjects=["marine-coastal"])
    html = client.get(_url("crosstab")).content.decode()
    classes, text = _cell(html, "SN", "marine-coastal").split("|")
    assert "unmet" in classes.split()
    assert "!" in text
    assert "unmet" in text
    assert text.endswith("1/0")
    assert "1 unmet cell" in html


def test_rows_by_region_and_columns_by_target(client):
    """``rows=region&columns=target`` rolls the counts up into M49 regions and GBF targets."""
    published_need(subjects=["forest"], gbf_targets=["GBF-TARGET-02"])
    html = client.get(_url("crosstab") + "?rows=region&columns=target").content.decode()
    assert _cell(html, "002", "GBF-TARGET-02").endswith("1/0")
    assert 'href="/en/regions/002/"' in html


def test_unknown_axis_gets_a_message_saying_which_parameter(client):
    """``rows=planets`` is a 400 naming the parameter and its values; the table still shows."""
    response = client.get(_url("crosstab") + "?rows=planets")
    assert response.status_code == 400
    html = response.content.decode()
    assert "planets" in html
    assert "rows" in html
    assert "grouping" in html


def test_csv_and_json_of_the_same_table_are_linked_and_served(client):
    """The page links the CSV and JSON; they hold the same counts and the unmet flag."""
    published_need(subjects=["marine-coastal"])
    html = client.get(_url("crosstab")).content.decode()
    assert 'href="/en/crosstab.csv?rows=country&amp;columns=subject"' in html
    assert 'href="/en/crosstab.json?rows=country&amp;columns=subject"' in html
    response = client.get(_url("crosstab_csv") + "?rows=country&columns=subject")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    line = next(x for x in lines if x["row"] == "SN" and x["column"] == "marine-coastal")
    assert (line["needs"], line["expertise"], line["unmet"]) == ("1", "0", "1")
    data = client.get(_url("crosstab_json")).json()
    assert {"row": "SN", "column": "marine-coastal"} in data["unmet"]
    assert client.get(_url("crosstab_csv") + "?columns=moons").status_code == 400


def test_cell_drill_down_lists_needs_and_providers(client):
    """The cell page lists the cell's open needs (with a link to their matches) and its
    providers; an expert without consent is counted, never named."""
    need = published_need(subjects=["forest"], country_id="BR")
    offer = published_offer(provider_country_id="BR", subjects=["forest"])
    listed = published_expert(name="Ana Souza", country_id="BR", subjects=["forest"])
    published_expert(
        name="Hidden Person", country_id="BR", subjects=["forest"], consent_public=False
    )
    case = published_case_study(
        title={"pt": "Viveiros comunitários"}, provider_countries=["BR"], subjects=["forest"]
    )
    url = _url("crosstab_cell") + "?rows=country&row=BR&columns=subject&column=forest"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/en/needs/{need.uid}/"' in html
    assert f'href="/en/needs/{need.uid}/matches/"' in html
    assert f'href="/en/offers/{offer.uid}/"' in html
    assert f'href="/en/experts/{listed.uid}/"' in html
    assert f'href="/en/case-studies/{case.uid}/"' in html
    assert "Ana Souza" in html
    assert "Hidden Person" not in html
    assert "1 more expert is counted but not listed publicly." in html


def test_cell_drill_down_rejects_unknown_cells(client):
    """An unknown row or a missing column is a 400 that says what is wrong."""
    base = _url("crosstab_cell")
    response = client.get(base + "?rows=country&row=XX&columns=subject&column=forest")
    assert response.status_code == 400
    assert "XX" in response.content.decode()
    response = client.get(base + "?rows=country&row=SN")
    assert response.status_code == 400
    assert "column" in response.content.decode()
