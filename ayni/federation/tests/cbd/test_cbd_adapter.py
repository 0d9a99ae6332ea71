"""The CBD clearing-house adapter: CBD record JSON into the exchange format, and back.

Pure code, no database: the vocabularies are read from the shipped JSON files, and the
fixtures (``fixtures/<schema>.json``) are fictional records shaped on the CBD's documented
field lists (see docs/cbd-adapter.md).
"""

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ayni.federation.formats.ayni_jsonl import Vocabularies, validate_record
from ayni.federation.formats.cbd import (
    SCHEMA_TYPES,
    TYPE_SCHEMAS,
    AdapterResult,
    UnknownCode,
    UnknownSchema,
    ayni_to_cbd,
    cbd_to_ayni,
    normalise_target,
    subject_code_map,
)

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parents[3] / "vocabularies" / "data"


def _items(name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads((DATA / f"{name}.json").read_text("utf-8"))["items"]
    return items


@cache
def vocabularies() -> Vocabularies:
    targets = _items("targets")
    return Vocabularies(
        countries=frozenset(item["code"] for item in _items("countries")),
        regions=frozenset(item["code"] for item in _items("regions")),
        subjects=frozenset(item["slug"] for item in _items("subjects")),
        gbf_targets=frozenset(t["code"] for t in targets if t["framework"] == "gbf"),
        aichi_targets=frozenset(t["code"] for t in targets if t["framework"] == "aichi"),
        assistance_types=frozenset(item["slug"] for item in _items("assistance_types")),
        languages=frozenset(item["code"] for item in _items("languages")),
    )


@cache
def subject_codes() -> dict[str, str]:
    return subject_code_map(json.loads((DATA / "subjects.json").read_text("utf-8")))


def fixture(schema: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / f"{schema}.json").read_text("utf-8"))
    return document


ORGANIZATION_ID = "5E1F0C2A-7B3D-4C8E-9A61-2D4F8B7C1E03"


def read(document: dict[str, Any], **kwargs: Any) -> AdapterResult:
    kwargs.setdefault("subject_codes", subject_codes())
    kwargs.setdefault("references", {ORGANIZATION_ID: fixture("organization")})
    return cbd_to_ayni(document, vocabularies=vocabularies(), **kwargs)


# ---------------------------------------------------------------------------------------------
# Every schema


@pytest.mark.parametrize("schema", sorted(SCHEMA_TYPES))
def test_every_supported_schema_maps_to_a_valid_ayni_record(schema: str) -> None:
    """Each CBD schema's fixture becomes a record of its Ayni type that validate_record takes."""
    result = read(fixture(schema))

    assert result.problems == []
    assert result.ok
    assert result.record["type"] == SCHEMA_TYPES[schema]
    parsed = validate_record(result.record, vocabularies())
    assert parsed.type == SCHEMA_TYPES[schema]


@pytest.mark.parametrize("schema", sorted(SCHEMA_TYPES))
def test_provenance_and_id_come_from_the_cbd_header(schema: str) -> None:
    """The id is 'cbd:<identifier>', published, with the CBD as source and its identifier."""
    document = fixture(schema)
    identifier = document["header"]["identifier"]

    record = read(document).record

    assert record["id"] == f"cbd:{identifier}"
    assert record["status"] == "published"
    assert record["source"] == "cbd-chm"
    assert record["source_id"] == identifier


def test_the_namespace_of_ids_and_references_is_the_callers() -> None:
    """Another namespace prefixes both the record's id and its references to other records."""
    record = read(fixture("caseStudy"), namespace="chm").record

    assert record["id"] == "chm:A3D5F7B9-1C2E-4F60-8A4B-9D0E2C6F8B17"
    assert record["organizations"] == [f"chm:{ORGANIZATION_ID}"]


# ---------------------------------------------------------------------------------------------
# Real-shaped fixtures, one per schema


