"""The exchange format (JSON Lines): validation of one record, and rendering it back.

Pure code, no database: the vocabularies are a small hand-made `Vocabularies`.
"""

import pickle
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ayni.federation.formats.ayni_jsonl import (
    _PLANS,
    COMMON_FIELDS,
    ORGANIZATION_TYPES,
    RECORD_FIELDS,
    STATUSES,
    FormatError,
    Vocabularies,
    _fast_sets,
    _validate_fully,
    _validate_plainly,
    dump_line,
    parse_line,
    render_record,
    validate_record,
)

VOCAB = Vocabularies(
    countries=frozenset({"SN", "BR", "KE", "FJ", "IN"}),
    regions=frozenset({"002", "011", "005", "009"}),
    subjects=frozenset({"marine-coastal", "monitoring-indicators", "forest", "island"}),
    gbf_targets=frozenset({"GBF-TARGET-02", "GBF-TARGET-08", "GBF-GOAL-A"}),
    aichi_targets=frozenset({"AICHI-TARGET-11", "AICHI-TARGET-05"}),
    assistance_types=frozenset({"training", "equipment", "expertise-advice"}),
    languages=frozenset({"en", "fr", "es", "pt", "ar"}),
)

NEED: dict[str, Any] = {
    "type": "need",
    "id": "sn-dpn:need-7",
    "status": "published",
    "country": "SN",
    "title": {"fr": "Formation au suivi des mangroves par drone"},
    "subjects": ["marine-coastal", "monitoring-indicators"],
    "assistance_types": ["training"],
    "languages": ["fr"],
    "timeframe_start": "2027-01-01",
    "timeframe_end": "2027-12-31",
    "progress": "open",
}
ORGANIZATION: dict[str, Any] = {
    "type": "organization",
    "id": "br-ufpa:org-1",
    "status": "published",
    "name": {"pt": "Laboratório de Manguezais"},
    "country": "BR",
    "organization_type": "academic",
    "website": "https://ufpa.example.org/mangues",
    "centre_of_excellence": True,
}
EVENT: dict[str, Any] = {
    "type": "event",
    "id": "ke-nema:event-1",
    "status": "published",
    "title": {"en": "Regional workshop on seagrass monitoring"},
    "start": "2027-03-15T09:00:00+03:00",
    "end": "2027-03-17T17:00:00+03:00",
    "timezone": "Africa/Nairobi",
}
OFFER: dict[str, Any] = {
    "type": "offer",
    "id": "in-nbri:offer-1",
    "status": "published",
    "title": {"en": "Training in seed bank management"},
    "provider_country": "IN",
}
EXPERT: dict[str, Any] = {
    "type": "expert",
    "id": "br-ufpa:expert-1",
    "status": "published",
    "name": "Ana Exemplo",
    "country": "BR",
    "email": "ana@example.org",
}


def _problems(data: Any) -> list[str]:
    with pytest.raises(FormatError) as caught:
        validate_record(data, VOCAB)
    return caught.value.problems


