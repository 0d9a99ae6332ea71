"""Every error code of OAI-PMH, each answer valid against the strict schema."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.federation.oai import tokens
from ayni.federation.tests.oai.helpers import NS, error_codes, oai, token

pytestmark = pytest.mark.django_db


def test_missing_verb_is_bad_verb(client):
    """A request without a verb is answered badVerb, with no attributes on request."""
    root = oai(client)
    assert error_codes(root) == ["badVerb"]
    assert dict(root.find("oai:request", NS).attrib) == {}


def test_unknown_verb_is_bad_verb(client):
    """An unknown verb is answered badVerb."""
    assert error_codes(oai(client, verb="ListEverything")) == ["badVerb"]


def test_repeated_verb_is_bad_verb(client):
    """A verb given twice is answered badVerb."""
    response = client.get("/oai?verb=Identify&verb=Identify")
    from ayni.federation.tests.oai.helpers import validate

    assert error_codes(validate(b"".join(response.streaming_content))) == ["badVerb"]


def test_unknown_argument_is_bad_argument(client):
    """An argument the verb does not take is answered badArgument."""
    assert error_codes(oai(client, verb="Identify", colour="red")) == ["badArgument"]


def test_missing_metadata_prefix_is_bad_argument(client):
    """ListRecords without metadataPrefix is answered badArgument."""
    assert error_codes(oai(client, verb="ListRecords")) == ["badArgument"]


def test_repeated_argument_is_bad_argument(client):
    """An argument given twice is answered badArgument."""
    response = client.get("/oai?verb=ListRecords&metadataPrefix=ayni&metadataPrefix=oai_dc")
    from ayni.federation.tests.oai.helpers import validate

    assert error_codes(validate(b"".join(response.streaming_content))) == ["badArgument"]


def test_bad_date_is_bad_argument(client):
    """A from that is not a UTC date or datetime is answered badArgument."""
    for value in ("2026-13-01", "2026-01-01T10:00:00", "yesterday", "2026-01-01T10:00Z"):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni", **{"from": value})
        assert error_codes(root) == ["badArgument"], value


def test_mixed_granularities_are_bad_argument(client):
    """from and until of different granularities are answered badArgument."""
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="ayni",
        **{"from": "2026-01-01", "until": "2026-02-01T00:00:00Z"},
    )
    assert error_codes(root) == ["badArgument"]


def test_from_after_until_is_bad_argument(client):
    """A from later than until is answered badArgument."""
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="ayni",
        **{"from": "2026-02-01", "until": "2026-01-01"},
    )
    assert error_codes(root) == ["badArgument"]


def test_token_with_other_arguments_is_bad_argument(client):
    """resumptionToken is exclusive: with another argument it is badArgument."""
    root = oai(client, verb="ListRecords", metadataPrefix="ayni", resumptionToken="x")
    assert error_codes(root) == ["badArgument"]


def test_tampered_token_is_bad_resumption_token(client, settings):
    """A token changed by the harvester, or made up, is answered badResumptionToken."""
    settings.AYNI_OAI_PAGE_SIZE = 1
    for _ in range(2):
        make_record("need", status=RecordStatus.PUBLISHED)
    issued = token(oai(client, verb="ListIdentifiers", metadataPrefix="ayni"))
    assert issued
    tampered = issued[:-3] + ("AAA" if issued[-3:] != "AAA" else "BBB")
    for bad in (tampered, "made-up", issued + "x"):
        root = oai(client, verb="ListIdentifiers", resumptionToken=bad)
        assert error_codes(root) == ["badResumptionToken"], bad


def test_token_of_another_verb_is_bad_resumption_token(client, settings):
    """A ListIdentifiers token given to ListRecords is answered badResumptionToken."""
    settings.AYNI_OAI_PAGE_SIZE = 1
    for _ in range(2):
        make_record("need", status=RecordStatus.PUBLISHED)
    issued = token(oai(client, verb="ListIdentifiers", metadataPrefix="ayni"))
    assert tokens.decode(issued, verb="ListIdentifiers").cursor == 1
    root = oai(client, verb="ListRecords", resumptionToken=issued)
    assert error_codes(root) == ["badResumptionToken"]


def test_any_list_sets_token_is_bad_resumption_token(client):
    """ListSets is answered whole, so any token given to it is badResumptionToken."""
    assert error_codes(oai(client, verb="ListSets", resumptionToken="x")) == ["badResumptionToken"]


def test_unknown_format_cannot_be_disseminated(client):
    """A metadataPrefix the repository lacks is answered cannotDisseminateFormat."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    root = oai(client, verb="ListRecords", metadataPrefix="marc21")
    assert error_codes(root) == ["cannotDisseminateFormat"]
    root = oai(client, verb="GetRecord", metadataPrefix="mods", identifier=f"oai:ayni:{need.uid}")
    assert error_codes(root) == ["cannotDisseminateFormat"]