def test_organization_maps_field_by_field() -> None:
    """The documented organization fields land in their Ayni fields, codes translated."""
    record = read(fixture("organization")).record

    assert record["name"] == {
        "en": "Amazon Mangrove Research Laboratory",
        "pt": "Laboratório de Pesquisa em Manguezais Amazônicos",
    }
    assert record["acronym"] == "LAPMA"
    assert record["country"] == "BR"
    assert record["organization_type"] == "academic"
    assert record["subjects"] == ["forest", "marine-coastal"]
    assert record["gbf_targets"] == ["GBF-TARGET-02", "GBF-TARGET-21"]
    assert record["aichi_targets"] == ["AICHI-TARGET-11"]
    assert record["languages"] == ["en", "es", "pt"]
    assert record["regions_served"] == ["005", "419"]
    assert record["website"] == "https://lapma.example.org/"
    assert set(record["description"]) == {"en", "pt"}


def test_resource_maps_field_by_field() -> None:
    """A Virtual Library Resource becomes a resource; lstring authors become one text."""
    record = read(fixture("resource")).record

    assert record["resource_type"] == "guidance"
    assert record["authors"] == "A. Diallo; M. Costa; R. Tuilagi"
    assert record["publisher"] == "Secretariat of the Convention on Biological Diversity"
    assert record["publication_date"] == "2024-06"
    assert record["url"] == "https://www.example.org/guides/mangrove-drones.pdf"
    assert record["countries"] == ["FJ", "GM", "SN"]
    assert record["subjects"] == ["island", "marine-coastal"]
    assert record["aichi_targets"] == ["AICHI-TARGET-19"]


def test_event_keeps_utc_times_and_says_it_has_no_time_zone() -> None:
    """CBD event times (UTC) keep their instant; the missing time zone is a warning, not a guess."""
    result = read(fixture("event"))
    record = result.record

    assert record["start"] == "2027-03-10T09:00:00+00:00"
    assert record["end"] == "2027-03-12T17:00:00+00:00"
    assert record["timezone"] == "UTC"
    assert any("time zone" in warning for warning in result.warnings)
    assert record["event_type"] == "workshop"
    assert record["city"] == "Dakar"
    assert record["country"] == "SN"
    assert record["organizers"] == [f"cbd:{ORGANIZATION_ID}"]
    assert record["subjects"] == ["ecosystem-restoration", "marine-coastal"]


def test_event_takes_a_time_zone_when_the_record_has_one() -> None:
    """A 'timezone' in the CBD record (Ayni writes one back) is kept."""
    document = fixture("event")
    document["timezone"] = "Africa/Dakar"

    result = read(document)

    assert result.record["timezone"] == "Africa/Dakar"
    assert not any("time zone" in warning for warning in result.warnings)


def test_bio_bridge_request_becomes_a_need() -> None:
    """bbiRequest -> need: country, problem as description, timeframe, co-financing."""
    record = read(fixture("bbiRequest")).record

    assert record["type"] == "need"
    assert record["country"] == "SN"
    assert record["title"]["fr"] == "Formation au suivi des mangroves par drone"
    assert record["description"]["en"].startswith("The forestry services")
    assert record["institution"] == "cbd:E8F1A3C5-2B7D-4A90-9C4E-6D1F3B8A0E27"
    assert record["assistance_types"] == ["equipment", "training"]
    assert record["aichi_targets"] == ["AICHI-TARGET-05", "AICHI-TARGET-11"]
    assert record["gbf_targets"] == ["GBF-TARGET-02"]
    assert record["timeframe_start"] == "2027-01-01"
    assert record["timeframe_end"] == "2027-12-31"
    assert "fr" in record["co_financing"]


def test_bio_bridge_opportunity_becomes_an_offer_from_its_organization() -> None:
    """bbiOpportunity -> offer: the primary organization is the provider, areas the regions."""
    record = read(fixture("bbiOpportunity")).record

    assert record["type"] == "offer"
    assert record["provider"] == f"cbd:{ORGANIZATION_ID}"
    assert record["regions_covered"] == ["002", "419"]
    assert record["available_from"] == "2027-02-01"
    assert record["available_until"] == "2027-07-31"
    assert record["assistance_types"] == ["knowledge-exchange", "training"]


