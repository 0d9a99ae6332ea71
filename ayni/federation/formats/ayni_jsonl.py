"""The Ayni exchange format: one record per line, JSON, as DESIGN.md describes it.

Pure code (no ORM): the field lists of every record type, the validation of one parsed line
against the vocabularies, and the rendering of plain values back to JSON. The same shape is
the import and export format, the API's record body and OAI-PMH's rich metadata format.
"""

import json
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# ---------------------------------------------------------------------------------------------
# The field lists


class Kind(Enum):
    TEXT = "language map"
    STRING = "text"
    URL = "web address"
    EMAIL = "e-mail address"
    BOOL = "boolean"
    DATE = "date"
    PARTIAL_DATE = "date (YYYY, YYYY-MM or YYYY-MM-DD)"
    DATETIME = "date and time with offset"
    TIMEZONE = "IANA time zone"
    CHOICE = "choice"
    CODE = "code"
    CODES = "list of codes"
    TEXT_LIST = "list of language maps"
    LINKS = "list of {url, name}"
    PEOPLE = "list of {name, role}"
    REF = "reference"
    REFS = "list of references"
    REF_OR_NAME = "reference or name"
    REFS_OR_COUNTRIES = "list of references or country codes"


@dataclass(frozen=True)
class Field:
    """One field of a record type in the exchange format."""

    name: str
    kind: Kind
    required: bool = False
    vocab: str = ""
    choices: tuple[str, ...] = ()
    ref_types: tuple[str, ...] = ()
    private: bool = False
    max_length: int = 0


STATUSES = ("draft", "submitted", "published", "archived", "rejected")
ORGANIZATION_TYPES = (
    "government",
    "research",
    "academic",
    "ngo",
    "intergovernmental",
    "private",
    "community",
    "funder",
)
PROVIDERS = ("organization", "expert")

COMMON_FIELDS = (
    Field("source", Kind.STRING, max_length=100),
    Field("source_id", Kind.STRING, max_length=300),
    Field("harvested_at", Kind.DATETIME),
    Field("created", Kind.DATETIME),
    Field("updated", Kind.DATETIME),
    # Kept by a full backup so that a restore loses nothing; never published.
    Field("moderation_note", Kind.STRING, private=True),
)


def _subjects() -> Field:
    return Field("subjects", Kind.CODES, vocab="subjects")


def _gbf() -> Field:
    return Field("gbf_targets", Kind.CODES, vocab="gbf_targets")


def _aichi() -> Field:
    return Field("aichi_targets", Kind.CODES, vocab="aichi_targets")


def _assistance() -> Field:
    return Field("assistance_types", Kind.CODES, vocab="assistance_types")


def _languages() -> Field:
    return Field("languages", Kind.CODES, vocab="languages")


def _regions(name: str) -> Field:
    return Field(name, Kind.CODES, vocab="regions")


def _country(name: str, *, required: bool = False) -> Field:
    return Field(name, Kind.CODE, vocab="countries", required=required)


def _countries(name: str, *, required: bool = False) -> Field:
    return Field(name, Kind.CODES, vocab="countries", required=required)