def test_unknown_identifier_does_not_exist(client):
    """An identifier of no item is answered idDoesNotExist, by GetRecord and ListMetadataFormats."""
    draft = make_record("need", status=RecordStatus.DRAFT)
    for identifier in ("oai:ayni:test:nothing", "ayni:need-1", f"oai:ayni:{draft.uid}"):
        root = oai(client, verb="GetRecord", metadataPrefix="ayni", identifier=identifier)
        assert error_codes(root) == ["idDoesNotExist"], identifier
        root = oai(client, verb="ListMetadataFormats", identifier=identifier)
        assert error_codes(root) == ["idDoesNotExist"], identifier


def test_empty_selection_is_no_records_match(client):
    """A list request that matches nothing is answered noRecordsMatch."""
    make_record("need", status=RecordStatus.PUBLISHED)
    assert error_codes(
        oai(client, verb="ListRecords", metadataPrefix="ayni", set="type:event")
    ) == ["noRecordsMatch"]
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni", until="2000-01-01")
    assert error_codes(root) == ["noRecordsMatch"]


def test_deleted_item_has_no_metadata_formats(client):
    """ListMetadataFormats for a deleted item is answered noMetadataFormats."""
    need = make_record("need", status=RecordStatus.ARCHIVED)
    root = oai(client, verb="ListMetadataFormats", identifier=f"oai:ayni:{need.uid}")
    assert error_codes(root) == ["noMetadataFormats"]


def test_error_echoes_the_request_arguments(client):
    """Errors other than badVerb/badArgument echo the request's arguments."""
    root = oai(client, verb="ListRecords", metadataPrefix="marc21")
    assert root.find("oai:request", NS).attrib == {
        "verb": "ListRecords",
        "metadataPrefix": "marc21",
    }


def test_other_methods_are_not_allowed(client):
    """Only GET and POST (and HEAD) are answered."""
    assert client.put("/oai?verb=Identify").status_code == 405


def test_malformed_set_prefix_or_identifier_is_bad_argument(client):
    """A set, metadataPrefix or identifier that breaks the protocol's syntax is badArgument."""
    cases = [
        {"verb": "ListRecords", "metadataPrefix": "ayni", "set": "type:"},
        {"verb": "ListRecords", "metadataPrefix": "ayni", "set": "a set"},
        {"verb": "ListRecords", "metadataPrefix": "oai dc"},
        {"verb": "GetRecord", "metadataPrefix": "ayni", "identifier": "oai:ayni:a b"},
    ]
    for params in cases:
        assert error_codes(oai(client, **params)) == ["badArgument"], params


def test_unknown_set_matches_no_records(client):
    """A well-formed set that does not exist selects nothing: noRecordsMatch."""
    make_record("need", status=RecordStatus.PUBLISHED)
    for set_spec in ("colour:red", "country:ZZ", "region:999", "subject:nothing"):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni", set=set_spec)
        assert error_codes(root) == ["noRecordsMatch"], set_spec