def test_bio_bridge_profile_becomes_an_organization_typed_by_its_organization_record() -> None:
    """bbiProfile -> organization; country and type come from the referenced organization."""
    record = read(fixture("bbiProfile")).record

    assert record["type"] == "organization"
    assert record["name"] == {
        "en": "Amazon Mangrove Research Laboratory: drone mapping and training"
    }
    assert record["country"] == "BR"
    assert record["organization_type"] == "academic"
    assert record["regions_served"] == ["002", "005"]
    assert record["assistance_types"] == ["technology-transfer", "training"]


def test_bio_bridge_profile_without_its_organization_record_names_what_is_missing() -> None:
    """Without the organization record the profile cannot be typed: problems name the fields."""
    result = read(fixture("bbiProfile"), references={})

    assert not result.ok
    joined = "\n".join(result.problems)
    assert "missing required field 'country'" in joined
    assert "missing required field 'organization_type'" in joined
    assert "organization (its record, passed in references)" in joined


def test_biosafety_expert_becomes_an_expert() -> None:
    """biosafetyExpert -> expert: name from first and last names, e-mail kept private."""
    record = read(fixture("biosafetyExpert")).record

    assert record["type"] == "expert"
    assert record["name"] == "Lucía Fonseca Araya"
    assert record["country"] == "CR"
    assert record["nationality"] == "CR"
    assert record["subjects"] == ["biosafety"]
    assert record["languages"] == ["en", "es", "pt"]
    assert record["email"] == "lucia.fonseca@example.org"
    assert set(record["bio"]) == {"en", "es"}


def test_case_study_reads_the_fields_of_the_chm_form() -> None:
    """caseStudy -> case-study: subjects, aichiTargets, dates, organizations, documents."""
    record = read(fixture("caseStudy")).record

    assert record["subjects"] == ["marine-coastal"]
    assert record["aichi_targets"] == ["AICHI-TARGET-19"]
    assert record["start_date"] == "2025-01-15"
    assert record["end_date"] == "2025-12-20"
    assert record["organizations"] == [f"cbd:{ORGANIZATION_ID}"]
    assert record["links"] == [
        {"url": "https://www.example.org/ssc/mangroves", "name": "Project page"}
    ]
    for absent in ("modality", "funders", "results", "lessons"):
        assert absent not in record


def test_case_study_related_countries_fill_both_roles_with_a_warning() -> None:
    """The CBD's 'regions' gives countries without roles: both roles, and a warning each."""
    result = read(fixture("caseStudy"))

    assert result.record["provider_countries"] == ["BR", "GM", "SN"]
    assert result.record["beneficiary_countries"] == ["BR", "GM", "SN"]
    warnings = [w for w in result.warnings if "'regions'" in w]
    assert len(warnings) == 2
    assert any("providerCountries" in w for w in warnings)


def test_case_study_region_terms_are_reported_not_read_as_countries() -> None:
    """A region GUID among the related countries is an unknown code of the 'regions' field."""
    document = fixture("caseStudy")
    document["regions"].append({"identifier": "1DF6C1B8-3E38-4A9E-A1A1-C0B3C5E1F1D2"})

    result = read(document)

    assert result.ok
    assert [code.cbd_field for code in result.unknown_codes] == ["regions"]
    assert result.record["beneficiary_countries"] == ["BR", "GM", "SN"]


def test_case_study_written_by_ayni_keeps_its_roles() -> None:
    """Ayni writes the roles as extensions and 'regions' as their union; they read back."""
    record = read(fixture("caseStudy")).record
    record["provider_countries"] = ["BR"]
    record["beneficiary_countries"] = ["GM", "SN"]

    written = ayni_to_cbd(record, subject_codes=subject_codes())
    back = read(written)

    assert written["regions"] == [{"identifier": c} for c in ("br", "gm", "sn")]
    assert written["providerCountries"] == [{"identifier": "br"}]
    assert back.record["provider_countries"] == ["BR"]
    assert back.record["beneficiary_countries"] == ["GM", "SN"]
    assert not [w for w in back.warnings if "'regions'" in w]


# ---------------------------------------------------------------------------------------------
# lstrings