RECORD_FIELDS: dict[str, tuple[Field, ...]] = {
    "organization": (
        Field("name", Kind.TEXT, required=True),
        Field("acronym", Kind.STRING, max_length=40),
        _country("country", required=True),
        Field("organization_type", Kind.CHOICE, required=True, choices=ORGANIZATION_TYPES),
        _subjects(),
        _gbf(),
        _aichi(),
        _assistance(),
        _languages(),
        _regions("regions_served"),
        Field("description", Kind.TEXT),
        Field("website", Kind.URL),
        Field("centre_of_excellence", Kind.BOOL),
    ),
    "expert": (
        Field("name", Kind.STRING, required=True, max_length=200),
        _country("country", required=True),
        _country("nationality"),
        Field("organization", Kind.REF, ref_types=("organization",)),
        _subjects(),
        _gbf(),
        _assistance(),
        _languages(),
        _regions("regions_of_experience"),
        Field("bio", Kind.TEXT),
        Field("available_from", Kind.DATE),
        Field("available_until", Kind.DATE),
        Field("consent_public", Kind.BOOL),
        Field("email", Kind.EMAIL, private=True),
        Field("last_verified", Kind.DATE),
        Field("endorsed_at", Kind.DATETIME, private=True),
    ),
    "offer": (
        Field("title", Kind.TEXT, required=True),
        Field("description", Kind.TEXT),
        Field("provider", Kind.REF, ref_types=PROVIDERS),
        _country("provider_country"),
        _subjects(),
        _gbf(),
        _assistance(),
        _languages(),
        _regions("regions_covered"),
        Field("eligibility", Kind.TEXT),
        Field("available_from", Kind.DATE),
        Field("available_until", Kind.DATE),
    ),
    "case-study": (
        Field("title", Kind.TEXT, required=True),
        Field("summary", Kind.TEXT),
        Field("description", Kind.TEXT),
        _countries("provider_countries", required=True),
        _countries("beneficiary_countries", required=True),
        Field("modality", Kind.CHOICE, choices=("bilateral", "regional", "triangular")),
        Field("organizations", Kind.REFS, ref_types=("organization",)),
        Field("funders", Kind.REFS, ref_types=("organization",)),
        _subjects(),
        _gbf(),
        _aichi(),
        Field("start_date", Kind.DATE),
        Field("end_date", Kind.DATE),
        Field("results", Kind.TEXT),
        Field("lessons", Kind.TEXT),
        Field("building_blocks", Kind.TEXT_LIST),
        Field("links", Kind.LINKS),
    ),
    "resource": (
        Field("title", Kind.TEXT, required=True),
        Field("summary", Kind.TEXT),
        Field(
            "resource_type",
            Kind.CHOICE,
            choices=(
                "publication",
                "guidance",
                "toolkit",
                "dataset",
                "video",
                "training",
                "website",
            ),
        ),
        Field("authors", Kind.STRING),
        Field("publisher", Kind.STRING, max_length=300),
        Field("publication_date", Kind.PARTIAL_DATE),
        Field("url", Kind.URL),
        _subjects(),
        _gbf(),
        _aichi(),
        _countries("countries"),
        _languages(),
    ),
    "need": (
        _country("country", required=True),
        Field("institution", Kind.REF_OR_NAME, ref_types=("organization",), max_length=300),
        Field("title", Kind.TEXT, required=True),
        Field("description", Kind.TEXT),
        _subjects(),
        _gbf(),
        _aichi(),
        _assistance(),
        _languages(),
        Field("partner_scope", Kind.CHOICE, choices=("subregional", "regional", "global")),
        Field("timeframe_start", Kind.DATE),
        Field("timeframe_end", Kind.DATE),
        Field("co_financing", Kind.TEXT),
        Field("offers_in_return", Kind.TEXT),
        Field("progress", Kind.CHOICE, choices=("open", "matched", "in-partnership", "closed")),
    ),
    "partnership": (
        Field("need", Kind.REF, required=True, ref_types=("need",)),
        Field("providers", Kind.REFS, required=True, ref_types=PROVIDERS),
        Field("funders", Kind.REFS, ref_types=("organization",)),
        Field("start_date", Kind.DATE),
        Field("end_date", Kind.DATE),
        Field("outcome", Kind.TEXT),
        Field(
            "progress",
            Kind.CHOICE,
            choices=("proposed", "agreed", "active", "completed", "cancelled"),
        ),
    ),
    "event": (
        Field("title", Kind.TEXT, required=True),
        Field("description", Kind.TEXT),
        Field(
            "event_type",
            Kind.CHOICE,
            choices=("conference", "seminar", "workshop", "webinar", "training", "side-event"),
        ),
        Field("mode", Kind.CHOICE, choices=("in-person", "virtual", "hybrid")),
        Field("start", Kind.DATETIME, required=True),
        Field("end", Kind.DATETIME),
        Field("timezone", Kind.TIMEZONE, required=True),
        Field("city", Kind.STRING, max_length=200),
        _country("country"),
        Field("online_url", Kind.URL),
        Field("organizers", Kind.REFS, ref_types=("organization",)),
        _languages(),
        _subjects(),
        Field("meeting", Kind.STRING, max_length=200),
        Field("registration_url", Kind.URL),
        Field("materials", Kind.REFS, ref_types=("resource",)),
    ),
    "country-profile": (
        _country("country", required=True),
        Field("ssc_policy", Kind.BOOL),
        Field("ssc_policy_in_development_plan", Kind.BOOL),
        Field("ssc_policy_url", Kind.URL),
        Field("focal_points", Kind.PEOPLE),
        Field("budget_earmarked", Kind.BOOL),
        Field(
            "triangular_partners",
            Kind.REFS_OR_COUNTRIES,
            vocab="countries",
            ref_types=("organization",),
        ),
        Field("nbsap_url", Kind.URL),
        Field("summary", Kind.TEXT),
    ),
    "clearing-house": (
        Field("name", Kind.STRING, required=True, max_length=300),
        Field("url", Kind.URL),
        Field(
            "protocol",
            Kind.CHOICE,
            required=True,
            choices=("oai-pmh", "atom", "rss", "ayni-jsonl", "cbd-chm"),
        ),
        Field("endpoint", Kind.URL, required=True),
        Field("schedule", Kind.CHOICE, choices=("manual", "hourly", "daily", "weekly", "monthly")),
        Field("last_harvested_at", Kind.DATETIME),
    ),
}