def test_valid_examples_are_accepted():
    """The example records of every test below are valid as they stand."""
    for record in (NEED, ORGANIZATION, EVENT, OFFER, EXPERT):
        parsed = validate_record(record, VOCAB)
        assert (parsed.type, parsed.id, parsed.status) == (
            record["type"],
            record["id"],
            record["status"],
        )
        assert parsed.warnings == []


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param(
            {**NEED, "subjects": ["marine-coastal", "mangroves"]},
            "field 'subjects': unknown code 'mangroves'",
            id="unknown-subject",
        ),
        pytest.param(
            {**NEED, "country": "XX"}, "field 'country': unknown code 'XX'", id="unknown-country"
        ),
        pytest.param(
            {**NEED, "gbf_targets": ["GBF-TARGET-99"]},
            "field 'gbf_targets': unknown code 'GBF-TARGET-99'",
            id="unknown-target",
        ),
        pytest.param(
            {**ORGANIZATION, "regions_served": ["999"]},
            "field 'regions_served': unknown code '999'",
            id="unknown-region",
        ),
        pytest.param(
            {**NEED, "title": {"french": "Formation"}},
            "field 'title': 'french' is not an ISO 639-1 language code",
            id="language-key-not-iso-639-1",
        ),
        pytest.param(
            {**NEED, "title": {"xx": "Formation"}},
            "field 'title': unknown language code 'xx'",
            id="language-key-unknown",
        ),
        pytest.param(
            {**NEED, "title": "Formation au suivi des mangroves"},
            "field 'title': must be a language map",
            id="text-not-a-language-map",
        ),
        pytest.param(
            {**NEED, "timeframe_start": "2027-13-01"},
            "field 'timeframe_start': '2027-13-01' is not a real date",
            id="date-impossible",
        ),
        pytest.param(
            {**NEED, "timeframe_start": "01/02/2027"},
            "field 'timeframe_start': '01/02/2027' is not a date (YYYY-MM-DD)",
            id="date-wrong-shape",
        ),
        pytest.param(
            {**EVENT, "start": "2027-03-15T09:00:00"},
            "field 'start': '2027-03-15T09:00:00' has no UTC offset",
            id="datetime-without-offset",
        ),
        pytest.param(
            {**EVENT, "start": "2027-03-15"},
            "field 'start': '2027-03-15' is not a date and time",
            id="datetime-without-time",
        ),
        pytest.param(
            {**EVENT, "timezone": "Africa/Atlantis"},
            "field 'timezone': unknown time zone 'Africa/Atlantis'",
            id="unknown-time-zone",
        ),
        pytest.param(
            {**ORGANIZATION, "website": "www.example.org"},
            "field 'website': 'www.example.org' is not an http(s) web address",
            id="url-without-scheme",
        ),
        pytest.param(
            {**ORGANIZATION, "website": "javascript:alert(1)"},
            "field 'website': 'javascript:alert(1)' is not an http(s) web address",
            id="url-not-http",
        ),
        pytest.param(
            {**ORGANIZATION, "website": "http://[mangroves/"},
            "field 'website': 'http://[mangroves/' is not an http(s) web address",
            id="url-that-does-not-split",
        ),
        pytest.param(
            {**ORGANIZATION, "centre_of_excellence": "yes"},
            "field 'centre_of_excellence': must be true or false",
            id="boolean-as-text",
        ),
        pytest.param(
            {**ORGANIZATION, "centre_of_excellence": 1},
            "field 'centre_of_excellence': must be true or false",
            id="boolean-as-number",
        ),
        pytest.param(
            {**ORGANIZATION, "organization_type": "spaceport"},
            "field 'organization_type': 'spaceport' is not one of",
            id="wrong-choice",
        ),
        pytest.param(
            {**NEED, "progress": "done"}, "field 'progress': 'done' is not one of", id="bad-step"
        ),
        pytest.param(
            {k: v for k, v in ORGANIZATION.items() if k != "name"},
            "missing required field 'name'",
            id="missing-required",
        ),
        pytest.param(
            {**ORGANIZATION, "name": {"pt": ""}},
            "missing required field 'name' (it is empty)",
            id="required-but-empty",
        ),
        pytest.param(
            {**NEED, "timeframe_start": "2027-06-01", "timeframe_end": "2027-05-31"},
            "field 'timeframe_end' is before 'timeframe_start'",
            id="date-end-before-start",
        ),
        pytest.param(
            {**EVENT, "end": "2027-03-15T08:59:00+03:00"},
            "field 'end' is before 'start'",
            id="datetime-end-before-start",
        ),
        pytest.param(
            {k: v for k, v in OFFER.items() if k != "provider_country"},
            "missing required field: 'provider' or 'provider_country'",
            id="offer-without-provider",
        ),
        pytest.param(
            {**EXPERT, "email": "ana at example.org"},
            "field 'email': 'ana at example.org' is not an e-mail address",
            id="bad-email",
        ),
        pytest.param(
            {**EXPERT, "organization": "org-1"},
            "field 'organization': 'org-1' is not a record id (namespace:local)",
            id="reference-without-namespace",
        ),
        pytest.param(
            {**NEED, "id": "need-7"},
            "id 'need-7' is not 'namespace:local' without spaces",
            id="id-without-namespace",
        ),
        pytest.param(
            {k: v for k, v in NEED.items() if k != "id"},
            "missing required field 'id'",
            id="id-missing",
        ),
        pytest.param(
            {**NEED, "status": "approved"}, "unknown status 'approved'", id="unknown-status"
        ),
        pytest.param(
            {k: v for k, v in NEED.items() if k != "status"},
            "missing required field 'status'",
            id="status-missing",
        ),
        pytest.param({**NEED, "type": "spaceship"}, "unknown type 'spaceship'", id="unknown-type"),
        pytest.param(
            {k: v for k, v in NEED.items() if k != "type"},
            "missing required field 'type'",
            id="type-missing",
        ),
        pytest.param([NEED], "a record must be a JSON object", id="json-array"),
        pytest.param("need", "a record must be a JSON object", id="json-string"),
    ],
)
def test_bad_input_is_refused_naming_the_field(record, expected):
    """Each kind of bad input gives a FormatError whose problem says what and where."""
    problems = _problems(record)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("record_type", [["need"], {"name": "need"}, 7])
