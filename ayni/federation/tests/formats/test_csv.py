"""The CSV format: columns, flattened language maps and lists, and the formula guard."""

import csv
import io

from ayni.federation.formats.csv import csv_lines, table_columns

NEED = {
    "type": "need",
    "id": "sn-dpn:need-7",
    "status": "published",
    "country": "SN",
    "title": {"fr": "Formation au suivi des mangroves", "en": "Mangrove monitoring training"},
    "subjects": ["marine-coastal", "monitoring-indicators"],
    "gbf_targets": ["GBF-TARGET-02"],
    "languages": ["fr"],
}


def read(records, record_types, languages):
    text = "".join(csv_lines(records, table_columns(record_types, languages)))
    return list(csv.DictReader(io.StringIO(text)))


def test_language_maps_become_one_column_per_language():
    """title → title.en and title.fr columns, each holding its language's text."""
    [row] = read([NEED], ["need"], ["en", "fr"])
    assert row["title.en"] == "Mangrove monitoring training"
    assert row["title.fr"] == "Formation au suivi des mangroves"
    assert row["type"] == "need"
    assert row["id"] == "sn-dpn:need-7"


def test_lists_are_joined_with_semicolons():
    """A list of codes is one cell, its items joined with ';'."""
    [row] = read([NEED], ["need"], ["fr"])
    assert row["subjects"] == "marine-coastal;monitoring-indicators"
    assert row["gbf_targets"] == "GBF-TARGET-02"


def test_absent_fields_are_empty_cells():
    """A field the record does not have is an empty cell, not 'None'."""
    [row] = read([NEED], ["need"], ["fr"])
    assert row["timeframe_start"] == ""
    assert "None" not in row.values()


def test_cells_that_look_like_formulas_are_prefixed_with_an_apostrophe():
    """=, +, - and @ at the start of a cell are neutralised; the rest of the text is kept."""
    record = {
        **NEED,
        "title": {"en": '=HYPERLINK("http://evil")', "fr": "+33 rue"},
        "institution": "@SUM(A1)",
        "co_financing": {"en": "-1"},
    }
    [row] = read([record], ["need"], ["en", "fr"])
    assert row["title.en"] == '\'=HYPERLINK("http://evil")'
    assert row["title.fr"] == "'+33 rue"
    assert row["institution"] == "'@SUM(A1)"
    assert row["co_financing.en"] == "'-1"


def test_private_fields_have_no_column():
    """An expert's e-mail is never a column, even when the record holds it."""
    expert = {
        "type": "expert",
        "id": "ayni:ex-1",
        "status": "published",
        "name": "Ana Souza",
        "country": "BR",
        "email": "ana@example.org",
        "consent_public": True,
    }
    text = "".join(csv_lines([expert], table_columns(["expert"], [])))
    assert "email" not in text
    assert "ana@example.org" not in text
    [row] = csv.DictReader(io.StringIO(text))
    assert row["name"] == "Ana Souza"
    assert row["consent_public"] == "true"


def test_a_field_that_is_text_in_one_type_and_a_map_in_another_has_both_columns():
    """An organization's name (language map) and an expert's (plain text) both land."""
    organization = {
        "type": "organization",
        "id": "ayni:org-1",
        "status": "published",
        "name": {"pt": "Universidade de Brasília"},
        "country": "BR",
        "organization_type": "academic",
    }
    expert = {"type": "expert", "id": "ayni:ex-1", "status": "published", "name": "Ana"}
    rows = read([organization, expert], ["organization", "expert"], ["pt"])
    assert rows[0]["name.pt"] == "Universidade de Brasília"
    assert rows[0]["name"] == ""
    assert rows[1]["name"] == "Ana"
    assert rows[1]["name.pt"] == ""


def test_links_and_building_blocks_are_flattened():
    """Links read 'name <url>'; a list of language maps is joined per language."""
    case_study = {
        "type": "case-study",
        "id": "ayni:cs-1",
        "status": "published",
        "title": {"en": "Seed banks"},
        "links": [{"url": "https://example.org/a", "name": "Report"}, {"url": "https://b.org"}],
        "building_blocks": [{"en": "Community nursery"}, {"en": "Seed fair", "fr": "Foire"}],
    }
    [row] = read([case_study], ["case-study"], ["en", "fr"])
    assert row["links"] == "Report <https://example.org/a>;https://b.org"
    assert row["building_blocks.en"] == "Community nursery;Seed fair"
    assert row["building_blocks.fr"] == "Foire"


def test_quotes_commas_and_newlines_survive_a_round_trip():
    """RFC 4180 quoting: the csv module reads back exactly the text written."""
    record = {**NEED, "title": {"en": 'A "quoted", multi-line\ntitle'}}
    [row] = read([record], ["need"], ["en"])
    assert row["title.en"] == 'A "quoted", multi-line\ntitle'