#: The record types in an order where every reference points to an earlier type.
TYPE_ORDER = (
    "organization",
    "expert",
    "resource",
    "need",
    "offer",
    "case-study",
    "event",
    "partnership",
    "country-profile",
    "clearing-house",
)

RECORD_TYPES = frozenset(RECORD_FIELDS)
RESERVED = frozenset({"type", "id", "status"}) | {f.name for f in COMMON_FIELDS}

# Beyond the required fields, at least one of these must be present.
ONE_OF_REQUIRED = {"offer": ("provider", "provider_country")}

# ---------------------------------------------------------------------------------------------
# Vocabularies and results


@dataclass(frozen=True)
class Vocabularies:
    """The codes each vocabulary allows (loaded once by the caller)."""

    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    gbf_targets: frozenset[str] = frozenset()
    aichi_targets: frozenset[str] = frozenset()
    assistance_types: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass
class ParsedRecord:
    """One valid record: plain Python values, references as ids still to resolve."""

    type: str
    id: str
    status: str
    values: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    _references: list[tuple[str, str, tuple[str, ...]]] | None = field(default=None, repr=False)

    def references(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """``(field, id, allowed types)`` of every reference to another record (computed once)."""
        if self._references is None:
            self._references = self._find_references()
        return self._references

    def _find_references(self) -> list[tuple[str, str, tuple[str, ...]]]:
        found = []
        for spec in RECORD_FIELDS[self.type]:
            value = self.values.get(spec.name)
            if not value:
                continue
            if spec.kind is Kind.REF:
                found.append((spec.name, value, spec.ref_types))
            elif spec.kind is Kind.REFS:
                found.extend((spec.name, item, spec.ref_types) for item in value)
            elif spec.kind is Kind.REF_OR_NAME and looks_like_id(value):
                found.append((spec.name, value, spec.ref_types))
            elif spec.kind is Kind.REFS_OR_COUNTRIES:
                found.extend(
                    (spec.name, item, spec.ref_types) for item in value if looks_like_id(item)
                )
        return found


class FormatError(ValueError):
    """A record does not follow the exchange format; ``problems`` lists every reason."""

    def __init__(self, problems: list[str], *, record_id: str = "", record_type: str = ""):
        self.problems = problems
        self.record_id = record_id
        self.record_type = record_type
        super().__init__("; ".join(problems))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled whole (a harvest validates in a process of its own): problems, id and type.
        return (_format_error, (self.problems, self.record_id, self.record_type))


def _format_error(problems: list[str], record_id: str, record_type: str) -> FormatError:
    return FormatError(problems, record_id=record_id, record_type=record_type)


# ---------------------------------------------------------------------------------------------
# Validation

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,99}:[^\s:][^\s]{0,200}\Z")
LANGUAGE_KEY = re.compile(r"^[a-z]{2}\Z")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
PARTIAL_DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?\Z")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
UPPER_CODE_VOCABS = {"countries", "gbf_targets", "aichi_targets"}
LOWER_CODE_VOCABS = {"languages", "subjects", "assistance_types"}