def test_type_that_is_not_a_string_is_an_unknown_type(record_type):
    """A `type` that is a list, an object or a number is an unknown type, not a crash."""
    problems = _problems({**NEED, "type": record_type})
    assert any("unknown type" in problem for problem in problems), problems


@pytest.mark.parametrize("record_id", ["sn dpn:need-7", "sn-dpn:need 7", "sn-dpn:need-7\n"])
def test_id_with_whitespace_is_refused(record_id):
    """An id holding a space or a line break is refused (ids are 'namespace:local')."""
    problems = _problems({**NEED, "id": record_id})
    assert any("is not 'namespace:local'" in problem for problem in problems), problems


def test_broken_json_is_a_format_error():
    """parse_line turns broken JSON into a FormatError that says where it broke."""
    with pytest.raises(FormatError) as caught:
        parse_line('{"type": "need", "id": ')
    assert caught.value.problems[0].startswith("broken JSON: ")
    assert "at column" in caught.value.problems[0]


def test_every_problem_of_a_record_is_reported_at_once():
    """A record with several faults lists them all, not only the first."""
    record = {
        **NEED,
        "country": "ZZ",
        "subjects": ["mangroves"],
        "timeframe_start": "2027-02-30",
        "partner_scope": "planetary",
        "description": {"klingon": "Former dix agents."},
    }
    with pytest.raises(FormatError) as caught:
        validate_record(record, VOCAB)
    problems = caught.value.problems
    assert len(problems) == 5, problems
    for name in ("country", "subjects", "timeframe_start", "partner_scope", "description"):
        assert any(f"field '{name}'" in problem for problem in problems), name
    assert str(caught.value) == "; ".join(problems)
    assert (caught.value.record_id, caught.value.record_type) == ("sn-dpn:need-7", "need")


def test_codes_are_normalised_deduplicated_and_sorted():
    """Codes in any case become the vocabulary's case, each once, in sorted order."""
    record = {
        **NEED,
        "country": "sn",
        "subjects": ["Monitoring-Indicators", "marine-coastal", "MARINE-COASTAL"],
        "gbf_targets": ["gbf-target-08", "GBF-TARGET-02", "GBF-TARGET-08"],
        "aichi_targets": ["aichi-target-11"],
        "languages": ["FR", "en", "fr"],
        "title": {"FR": "Formation", "en": "Training"},
    }
    values = validate_record(record, VOCAB).values
    assert values["country"] == "SN"
    assert values["subjects"] == ["marine-coastal", "monitoring-indicators"]
    assert values["gbf_targets"] == ["GBF-TARGET-02", "GBF-TARGET-08"]
    assert values["aichi_targets"] == ["AICHI-TARGET-11"]
    assert values["languages"] == ["en", "fr"]
    assert values["title"] == {"fr": "Formation", "en": "Training"}