def test_lstrings_keep_every_language() -> None:
    """Every language of an lstring is kept; empty texts are dropped."""
    document = fixture("resource")
    document["title"]["ar"] = "رصد المجتمعات لأشجار المانغروف"
    document["title"]["zh"] = ""

    record = read(document).record

    assert set(record["title"]) == {"en", "fr", "es", "ar"}
    assert record["title"]["es"].startswith("Monitoreo comunitario")


def test_an_lstring_in_an_unknown_language_reports_the_key() -> None:
    """A text under a key that is no ISO 639-1 code is left out and reported with its field."""
    document = fixture("resource")
    document["title"]["xx"] = "???"

    result = read(document)

    assert "xx" not in result.record["title"]
    assert UnknownCode(field="title", code="xx", cbd_field="title") in result.unknown_codes


# ---------------------------------------------------------------------------------------------
# Unknown codes are reported, not guessed


def test_unknown_subject_is_reported_with_its_field_and_dropped() -> None:
    """A CBD subject code no subject carries is left out of 'subjects' and reported."""
    document = fixture("organization")
    document["thematicAreas"].append({"identifier": "CBD-SUBJECT-CPB-HTPI"})

    result = read(document)

    assert result.ok
    assert result.record["subjects"] == ["forest", "marine-coastal"]
    assert result.unknown_codes == [
        UnknownCode(field="subjects", code="CBD-SUBJECT-CPB-HTPI", cbd_field="thematicAreas")
    ]
    assert any("CBD-SUBJECT-CPB-HTPI" in warning for warning in result.warnings)


def test_unknown_targets_are_reported_with_their_field_and_dropped() -> None:
    """Targets outside the vocabularies (GBF-TARGET-24, AICHI-TARGET-21) are not kept."""
    document = fixture("bbiRequest")
    document["gbfTargets"].append({"identifier": "GBF-TARGET-24"})
    document["aichiTargets"].append({"identifier": "AICHI-TARGET-21"})

    result = read(document)

    assert result.record["gbf_targets"] == ["GBF-TARGET-02"]
    assert result.record["aichi_targets"] == ["AICHI-TARGET-05", "AICHI-TARGET-11"]
    assert UnknownCode("gbf_targets", "GBF-TARGET-24", "gbfTargets") in result.unknown_codes
    assert UnknownCode("aichi_targets", "AICHI-TARGET-21", "aichiTargets") in result.unknown_codes


def test_unknown_countries_are_reported_with_their_field_and_dropped() -> None:
    """A region term among countries, or a code that is no ISO country, is reported."""
    document = fixture("resource")
    document["countryRegions"] += [
        {"identifier": "A23DD6C0-44C5-418D-83B5-461D79D2721A"},
        {"identifier": "eu"},
    ]

    result = read(document)

    assert result.record["countries"] == ["FJ", "GM", "SN"]
    assert {code.code for code in result.unknown_codes if code.field == "countries"} == {
        "A23DD6C0-44C5-418D-83B5-461D79D2721A",
        "eu",
    }


def test_an_unknown_required_country_is_reported_and_named_as_missing() -> None:
    """An unknown country where one is required: the code is reported, the field a problem."""
    document = fixture("bbiRequest")
    document["country"] = {"identifier": "xk"}

    result = read(document)

    assert not result.ok
    assert UnknownCode("country", "xk", "country") in result.unknown_codes
    assert any("missing required field 'country'" in problem for problem in result.problems)


def test_thesaurus_terms_are_mapped_only_through_the_tables_given() -> None:
    """A CBD term GUID is unknown unless the caller's table maps it; then it is translated."""
    guid = "86D464C3-B5BB-4B02-85E4-1AAD8D64CD27"
    document = fixture("organization")
    document["organizationType"] = {"identifier": guid}

    unmapped = read(document)
    mapped = read(document, term_codes={"organization_type": {guid: "government"}})

    assert UnknownCode("organization_type", guid, "organizationType") in unmapped.unknown_codes
    assert not unmapped.ok
    assert mapped.ok
    assert mapped.record["organization_type"] == "government"