def looks_like_id(value: str) -> bool:
    """Whether a string reads as a record id (``namespace:local``) rather than a name."""
    return bool(ID_PATTERN.match(value))


def parse_line(text: str) -> Any:
    """The JSON of one line; raises FormatError on broken JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError([f"broken JSON: {exc.msg} at column {exc.colno}"]) from exc


def _normalise_code(vocab: str, code: str) -> str:
    if vocab in UPPER_CODE_VOCABS:
        return code.upper()
    if vocab in LOWER_CODE_VOCABS:
        return code.lower()
    return code


class _Checker:
    def __init__(self, vocabularies: Vocabularies, known_languages: frozenset[str]):
        self.vocabularies = vocabularies
        self.known_languages = known_languages
        self.problems: list[str] = []

    def fail(self, name: str, message: str) -> None:
        self.problems.append(f"field '{name}': {message}")

    def text(self, name: str, value: Any) -> dict[str, str] | None:
        if not isinstance(value, dict):
            self.fail(name, 'must be a language map such as {"en": "..."}')
            return None
        result = {}
        for key, text in value.items():
            if not isinstance(key, str) or not LANGUAGE_KEY.match(key.lower()):
                self.fail(name, f"'{key}' is not an ISO 639-1 language code")
                continue
            lang = key.lower()
            if self.known_languages and lang not in self.known_languages:
                self.fail(name, f"unknown language code '{key}'")
                continue
            if text is None or text == "":
                continue
            if not isinstance(text, str):
                self.fail(name, f"the '{key}' text must be a string")
                continue
            result[lang] = text
        return result

    def string(self, spec: Field, value: Any) -> str | None:
        if not isinstance(value, str):
            self.fail(spec.name, "must be a string")
            return None
        if spec.max_length and len(value) > spec.max_length:
            self.fail(spec.name, f"is longer than {spec.max_length} characters")
            return None
        return value

    def url(self, name: str, value: Any) -> str | None:
        if not isinstance(value, str):
            self.fail(name, "must be a string")
            return None
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            self.fail(name, f"'{value}' is not an http(s) web address")
            return None
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            self.fail(name, f"'{value}' is not an http(s) web address")
            return None
        if len(value) > 2000:
            self.fail(name, "is longer than 2000 characters")
            return None
        return value

    def date(self, name: str, value: Any) -> date | None:
        if not isinstance(value, str) or not DATE_PATTERN.match(value):
            self.fail(name, f"{value!r} is not a date (YYYY-MM-DD)")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"'{value}' is not a real date")
            return None

    def partial_date(self, name: str, value: Any) -> str | None:
        if not isinstance(value, str) or not PARTIAL_DATE_PATTERN.match(value):
            self.fail(name, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
        padded = value + "-01" * ((10 - len(value)) // 3)
        try:
            date.fromisoformat(padded)
        except ValueError:
            self.fail(name, f"'{value}' is not a real date")
            return None
        return value

    def datetime(self, name: str, value: Any) -> datetime | None:
        if not isinstance(value, str) or "T" not in value:
            self.fail(name, f"{value!r} is not a date and time (YYYY-MM-DDThh:mm:ss+hh:mm)")
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(name, f"'{value}' is not a real date and time")
            return None
        if moment.tzinfo is None:
            self.fail(name, f"'{value}' has no UTC offset (add Z or +hh:mm)")
            return None
        return moment

    def timezone(self, name: str, value: Any) -> str | None:
        if not isinstance(value, str) or not value:
            self.fail(name, "must be an IANA time zone such as 'Africa/Dakar'")
            return None
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.fail(name, f"unknown time zone '{value}'")
            return None
        return value

    def code(self, spec: Field, value: Any) -> str | None:
        if not isinstance(value, str):
            self.fail(spec.name, "must be a code (a string)")
            return None
        code = _normalise_code(spec.vocab, value)
        allowed: frozenset[str] = getattr(self.vocabularies, spec.vocab)
        if code not in allowed:
            self.fail(spec.name, f"unknown code '{value}'")
            return None
        return code

    def codes(self, spec: Field, value: Any) -> list[str] | None:
        if not isinstance(value, list):
            self.fail(spec.name, "must be a list of codes")
            return None
        allowed: frozenset[str] = getattr(self.vocabularies, spec.vocab)
        result: list[str] = []
        unknown = []
        for item in value:
            code = _normalise_code(spec.vocab, item) if isinstance(item, str) else None
            if code is None or code not in allowed:
                unknown.append(str(item))
            elif code not in result:
                result.append(code)
        if unknown:
            self.fail(spec.name, "unknown code " + ", ".join(f"'{u}'" for u in unknown))
            return None
        return sorted(result)

    def ref(self, name: str, value: Any) -> str | None:
        if not isinstance(value, str) or not looks_like_id(value):
            self.fail(name, f"{value!r} is not a record id (namespace:local)")
            return None
        return value

    def refs(self, name: str, value: Any) -> list[str] | None:
        if not isinstance(value, list):
            self.fail(name, "must be a list of record ids")
            return None
        result = []
        for item in value:
            ref = self.ref(name, item)
            if ref is None:
                return None
            if ref not in result:
                result.append(ref)
        return sorted(result)

    def refs_or_countries(self, spec: Field, value: Any) -> list[str] | None:
        if not isinstance(value, list):
            self.fail(spec.name, "must be a list of record ids or country codes")
            return None
        result = []
        for item in value:
            if isinstance(item, str) and len(item) == 2:
                code = item.upper()
                if code not in self.vocabularies.countries:
                    self.fail(spec.name, f"unknown country code '{item}'")
                    return None
                result.append(code)
            else:
                ref = self.ref(spec.name, item)
                if ref is None:
                    return None
                result.append(ref)
        return sorted(set(result))

    def objects(self, name: str, value: Any, keys: tuple[str, ...], url_key: str = "") -> Any:
        if not isinstance(value, list):
            self.fail(name, f"must be a list of objects with {', '.join(keys)}")
            return None
        result = []
        for position, item in enumerate(value, start=1):
            if not isinstance(item, dict) or not all(
                isinstance(item.get(key, ""), str) for key in keys
            ):
                self.fail(name, f"item {position} must be an object with {', '.join(keys)}")
                return None
            extra = set(item) - set(keys)
            if extra:
                self.fail(name, f"item {position} has unknown keys: {', '.join(sorted(extra))}")
                return None
            if url_key and self.url(f"{name}[{position}].{url_key}", item.get(url_key)) is None:
                return None
            result.append({key: item[key] for key in keys if item.get(key)})
        return result

    def text_list(self, name: str, value: Any) -> list[dict[str, str]] | None:
        if not isinstance(value, list):
            self.fail(name, "must be a list of language maps")
            return None
        result = []
        for item in value:
            text = self.text(name, item)
            if text is None:
                return None
            if text:
                result.append(text)
        return result


def validate_record(
    data: Any,
    vocabularies: Vocabularies,
    *,
    known_languages: frozenset[str] | None = None,
) -> ParsedRecord:
    """Check one record against the exchange format; plain values out, FormatError if bad.

    Every problem of the record is collected, so the message names them all at once.
    Fields the format does not know become warnings (other clearing-houses extend records).
    """
    # A record whose every field is plainly valid is checked by precompiled checks (the
    # import's hot path); at the first doubt, the full check below decides and words it.
    if type(data) is dict:
        record_type = data.get("type")
        plan = _PLANS.get(record_type) if type(record_type) is str else None
        if plan is not None:
            parsed = _validate_plainly(
                plan, data, _fast_sets(vocabularies, known_languages or vocabularies.languages)
            )
            if parsed is not None:
                return parsed
    return _validate_fully(data, vocabularies, known_languages=known_languages)


def _validate_fully(
    data: Any,
    vocabularies: Vocabularies,
    *,
    known_languages: frozenset[str] | None = None,
) -> ParsedRecord:
    """``validate_record`` field by field, every problem collected and worded."""
    if not isinstance(data, dict):
        raise FormatError(["a record must be a JSON object"])
    record_type = data.get("type")
    record_id = data.get("id")
    if record_type is None:
        raise FormatError(["missing required field 'type'"])
    if not isinstance(record_type, str) or record_type not in RECORD_FIELDS:
        known = ", ".join(sorted(RECORD_FIELDS))
        raise FormatError([f"unknown type '{record_type}' (known types: {known})"])
    checker = _Checker(vocabularies, known_languages or vocabularies.languages)
    if record_id is None:
        checker.problems.append("missing required field 'id'")
    elif not isinstance(record_id, str) or not looks_like_id(record_id):
        checker.problems.append(f"id {record_id!r} is not 'namespace:local' without spaces")
    status = data.get("status")
    if status is None:
        checker.problems.append("missing required field 'status'")
    elif status not in STATUSES:
        checker.problems.append(f"unknown status '{status}' (known: {', '.join(STATUSES)})")

    values: dict[str, Any] = {}
    specs = COMMON_FIELDS + RECORD_FIELDS[record_type]
    for spec in specs:
        raw = data.get(spec.name)
        if raw is None or raw == "" or raw == [] or raw == {}:
            if spec.required:
                checker.problems.append(f"missing required field '{spec.name}'")
            continue
        value = _check_value(checker, spec, raw)
        if value is None:
            continue
        if spec.required and value in ({}, []):
            checker.problems.append(f"missing required field '{spec.name}' (it is empty)")
            continue
        values[spec.name] = value
    one_of = ONE_OF_REQUIRED.get(record_type)
    if one_of and not any(name in values for name in one_of):
        joined = " or ".join(f"'{name}'" for name in one_of)
        checker.problems.append(f"missing required field: {joined}")
    _check_order(checker, record_type, values)
    if checker.problems:
        raise FormatError(
            checker.problems,
            record_id=record_id if isinstance(record_id, str) else "",
            record_type=record_type,
        )
    known_names = RESERVED | {spec.name for spec in specs}
    warnings = [f"unknown field '{name}' ignored" for name in data if name not in known_names]
    return ParsedRecord(
        type=record_type, id=str(record_id), status=str(status), values=values, warnings=warnings
    )


def _check_value(checker: _Checker, spec: Field, raw: Any) -> Any:
    kind = spec.kind
    if kind is Kind.TEXT:
        return checker.text(spec.name, raw)
    if kind is Kind.STRING:
        return checker.string(spec, raw)
    if kind is Kind.URL:
        return checker.url(spec.name, raw)
    if kind is Kind.EMAIL:
        if not isinstance(raw, str) or not EMAIL_PATTERN.match(raw):
            checker.fail(spec.name, f"{raw!r} is not an e-mail address")
            return None
        return raw
    if kind is Kind.BOOL:
        if not isinstance(raw, bool):
            checker.fail(spec.name, "must be true or false")
            return None
        return raw
    if kind is Kind.DATE:
        return checker.date(spec.name, raw)
    if kind is Kind.PARTIAL_DATE:
        return checker.partial_date(spec.name, raw)
    if kind is Kind.DATETIME:
        return checker.datetime(spec.name, raw)
    if kind is Kind.TIMEZONE:
        return checker.timezone(spec.name, raw)
    if kind is Kind.CHOICE:
        if raw not in spec.choices:
            checker.fail(spec.name, f"'{raw}' is not one of {', '.join(spec.choices)}")
            return None
        return raw
    if kind is Kind.CODE:
        return checker.code(spec, raw)
    if kind is Kind.CODES:
        return checker.codes(spec, raw)
    if kind is Kind.TEXT_LIST:
        return checker.text_list(spec.name, raw)
    if kind is Kind.LINKS:
        return checker.objects(spec.name, raw, ("url", "name"), url_key="url")
    if kind is Kind.PEOPLE:
        return checker.objects(spec.name, raw, ("name", "role"))
    if kind is Kind.REF:
        return checker.ref(spec.name, raw)
    if kind is Kind.REFS:
        return checker.refs(spec.name, raw)
    if kind is Kind.REF_OR_NAME:
        return checker.string(spec, raw)
    if kind is Kind.REFS_OR_COUNTRIES:
        return checker.refs_or_countries(spec, raw)
    raise AssertionError(kind)


DATE_PAIRS = (
    ("available_from", "available_until"),
    ("start_date", "end_date"),
    ("timeframe_start", "timeframe_end"),
    ("start", "end"),
)


def _check_order(checker: _Checker, record_type: str, values: dict[str, Any]) -> None:
    for start, end in DATE_PAIRS:
        if start in values and end in values and values[end] < values[start]:
            checker.problems.append(f"field '{end}' is before '{start}'")


# ---------------------------------------------------------------------------------------------
# Validation, the plain case: precompiled checks per record type

#: What a plain check gives back when the value is not plainly valid (the full check decides).
_DOUBT: Any = object()
#: An http(s) address that ``urlsplit`` takes as such: an ASCII host, no white space.
_PLAIN_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#]\S*)?\Z")


@dataclass(frozen=True)
class _FastSets:
    """The vocabularies as the plain checks read them (built once per vocabularies)."""

    vocabularies: Vocabularies
    known_languages: frozenset[str]
    #: Language keys taken as they are: known codes that are already lower case.
    language_keys: frozenset[str]
    #: Codes of each vocabulary already in their normal case.
    codes: dict[str, frozenset[str]]


@lru_cache(maxsize=8)
def _fast_sets(vocabularies: Vocabularies, known_languages: frozenset[str]) -> _FastSets:
    codes = {}
    for name in Vocabularies.__dataclass_fields__:
        allowed: frozenset[str] = getattr(vocabularies, name)
        codes[name] = frozenset(c for c in allowed if _normalise_code(name, c) == c)
    return _FastSets(
        vocabularies,
        known_languages,
        frozenset(k for k in known_languages if LANGUAGE_KEY.match(k)),
        codes,
    )


_Check = Callable[[Any, _FastSets], Any]


def _plain_text(raw: Any, sets: _FastSets) -> Any:
    if type(raw) is not dict:
        return _DOUBT
    keys = sets.language_keys
    for key, text in raw.items():
        if key not in keys or type(text) is not str or not text:
            return _DOUBT
    return dict(raw)


def _plain_check(spec: Field) -> _Check:
    """The check of one field for plainly valid values; ``_DOUBT`` for anything else."""
    kind = spec.kind
    if kind is Kind.TEXT:
        return _plain_text
    if kind in (Kind.STRING, Kind.REF_OR_NAME):
        limit = spec.max_length or None

        def string(raw: Any, sets: _FastSets) -> Any:
            if type(raw) is str and (limit is None or len(raw) <= limit):
                return raw
            return _DOUBT

        return string
    if kind is Kind.URL:

        def url(raw: Any, sets: _FastSets) -> Any:
            if type(raw) is str and len(raw) <= 2000 and _PLAIN_URL.match(raw):
                return raw
            return _DOUBT

        return url
    if kind is Kind.BOOL:
        return lambda raw, sets: raw if type(raw) is bool else _DOUBT
    if kind is Kind.DATETIME:

        def moment(raw: Any, sets: _FastSets) -> Any:
            if type(raw) is not str or "T" not in raw:
                return _DOUBT
            try:
                value = datetime.fromisoformat(raw)
            except ValueError:
                return _DOUBT
            return value if value.tzinfo is not None else _DOUBT

        return moment
    if kind is Kind.DATE:

        def day(raw: Any, sets: _FastSets) -> Any:
            if type(raw) is not str or not DATE_PATTERN.match(raw):
                return _DOUBT
            try:
                return date.fromisoformat(raw)
            except ValueError:
                return _DOUBT

        return day
    if kind is Kind.CHOICE:
        choices = spec.choices
        return lambda raw, sets: raw if type(raw) is str and raw in choices else _DOUBT
    if kind is Kind.CODE:
        vocab = spec.vocab
        return lambda raw, sets: raw if type(raw) is str and raw in sets.codes[vocab] else _DOUBT
    if kind is Kind.CODES:
        vocab = spec.vocab

        def codes(raw: Any, sets: _FastSets) -> Any:
            if type(raw) is not list:
                return _DOUBT
            try:
                unique = set(raw)
            except TypeError:
                return _DOUBT
            return sorted(unique) if unique <= sets.codes[vocab] else _DOUBT

        return codes
    if kind is Kind.TEXT_LIST:

        def text_list(raw: Any, sets: _FastSets) -> Any:
            if type(raw) is not list:
                return _DOUBT
            result = [_plain_text(item, sets) for item in raw]
            # An empty map is left out by the full check: a doubt here.
            return result if all(item is not _DOUBT and item for item in result) else _DOUBT

        return text_list

    # The rarer kinds: the full check, on a checker of its own; any problem is a doubt.
    def full(raw: Any, sets: _FastSets) -> Any:
        checker = _Checker(sets.vocabularies, sets.known_languages)
        value = _check_value(checker, spec, raw)
        return _DOUBT if checker.problems or value is None else value

    return full


@dataclass(frozen=True)
class _Plan:
    record_type: str
    fields: tuple[tuple[str, bool, _Check], ...]
    known_names: frozenset[str]
    one_of: tuple[str, ...]
    date_pairs: tuple[tuple[str, str], ...]
    #: Whether the type has fields that refer to other records.
    refers: bool


_REFERENCE_KINDS = (Kind.REF, Kind.REFS, Kind.REF_OR_NAME, Kind.REFS_OR_COUNTRIES)


def _plan(record_type: str) -> _Plan:
    specs = COMMON_FIELDS + RECORD_FIELDS[record_type]
    names = {spec.name for spec in specs}
    return _Plan(
        record_type,
        tuple((spec.name, spec.required, _plain_check(spec)) for spec in specs),
        RESERVED | names,
        ONE_OF_REQUIRED.get(record_type, ()),
        tuple((a, b) for a, b in DATE_PAIRS if a in names and b in names),
        any(spec.kind in _REFERENCE_KINDS for spec in RECORD_FIELDS[record_type]),
    )


_PLANS = {record_type: _plan(record_type) for record_type in RECORD_FIELDS}


def _validate_plainly(plan: _Plan, data: dict[str, Any], sets: _FastSets) -> ParsedRecord | None:
    """The record when every field is plainly valid (as ``_validate_fully`` would give it);
    None at the first doubt."""
    record_id = data.get("id")
    if type(record_id) is not str or not ID_PATTERN.match(record_id):
        return None
    status = data.get("status")
    if type(status) is not str or status not in STATUSES:
        return None
    values: dict[str, Any] = {}
    for name, required, check in plan.fields:
        raw = data.get(name)
        if raw is None or raw == "" or raw == [] or raw == {}:
            if required:
                return None
            continue
        value = check(raw, sets)
        if value is _DOUBT or (required and (value == {} or value == [])):
            return None
        values[name] = value
    if plan.one_of and not any(name in values for name in plan.one_of):
        return None
    for start, end in plan.date_pairs:
        if start in values and end in values and values[end] < values[start]:
            return None
    known_names = plan.known_names
    warnings = [f"unknown field '{name}' ignored" for name in data if name not in known_names]
    parsed = ParsedRecord(
        type=plan.record_type, id=record_id, status=status, values=values, warnings=warnings
    )
    # Every import reads them; a type without reference fields has none.
    parsed._references = parsed._find_references() if plan.refers else []
    return parsed


# ---------------------------------------------------------------------------------------------
# Rendering


def _render_value(spec: Field, value: Any) -> Any:
    if spec.kind in (Kind.DATE, Kind.DATETIME):
        return value.isoformat()
    return value


def render_record(
    record_type: str,
    record_id: str,
    status: str,
    values: Mapping[str, Any],
    *,
    public: bool = False,
) -> dict[str, Any]:
    """A record as the exchange format's JSON object: fields in their documented order.

    Empty fields are left out; private fields (an expert's e-mail) too when ``public``.
    """
    result: dict[str, Any] = {"type": record_type, "id": record_id, "status": status}
    for spec in RECORD_FIELDS[record_type] + COMMON_FIELDS:
        if public and spec.private:
            continue
        value = values.get(spec.name)
        if value is None or value == "" or value == [] or value == {}:
            continue
        result[spec.name] = _render_value(spec, value)
    return result


def dump_line(record: Mapping[str, Any]) -> str:
    """One JSON Lines line (UTF-8 text, no newline)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def field_names(record_type: str, *, public: bool = False) -> Iterable[str]:
    """The exchange field names of a type, in order (for CSV headers and docs)."""
    yield from ("type", "id", "status")
    for spec in RECORD_FIELDS[record_type] + COMMON_FIELDS:
        if not (public and spec.private):
            yield spec.name