def test_values_come_out_as_plain_python():
    """Dates and date-times come out as date and aware datetime objects."""
    event = validate_record(EVENT, VOCAB).values
    assert event["start"] == datetime(2027, 3, 15, 6, 0, tzinfo=UTC)
    assert event["start"].utcoffset() == timedelta(hours=3)
    need = validate_record(NEED, VOCAB).values
    assert need["timeframe_start"] == date(2027, 1, 1)


def test_unknown_fields_are_warnings_not_errors():
    """A field the format does not know is ignored with a warning; the record stays valid."""
    parsed = validate_record({**NEED, "x_local_priority": 3, "budget_usd": 1000}, VOCAB)
    assert parsed.warnings == [
        "unknown field 'x_local_priority' ignored",
        "unknown field 'budget_usd' ignored",
    ]
    assert "x_local_priority" not in parsed.values


def test_empty_optional_fields_are_absent():
    """Optional fields given as null, "", [] or {} are simply absent from the values."""
    parsed = validate_record(
        {**NEED, "description": {}, "aichi_targets": [], "partner_scope": "", "co_financing": None},
        VOCAB,
    )
    for name in ("description", "aichi_targets", "partner_scope", "co_financing"):
        assert name not in parsed.values


def test_render_leaves_out_empty_fields():
    """Rendering writes type, id and status first, then only the fields that have a value."""
    rendered = render_record(
        "expert",
        "br-ufpa:expert-1",
        "published",
        {
            "name": "Ana Exemplo",
            "country": "BR",
            "subjects": [],
            "bio": {},
            "nationality": "",
            "organization": None,
            "available_from": date(2027, 1, 1),
        },
    )
    assert rendered == {
        "type": "expert",
        "id": "br-ufpa:expert-1",
        "status": "published",
        "name": "Ana Exemplo",
        "country": "BR",
        "available_from": "2027-01-01",
    }
    assert list(rendered)[:3] == ["type", "id", "status"]


def test_render_public_leaves_out_private_fields():
    """The e-mail of an expert is rendered in a full backup and left out when public."""
    values = validate_record(EXPERT, VOCAB).values
    full = render_record("expert", EXPERT["id"], "published", values)
    public = render_record("expert", EXPERT["id"], "published", values, public=True)
    assert full["email"] == "ana@example.org"
    assert "email" not in public
    assert public == {k: v for k, v in full.items() if k != "email"}


def test_render_writes_date_times_with_their_offset():
    """A date-time is rendered in ISO 8601 with the offset it was given."""
    values = validate_record(EVENT, VOCAB).values
    rendered = render_record("event", EVENT["id"], "published", values)
    assert rendered["start"] == "2027-03-15T09:00:00+03:00"
    assert rendered["end"] == "2027-03-17T17:00:00+03:00"


# ---------------------------------------------------------------------------------------------
# Round trip: a valid record, rendered and read again, gives the same values.


def _codes(vocabulary: frozenset[str], *, upper: bool) -> st.SearchStrategy[list[str]]:
    """Lists of codes of a vocabulary, in any case when `upper` (normalisation is tested too)."""
    code = st.sampled_from(sorted(vocabulary))
    if upper:
        code = st.tuples(code, st.booleans()).map(
            lambda pair: pair[0].swapcase() if pair[1] else pair[0]
        )
    return st.lists(code, max_size=4)