def test_target_codes_are_normalised() -> None:
    """Lower case and one-digit numbers are the same code, not a new one."""
    assert normalise_target("aichi-target-5") == "AICHI-TARGET-05"
    assert normalise_target("GBF-TARGET-2") == "GBF-TARGET-02"
    assert normalise_target("gbf-goal-a") == "GBF-GOAL-A"

    document = fixture("bbiRequest")
    document["gbfTargets"] = [{"identifier": "gbf-target-2"}, {"identifier": "GBF-GOAL-A"}]
    assert read(document).record["gbf_targets"] == ["GBF-GOAL-A", "GBF-TARGET-02"]


def test_subject_code_map_is_built_from_the_subjects_file() -> None:
    """Only subjects with a CBD code are in the map; the file or its items both work."""
    whole = json.loads((DATA / "subjects.json").read_text("utf-8"))

    codes = subject_code_map(whole)

    assert codes["CBD-SUBJECT-MAR"] == "marine-coastal"
    assert codes["CBD-SUBJECT-CPB"] == "biosafety"
    assert "taxonomy" not in codes.values()
    assert subject_code_map(whole["items"]) == codes


# ---------------------------------------------------------------------------------------------
# Missing parts and unknown schemas


@pytest.mark.parametrize(
    ("schema", "cbd_field", "ayni_field"),
    [
        ("organization", "name", "name"),
        ("organization", "country", "country"),
        ("resource", "title", "title"),
        ("bbiRequest", "country", "country"),
        ("caseStudy", "regions", "beneficiary_countries"),
        ("event", "startDate", "start"),
        ("biosafetyExpert", "lastName", "name"),
    ],
)
def test_missing_required_part_gives_a_problem_naming_the_field(
    schema: str, cbd_field: str, ayni_field: str
) -> None:
    """Without a part the Ayni type requires, the problem names the Ayni and the CBD field."""
    document = fixture(schema)
    del document[cbd_field]
    if schema == "biosafetyExpert":
        del document["firstName"]

    result = read(document)

    assert not result.ok
    problem = next(p for p in result.problems if f"'{ayni_field}'" in p)
    assert f"missing required field '{ayni_field}'" in problem
    assert f"'{cbd_field}'" in problem


def test_missing_provider_of_an_offer_is_a_problem() -> None:
    """An opportunity with no primary organization has no provider."""
    document = fixture("bbiOpportunity")
    del document["primaryOrganization"]

    result = read(document)

    assert any("'provider'" in p and "primaryOrganization" in p for p in result.problems)


def test_missing_identifier_is_a_problem() -> None:
    """A record without header.identifier cannot get an id."""
    document = fixture("resource")
    del document["header"]["identifier"]

    result = read(document)

    assert "missing required field 'header.identifier'" in result.problems


@pytest.mark.parametrize("schema", ["measure", None, "CASESTUDY"])
def test_unknown_schema_is_a_clear_error(schema: str | None) -> None:
    """A schema the adapter does not read raises, naming it and the schemas it reads."""
    document = fixture("resource")
    document["header"]["schema"] = schema

    with pytest.raises(UnknownSchema) as caught:
        read(document)

    assert repr(schema) in str(caught.value)
    assert "bbiRequest" in str(caught.value)


def test_a_record_without_header_is_an_unknown_schema() -> None:
    """No header, no schema: the same clear error."""
    with pytest.raises(UnknownSchema):
        read({"title": {"en": "No header"}})


def test_a_malformed_value_is_a_warning_and_the_rest_lands() -> None:
    """A date that is no date is left out with a warning; the record stays valid."""
    document = fixture("bbiRequest")
    document["startDate"] = "next spring"

    result = read(document)

    assert result.ok
    assert "timeframe_start" not in result.record
    assert any("startDate" in warning for warning in result.warnings)


# ---------------------------------------------------------------------------------------------
# Writing back and the round trip

MAPPED_SCHEMAS = sorted(schema for schema in SCHEMA_TYPES if schema != "bbiProfile")


@pytest.mark.parametrize("schema", sorted(SCHEMA_TYPES))
def test_round_trip_ayni_cbd_ayni_keeps_the_mapped_values(schema: str) -> None:
    """ayni -> cbd -> ayni gives the same record for every field the adapter maps."""
    first = read(fixture(schema)).record
    if schema == "event":
        first["timezone"] = "Africa/Dakar"

    written = ayni_to_cbd(first, subject_codes=subject_codes())
    second = read(written)

    assert second.ok, second.problems
    if schema == "bbiProfile":
        # Written back as a CBD organization, which has no assistance types (documented).
        first.pop("assistance_types")
    assert second.record == first