TEXTS = st.text(min_size=1, max_size=60)
LANGUAGE_MAPS = st.dictionaries(st.sampled_from(sorted(VOCAB.languages)), TEXTS, min_size=1)
IDS = st.from_regex(r"\A[a-z0-9][a-z0-9.-]{0,12}:[a-z0-9][a-zA-Z0-9._-]{0,20}\Z")
COUNTRIES = st.sampled_from(sorted(VOCAB.countries)).flatmap(
    lambda code: st.sampled_from([code, code.lower()])
)
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
MOMENTS = st.datetimes(
    # Hypothesis takes naive bounds and adds a zone drawn from `timezones`.
    min_value=datetime(1990, 1, 1),  # noqa: DTZ001
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=OFFSETS,
).map(datetime.isoformat)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
URLS = st.builds(
    "{}://{}.example.org/{}".format,
    st.sampled_from(["http", "https"]),
    st.from_regex(r"\A[a-z0-9-]{1,20}\Z"),
    st.from_regex(r"\A[a-zA-Z0-9/_.-]{0,30}\Z"),
)
COMMON = {
    "source": st.text(min_size=1, max_size=100),
    "source_id": st.text(min_size=1, max_size=300),
    "harvested_at": MOMENTS,
    "created": MOMENTS,
    "updated": MOMENTS,
}

ORGANIZATIONS = st.fixed_dictionaries(
    {
        "type": st.just("organization"),
        "id": IDS,
        "status": st.sampled_from(STATUSES),
        "name": LANGUAGE_MAPS,
        "country": COUNTRIES,
        "organization_type": st.sampled_from(ORGANIZATION_TYPES),
    },
    optional={
        **COMMON,
        "acronym": st.text(min_size=1, max_size=40),
        "subjects": _codes(VOCAB.subjects, upper=True),
        "gbf_targets": _codes(VOCAB.gbf_targets, upper=True),
        "aichi_targets": _codes(VOCAB.aichi_targets, upper=True),
        "assistance_types": _codes(VOCAB.assistance_types, upper=True),
        "languages": _codes(VOCAB.languages, upper=True),
        "regions_served": _codes(VOCAB.regions, upper=False),
        "description": LANGUAGE_MAPS,
        "website": URLS,
        "centre_of_excellence": st.booleans(),
    },
)


@st.composite
def _timeframe(draw: st.DrawFn) -> dict[str, str]:
    first, second = sorted((draw(DATES), draw(DATES)))
    which = draw(st.sampled_from(["both", "start", "end", "none"]))
    result = {}
    if which in ("both", "start"):
        result["timeframe_start"] = first.isoformat()
    if which in ("both", "end"):
        result["timeframe_end"] = second.isoformat()
    return result


NEEDS = st.tuples(
    st.fixed_dictionaries(
        {
            "type": st.just("need"),
            "id": IDS,
            "status": st.sampled_from(STATUSES),
            "country": COUNTRIES,
            "title": LANGUAGE_MAPS,
        },
        optional={
            **COMMON,
            "institution": st.one_of(IDS, st.text(min_size=1, max_size=300)),
            "description": LANGUAGE_MAPS,
            "subjects": _codes(VOCAB.subjects, upper=True),
            "gbf_targets": _codes(VOCAB.gbf_targets, upper=True),
            "aichi_targets": _codes(VOCAB.aichi_targets, upper=True),
            "assistance_types": _codes(VOCAB.assistance_types, upper=True),
            "languages": _codes(VOCAB.languages, upper=True),
            "partner_scope": st.sampled_from(["subregional", "regional", "global"]),
            "co_financing": LANGUAGE_MAPS,
            "offers_in_return": LANGUAGE_MAPS,
            "progress": st.sampled_from(["open", "matched", "in-partnership", "closed"]),
        },
    ),
    _timeframe(),
).map(lambda pair: {**pair[0], **pair[1]})


@settings(max_examples=150, deadline=None)
@given(st.one_of(ORGANIZATIONS, NEEDS))
def test_rendered_record_validates_again_to_the_same_values(record):
    """validate → render → JSON line → validate gives back the same record (round trip)."""
    first = validate_record(record, VOCAB)
    rendered = render_record(first.type, first.id, first.status, first.values)
    second = validate_record(parse_line(dump_line(rendered)), VOCAB)
    assert (second.type, second.id, second.status) == (first.type, first.id, first.status)
    assert second.values == first.values
    assert second.warnings == []
    assert render_record(second.type, second.id, second.status, second.values) == rendered


# The plain-case checks (precompiled, the import's hot path) against the full check: every
# record gets the same values, warnings or problems from both.