@pytest.mark.parametrize("schema", MAPPED_SCHEMAS)
def test_written_record_has_the_cbd_shape(schema: str) -> None:
    """The header, lstrings, ETerm lists and lower-case countries of the CBD's JSON."""
    record = read(fixture(schema)).record

    written = ayni_to_cbd(record, subject_codes=subject_codes())

    assert written["header"]["schema"] == schema
    assert written["header"]["identifier"] == record["source_id"]
    assert written["header"]["languages"]
    assert all(isinstance(code, str) for code in written["header"]["languages"])


def test_written_organization_uses_cbd_codes_and_terms() -> None:
    """Subjects go out as CBD-SUBJECT codes, countries lower case, texts as lstrings."""
    record = read(fixture("organization")).record

    written = ayni_to_cbd(record, subject_codes=subject_codes())

    assert written["country"] == {"identifier": "br"}
    assert written["thematicAreas"] == [
        {"identifier": "CBD-SUBJECT-FOR"},
        {"identifier": "CBD-SUBJECT-MAR"},
    ]
    assert written["gbfTargets"] == [
        {"identifier": "GBF-TARGET-02"},
        {"identifier": "GBF-TARGET-21"},
    ]
    assert written["name"] == record["name"]
    assert written["acronym"] == {"en": "LAPMA"}
    assert written["websites"] == [{"url": "https://lapma.example.org/"}]
    assert written["header"]["languages"] == ["en", "pt"]


def test_an_ayni_record_goes_out_under_its_own_id_and_comes_back_the_same() -> None:
    """A record born in Ayni keeps its 'namespace:local' id as the CBD identifier."""
    need: dict[str, Any] = {
        "type": "need",
        "id": "sn-dpn:need-7",
        "status": "published",
        "country": "SN",
        "title": {"fr": "Formation au suivi des mangroves par drone"},
        "subjects": ["marine-coastal", "monitoring-indicators"],
        "gbf_targets": ["GBF-TARGET-02"],
        "assistance_types": ["training"],
    }

    written = ayni_to_cbd(need, subject_codes=subject_codes())
    back = read(written).record

    assert written["header"] == {
        "identifier": "sn-dpn:need-7",
        "schema": "bbiRequest",
        "languages": ["fr"],
    }
    # A subject with no CBD code goes out as its slug and is read back as itself.
    assert {"identifier": "monitoring-indicators"} in written["cbdSubjects"]
    assert back["id"] == "sn-dpn:need-7"
    for name in ("country", "title", "subjects", "gbf_targets", "assistance_types"):
        assert back[name] == need[name]


def test_written_term_codes_use_the_callers_table_backwards() -> None:
    """A code mapped in from a CBD term GUID goes back out as that GUID."""
    guid = "86D464C3-B5BB-4B02-85E4-1AAD8D64CD27"
    tables = {"organization_type": {guid: "government"}}
    document = fixture("organization")
    document["organizationType"] = {"identifier": guid}
    record = read(document, term_codes=tables).record

    written = ayni_to_cbd(record, subject_codes=subject_codes(), term_codes=tables)

    assert written["organizationType"] == {"identifier": guid}


def test_types_without_a_cbd_counterpart_are_refused() -> None:
    """Partnerships, country profiles and clearing-houses have no CBD record type."""
    assert set(TYPE_SCHEMAS) == {
        "case-study",
        "resource",
        "organization",
        "event",
        "need",
        "offer",
        "expert",
    }
    with pytest.raises(ValueError, match="no CBD counterpart"):
        ayni_to_cbd({"type": "partnership", "id": "ayni:p-1", "status": "published"})


def test_reading_does_not_change_the_document() -> None:
    """The adapter leaves the caller's CBD document as it was."""
    document = fixture("biosafetyExpert")
    before = copy.deepcopy(document)

    read(document)

    assert document == before