_FIELD_NAMES = sorted(
    {"type", "id", "status", "x_extension"}
    | {spec.name for specs in RECORD_FIELDS.values() for spec in specs}
    | {spec.name for spec in COMMON_FIELDS}
)
_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from(["", " ", "x", "SN", "sn", "XX", "en", "EN", "Forest", "forest"]),
    st.sampled_from(sorted(VOCAB.countries | VOCAB.subjects | VOCAB.gbf_targets)),
    st.sampled_from(STATUSES + ORGANIZATION_TYPES + ("open", "closed", "conference")),
    st.sampled_from(
        [
            "https://example.org/a b",
            "https://example.org/path?q=1#top",
            "HTTP://EXAMPLE.org",
            "ftp://example.org",
            "https://",
            "https://[::1",
            "http://example.org:8080/x",
            "https://exämple.org/",
            "https://example.org/\tx",
        ]
    ),
    st.sampled_from(
        [
            "2027-01-01",
            "2027-02-30",
            "2027",
            "2027-13",
            "2027-01-01T10:00:00+01:00",
            "2027-01-01T10:00:00",
            "2027-01-01T25:00:00Z",
            "Africa/Dakar",
            "Mars/Olympus",
            "sn-dpn:need-7",
            "not an id",
            "ana@example.org",
        ]
    ),
    st.lists(st.sampled_from(["SN", "sn", "forest", "FOREST", "XX", "br-ufpa:org-1", ""])),
    st.dictionaries(st.sampled_from(["en", "fr", "EN", "xx", "french", ""]), TEXTS | st.none()),
    st.lists(
        st.dictionaries(st.sampled_from(["en", "fr", "url", "name", "role"]), TEXTS), max_size=3
    ),
    st.lists(st.integers(0, 3) | st.lists(st.text(max_size=2), max_size=2), max_size=3),
)
_ALTERED = st.tuples(
    st.one_of(st.sampled_from([NEED, ORGANIZATION, EVENT, OFFER, EXPERT]), ORGANIZATIONS, NEEDS),
    st.dictionaries(st.sampled_from(_FIELD_NAMES), _ODD_VALUES, max_size=4),
).map(lambda pair: {**pair[0], **pair[1]})


def _outcome(check: Any, data: Any, vocab: Vocabularies) -> Any:
    try:
        parsed = check(data, vocab)
    except FormatError as error:
        return ("rejected", error.problems, error.record_id, error.record_type)
    return (
        "valid",
        parsed.type,
        parsed.id,
        parsed.status,
        parsed.values,
        parsed.warnings,
        parsed.references(),
    )


@settings(max_examples=600, deadline=None)
@given(_ALTERED, st.sampled_from([VOCAB, Vocabularies()]))
def test_plain_checks_agree_with_the_full_check(record, vocab):
    """Any record, valid or not, gets the same result as from the field-by-field check."""
    assert _outcome(validate_record, record, vocab) == _outcome(_validate_fully, record, vocab)


def test_plain_records_are_checked_by_the_plain_checks():
    """A valid record takes the precompiled path (no full check), with the same values."""
    vocab = VOCAB
    for record in (NEED, ORGANIZATION, EVENT, OFFER, EXPERT):
        plain = _validate_plainly(
            _PLANS[record["type"]], record, _fast_sets(vocab, vocab.languages)
        )
        assert plain is not None
        full = _validate_fully(record, vocab)
        assert (plain.type, plain.id, plain.status, plain.values, plain.warnings) == (
            full.type,
            full.id,
            full.status,
            full.values,
            full.warnings,
        )


def test_format_error_pickles_whole():
    """A refused record's error crosses a process boundary with its problems, id and type
    (a harvest validates in a process of its own)."""
    error = FormatError(["field 'url': 'x' is not an http(s) web address"], record_id="a:b")
    error.record_type = "resource"

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (made just above)

    assert (copy.problems, copy.record_id, copy.record_type, str(copy)) == (
        error.problems,
        "a:b",
        "resource",
        str(error),
    )
