"""The CBD clearing-house's record JSON, read into the Ayni exchange format and written back.

Pure code (no ORM). The CBD's API (``/api/v2013/documents/<identifier>``) gives each record as a
JSON object with a ``header`` (``identifier``, ``schema``, ``languages``), texts as ``lstring``
language maps (``{"en": "...", "fr": "..."}``), thesaurus terms as ``ETerm`` references
(``{"identifier": "CBD-SUBJECT-MAR"}``), countries as lower-case ISO codes (``{"identifier":
"sn"}``), references to other records as ``{"identifier": "<GUID>@<revision>"}`` and links as
``[{"url": ..., "name": ...}]``. ``docs/cbd-adapter.md`` lists, schema by schema, which CBD field
lands in which Ayni field and where each field list was read.

Codes are never guessed: a CBD code that the Ayni vocabularies (or the mappings the caller
passes in) do not know is left out of the record and reported, with its field, in
``AdapterResult.unknown_codes``.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ayni.federation.formats.ayni_jsonl import (
    RECORD_FIELDS,
    FormatError,
    Vocabularies,
    validate_record,
)

SOURCE = "cbd-chm"

# ---------------------------------------------------------------------------------------------
# The mapping tables

#: Field kinds: how one CBD value is read into one Ayni value (and written back).
TEXT = "lstring"  # lstring -> language map
STRING = "string"  # string, or lstring read as its English (else first) text
COUNTRY = "country"  # term -> upper-case ISO 3166-1 alpha-2
COUNTRIES = "countries"  # term[] -> list of country codes
FIRST_COUNTRY = "first-country"  # term[] -> its first country code
SUBJECTS = "subjects"  # term[] (CBD-SUBJECT-*) -> subject slugs
GBF = "gbf_targets"  # term[] -> GBF-TARGET-NN / GBF-GOAL-X
AICHI = "aichi_targets"  # term[] -> AICHI-TARGET-NN
ASSISTANCE = "assistance_types"  # term[] -> assistance type slugs
LANGUAGES = "languages"  # term[] -> ISO 639-1 codes
REGIONS = "regions"  # term[] -> UN M49 codes
CHOICE = "choice"  # term or term[] -> one of the Ayni field's choices
REF = "reference"  # reference -> "<namespace>:<identifier>"
REFS = "references"  # reference[] -> list of ids
DATE = "date"  # string -> YYYY-MM-DD
PARTIAL_DATE = "partial-date"  # string or lstring -> YYYY, YYYY-MM or YYYY-MM-DD
DATETIME = "datetime"  # ISO 8601 (UTC) -> date and time with offset
FIRST_URL = "first-url"  # link[] -> the first link's url
LINKS = "links"  # link[] -> list of {url, name}
FIRST_STRING = "first-string"  # string[] -> its first item


@dataclass(frozen=True)
class FieldMap:
    """One CBD field and the Ayni field it feeds; ``write`` is False for a secondary source."""

    cbd: str
    ayni: str
    kind: str
    write: bool = True


def _m(cbd: str, ayni: str, kind: str, *, write: bool = True) -> FieldMap:
    return FieldMap(cbd, ayni, kind, write)


#: CBD schema -> Ayni record type.
SCHEMA_TYPES: dict[str, str] = {
    "caseStudy": "case-study",
    "resource": "resource",
    "organization": "organization",
    "event": "event",
    "bbiRequest": "need",
    "bbiOpportunity": "offer",
    "bbiProfile": "organization",
    "biosafetyExpert": "expert",
}

#: Ayni record type -> the CBD schema it is written back as.
TYPE_SCHEMAS: dict[str, str] = {
    "case-study": "caseStudy",
    "resource": "resource",
    "organization": "organization",
    "event": "event",
    "need": "bbiRequest",
    "offer": "bbiOpportunity",
    "expert": "biosafetyExpert",
}

FIELD_MAPS: dict[str, tuple[FieldMap, ...]] = {
    # scbd/chm.cbd.int app/chm/directives/forms/form-case-study.partial.html and
    # form-case-study.js (the CHM's caseStudy form; the documentation repository has no field
    # list for it). The CBD names related countries (``regions``) without their role: see
    # ``_read_case_study_countries``. ``providerCountries``, ``beneficiaryCountries`` and
    # ``gbfTargets`` are Ayni extensions (written by Ayni, read back); the CBD form lacks them.
    "caseStudy": (
        _m("title", "title", TEXT),
        _m("summary", "summary", TEXT),
        _m("description", "description", TEXT),
        _m("providerCountries", "provider_countries", COUNTRIES),
        _m("beneficiaryCountries", "beneficiary_countries", COUNTRIES),
        _m("organizations", "organizations", REFS),
        _m("subjects", "subjects", SUBJECTS),
        _m("aichiTargets", "aichi_targets", AICHI),
        _m("gbfTargets", "gbf_targets", GBF),
        _m("startDate", "start_date", DATE),
        _m("endDate", "end_date", DATE),
        _m("relevantDocuments", "links", LINKS),
    ),
    # docs/swagger/schemas/shared/vlr.ts (Virtual Library Resource).
    "resource": (
        _m("title", "title", TEXT),
        _m("summary", "summary", TEXT),
        _m("resourceTypes", "resource_type", CHOICE),
        _m("authors", "authors", STRING),
        _m("publisher", "publisher", STRING),
        _m("publicationDate", "publication_date", PARTIAL_DATE),
        _m("resourceLinks", "url", FIRST_URL),
        _m("cbdSubjects", "subjects", SUBJECTS),
        _m("gbfTargets", "gbf_targets", GBF),
        _m("aichiTargets", "aichi_targets", AICHI),
        _m("countryRegions", "countries", COUNTRIES),
    ),
    # docs/swagger/schemas/shared/org.ts (Organization).
    "organization": (
        _m("name", "name", TEXT),
        _m("acronym", "acronym", STRING),
        _m("country", "country", COUNTRY),
        _m("organizationType", "organization_type", CHOICE),
        _m("thematicAreas", "subjects", SUBJECTS),
        _m("cbdSubjects", "subjects", SUBJECTS, write=False),
        _m("gbfTargets", "gbf_targets", GBF),
        _m("aichiTargets", "aichi_targets", AICHI),
        _m("operationalLanguages", "languages", LANGUAGES),
        _m("operationalRegions", "regions_served", REGIONS),
        _m("profile", "description", TEXT),
        _m("websites", "website", FIRST_URL),
    ),
    # scbd/absch.cbd.int app/views/forms/view/chm/event.vue.
    "event": (
        _m("title", "title", TEXT),
        _m("description", "description", TEXT),
        _m("type", "event_type", CHOICE),
        _m("startDate", "start", DATETIME),
        _m("endDate", "end", DATETIME),
        _m("address.city", "city", STRING),
        _m("address.country", "country", COUNTRY),
        _m("contactOrganization", "organizers", REFS),
        _m("thematicAreas", "subjects", SUBJECTS),
    ),
    # scbd/www.cbd.int app/directives/bbi/views/view-bbi-request.html.
    "bbiRequest": (
        _m("country", "country", COUNTRY),
        _m("organization", "institution", REF),
        _m("title", "title", TEXT),
        _m("problem", "description", TEXT),
        _m("cbdSubjects", "subjects", SUBJECTS),
        _m("gbfTargets", "gbf_targets", GBF),
        _m("aichiTargets", "aichi_targets", AICHI),
        _m("assistanceTypes", "assistance_types", ASSISTANCE),
        _m("startDate", "timeframe_start", DATE),
        _m("endDate", "timeframe_end", DATE),
        _m("coFinancing", "co_financing", TEXT),
    ),
    # scbd/www.cbd.int app/directives/bbi/views/view-bbi-opportunity.html.
    "bbiOpportunity": (
        _m("title", "title", TEXT),
        _m("description", "description", TEXT),
        _m("primaryOrganization", "provider", REF),
        _m("cbdSubjects", "subjects", SUBJECTS),
        _m("gbfTargets", "gbf_targets", GBF),
        _m("assistanceTypes", "assistance_types", ASSISTANCE),
        _m("areasBenifited", "regions_covered", REGIONS),
        _m("eligibility", "eligibility", TEXT),
        _m("startDate", "available_from", DATE),
        _m("endDate", "available_until", DATE),
    ),
    # scbd/www.cbd.int app/directives/bbi/views/view-bbi-profile.html: a provider of
    # assistance, an institution with its own organization record (read, never written).
    "bbiProfile": (
        _m("title", "name", TEXT),
        _m("country", "country", COUNTRY),
        _m("organizationType", "organization_type", CHOICE),
        _m("cbdSubjects", "subjects", SUBJECTS),
        _m("assistanceTypes", "assistance_types", ASSISTANCE),
        _m("coverageArea", "regions_served", REGIONS),
        _m("suggestedExpertise", "description", TEXT),
        _m("websites", "website", FIRST_URL),
    ),
    # scbd/absch.cbd.int app/views/forms/view/bch/view-biosafety-expert.directive.html.
    # The name (prefix, firstName, lastName) is read and written apart.
    "biosafetyExpert": (
        _m("country", "country", COUNTRY),
        _m("government", "country", COUNTRY, write=False),
        _m("nationalities", "nationality", FIRST_COUNTRY),
        _m("expertise", "subjects", SUBJECTS),
        _m("motherTongue", "languages", LANGUAGES),
        _m("languageRating", "languages", LANGUAGES, write=False),
        _m("profile", "bio", TEXT),
        _m("emails", "email", FIRST_STRING),
    ),
}

_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_TARGET = re.compile(r"^(AICHI-TARGET|GBF-TARGET)-(\d{1,2})\Z")


# ---------------------------------------------------------------------------------------------
# Results


class UnknownSchema(ValueError):
    """The CBD record's ``header.schema`` is not one the adapter reads."""

    def __init__(self, schema: Any):
        self.schema = schema
        known = ", ".join(sorted(SCHEMA_TYPES))
        super().__init__(f"unknown CBD schema {schema!r} (the adapter reads: {known})")


@dataclass(frozen=True)
class UnknownCode:
    """A CBD code that no vocabulary or mapping knows: left out of ``field``, reported."""

    field: str
    code: str
    cbd_field: str

    def __str__(self) -> str:
        return f"field '{self.field}' (CBD '{self.cbd_field}'): unknown code '{self.code}' left out"


@dataclass
class AdapterResult:
    """One CBD record read into the exchange format.

    ``record`` is the Ayni record (always a dict, possibly incomplete); ``problems`` say why it
    would not pass ``validate_record`` (a record with problems must not be imported);
    ``warnings`` and ``unknown_codes`` say what was left out of a valid record.
    """

    record: dict[str, Any]
    schema: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_codes: list[UnknownCode] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------------
# Helpers for the caller


def subject_code_map(subjects: Any) -> dict[str, str]:
    """``{cbd_code: slug}`` from the subjects vocabulary as loaded from ``subjects.json``.

    Takes the whole file (a dict with ``items``) or its list of items; subjects without a CBD
    thesaurus code are left out.
    """
    items = subjects.get("items", []) if isinstance(subjects, Mapping) else subjects
    result: dict[str, str] = {}
    for item in items:
        code = item.get("cbd_code") if isinstance(item, Mapping) else None
        if code:
            result[str(code).upper()] = str(item["slug"])
    return result


def normalise_target(code: str) -> str:
    """``aichi-target-5`` -> ``AICHI-TARGET-05``, ``gbf-goal-a`` -> ``GBF-GOAL-A``."""
    upper = code.strip().upper()
    match = _TARGET.match(upper)
    if match:
        return f"{match.group(1)}-{int(match.group(2)):02d}"
    return upper


def local_identifier(identifier: str) -> str:
    """A CBD identifier without its ``@revision`` suffix."""
    return identifier.split("@", 1)[0].strip()


# ---------------------------------------------------------------------------------------------
# Reading (CBD -> Ayni)


class _Reader:
    def __init__(
        self,
        *,
        vocabularies: Vocabularies,
        subject_codes: Mapping[str, str],
        term_codes: Mapping[str, Mapping[str, str]],
        namespace: str,
    ):
        self.vocabularies = vocabularies
        self.subject_codes = {key.upper(): value for key, value in subject_codes.items()}
        self.term_codes = term_codes
        self.namespace = namespace
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.unknown: list[UnknownCode] = []

    # -- plumbing

    def unknown_code(self, spec: FieldMap, code: Any) -> None:
        found = UnknownCode(field=spec.ayni, code=str(code), cbd_field=spec.cbd)
        if found not in self.unknown:
            self.unknown.append(found)

    def warn(self, spec: FieldMap, message: str) -> None:
        self.warnings.append(f"CBD field '{spec.cbd}': {message}")

    def mapped(self, spec: FieldMap, identifier: str) -> str | None:
        table = self.term_codes.get(spec.ayni, {})
        return table.get(identifier) or table.get(identifier.lower())

    def identifiers(self, spec: FieldMap, raw: Any) -> list[str]:
        """The identifiers of a term or a list of terms (strings are taken as identifiers)."""
        items = raw if isinstance(raw, list) else [raw]
        result = []
        for item in items:
            identifier = item.get("identifier") if isinstance(item, Mapping) else item
            if isinstance(identifier, str) and identifier.strip():
                result.append(identifier.strip())
            else:
                self.warn(spec, f'{item!r} is not a term such as {{"identifier": "..."}}')
        return result

    # -- one value per kind

    def text(self, spec: FieldMap, raw: Any) -> dict[str, str] | None:
        if not isinstance(raw, Mapping):
            self.warn(spec, 'is not an lstring such as {"en": "..."}; left out')
            return None
        result = {}
        for key, value in raw.items():
            if not isinstance(value, str) or not value.strip():
                continue
            lang = str(key).lower()
            if self.vocabularies.languages and lang not in self.vocabularies.languages:
                self.unknown_code(spec, key)
                continue
            result[lang] = value
        return result or None

    def string(self, spec: FieldMap, raw: Any) -> str | None:
        if isinstance(raw, str):
            return raw.strip() or None
        if isinstance(raw, Mapping):
            texts = {str(k).lower(): v for k, v in raw.items() if isinstance(v, str) and v.strip()}
            if not texts:
                return None
            if len(texts) > 1:
                self.warn(spec, "has texts in several languages; the English (or first) is kept")
            return texts.get("en") or texts[sorted(texts)[0]]
        self.warn(spec, "is not a text; left out")
        return None

    def country(self, spec: FieldMap, identifier: str) -> str | None:
        code = identifier.upper()
        if code in self.vocabularies.countries:
            return code
        self.unknown_code(spec, identifier)
        return None

    def code(self, spec: FieldMap, identifier: str) -> str | None:
        """One identifier of a code list, mapped to the Ayni vocabulary or reported."""
        kind = spec.kind
        if kind in (COUNTRY, COUNTRIES, FIRST_COUNTRY):
            return self.country(spec, identifier)
        mapped = self.mapped(spec, identifier)
        if kind == SUBJECTS:
            slug = mapped or self.subject_codes.get(identifier.upper())
            if slug is None and identifier.lower() in self.vocabularies.subjects:
                slug = identifier.lower()
            if slug is not None and slug in self.vocabularies.subjects:
                return slug
        elif kind in (GBF, AICHI):
            code = normalise_target(mapped or identifier)
            if code in getattr(self.vocabularies, kind):
                return code
        elif kind == ASSISTANCE:
            slug = (mapped or identifier).lower()
            if slug in self.vocabularies.assistance_types:
                return slug
        elif kind == LANGUAGES:
            lang = (mapped or identifier).lower().removeprefix("lang-")
            if lang in self.vocabularies.languages:
                return lang
        elif kind == REGIONS:
            region = mapped or identifier
            if region in self.vocabularies.regions:
                return region
        self.unknown_code(spec, identifier)
        return None

    def codes(self, spec: FieldMap, raw: Any) -> list[str] | None:
        result: list[str] = []
        for identifier in self.identifiers(spec, raw):
            code = self.code(spec, identifier)
            if code is not None and code not in result:
                result.append(code)
        return result or None

    def choice(self, spec: FieldMap, raw: Any, record_type: str) -> str | None:
        choices = _choices(record_type, spec.ayni)
        for identifier in self.identifiers(spec, raw):
            value = self.mapped(spec, identifier) or identifier
            if value in choices:
                return value
            self.unknown_code(spec, identifier)
        return None

    def reference(self, spec: FieldMap, raw: Any) -> str | None:
        identifier = raw.get("identifier") if isinstance(raw, Mapping) else raw
        if not isinstance(identifier, str) or not local_identifier(identifier):
            self.warn(spec, f'{raw!r} is not a reference such as {{"identifier": "..."}}')
            return None
        local = local_identifier(identifier)
        if ":" in local:  # already an Ayni id (a record Ayni wrote)
            return local
        return f"{self.namespace}:{local}"

    def date(self, spec: FieldMap, raw: Any) -> str | None:
        match = _DATE_PREFIX.match(raw) if isinstance(raw, str) else None
        if match is None:
            self.warn(spec, f"{raw!r} is not a date (YYYY-MM-DD); left out")
            return None
        return match.group(1)

    def partial_date(self, spec: FieldMap, raw: Any) -> str | None:
        text = self.string(spec, raw)
        match = _PARTIAL_DATE.match(text) if text else None
        if match is None:
            self.warn(spec, f"{raw!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); left out")
            return None
        return match.group(0)

    def datetime(self, spec: FieldMap, raw: Any) -> str | None:
        if not isinstance(raw, str):
            self.warn(spec, f"{raw!r} is not a date and time; left out")
            return None
        text = raw.strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.warn(spec, f"'{raw}' is not a date and time (ISO 8601); left out")
            return None
        if moment.tzinfo is None:
            self.warn(spec, f"'{raw}' has no offset; read as UTC, as the CBD API writes times")
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()

    def links(self, spec: FieldMap, raw: Any) -> list[dict[str, str]] | None:
        if not isinstance(raw, list):
            self.warn(spec, 'is not a list of links such as [{"url": "..."}]; left out')
            return None
        result = []
        for item in raw:
            if isinstance(item, Mapping) and isinstance(item.get("url"), str) and item["url"]:
                link = {"url": item["url"]}
                if isinstance(item.get("name"), str) and item["name"]:
                    link["name"] = item["name"]
                result.append(link)
            else:
                self.warn(spec, f"{item!r} is not a link with a url; left out")
        return result or None

    def value(self, spec: FieldMap, raw: Any, record_type: str) -> Any:
        kind = spec.kind
        if kind == TEXT:
            return self.text(spec, raw)
        if kind == STRING:
            return self.string(spec, raw)
        if kind == COUNTRY:
            ids = self.identifiers(spec, raw)
            return self.country(spec, ids[0]) if ids else None
        if kind == FIRST_COUNTRY:
            found = self.codes(spec, raw)
            return found[0] if found else None
        if kind in (COUNTRIES, SUBJECTS, GBF, AICHI, ASSISTANCE, LANGUAGES, REGIONS):
            return self.codes(spec, raw)
        if kind == CHOICE:
            return self.choice(spec, raw, record_type)
        if kind == REF:
            return self.reference(spec, raw)
        if kind == REFS:
            items = raw if isinstance(raw, list) else [raw]
            refs = [ref for item in items if (ref := self.reference(spec, item))]
            return sorted(set(refs)) or None
        if kind == DATE:
            return self.date(spec, raw)
        if kind == PARTIAL_DATE:
            return self.partial_date(spec, raw)
        if kind == DATETIME:
            return self.datetime(spec, raw)
        if kind == FIRST_URL:
            if isinstance(raw, str):
                return raw or None
            links = self.links(spec, raw)
            if links and len(links) > 1:
                self.warn(spec, "has several links; the first is kept")
            return links[0]["url"] if links else None
        if kind == LINKS:
            return self.links(spec, raw)
        if kind == FIRST_STRING:
            items = [item for item in (raw if isinstance(raw, list) else [raw]) if item]
            return items[0] if items and isinstance(items[0], str) else None
        raise AssertionError(kind)


def _choices(record_type: str, name: str) -> tuple[str, ...]:
    for spec in RECORD_FIELDS[record_type]:
        if spec.name == name:
            return spec.choices
    raise KeyError(name)


def _lookup(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _merge(values: dict[str, Any], name: str, value: Any) -> None:
    """A second CBD source of the same Ayni field adds its codes, or fills the gap."""
    if name not in values:
        values[name] = value
    elif isinstance(values[name], list) and isinstance(value, list):
        values[name] = values[name] + [item for item in value if item not in values[name]]


def cbd_to_ayni(
    document: Mapping[str, Any],
    *,
    vocabularies: Vocabularies,
    namespace: str = "cbd",
    subject_codes: Mapping[str, str] | None = None,
    term_codes: Mapping[str, Mapping[str, str]] | None = None,
    references: Mapping[str, Mapping[str, Any]] | None = None,
) -> AdapterResult:
    """One CBD record (the API's document JSON) as an Ayni exchange record.

    ``subject_codes`` maps CBD thesaurus codes to subject slugs (``subject_code_map``);
    ``term_codes`` maps, per Ayni field (``"assistance_types"``, ``"organization_type"``, …),
    the CBD's own term identifiers to Ayni codes; ``references`` holds CBD records already
    fetched, by identifier, from which a ``bbiProfile`` takes its organization's country and
    type. Raises ``UnknownSchema`` for a schema the adapter does not read.
    """
    if not isinstance(document, Mapping):
        raise UnknownSchema(None)
    header = document.get("header")
    schema = header.get("schema") if isinstance(header, Mapping) else None
    if schema not in SCHEMA_TYPES:
        raise UnknownSchema(schema)
    record_type = SCHEMA_TYPES[schema]
    reader = _Reader(
        vocabularies=vocabularies,
        subject_codes=subject_codes or {},
        term_codes=term_codes or {},
        namespace=namespace,
    )
    assert isinstance(header, Mapping)
    identifier = header.get("identifier")
    local = local_identifier(identifier) if isinstance(identifier, str) else ""
    record: dict[str, Any] = {"type": record_type, "id": "", "status": "published"}
    if not local:
        reader.problems.append("missing required field 'header.identifier'")
    else:
        record["id"] = local if ":" in local else f"{namespace}:{local}"
        record["source"] = SOURCE
        record["source_id"] = local

    values: dict[str, Any] = {}
    for spec in FIELD_MAPS[schema]:
        raw = _lookup(document, spec.cbd)
        if _is_empty(raw):
            continue
        value = reader.value(spec, raw, record_type)
        if not _is_empty(value):
            _merge(values, spec.ayni, value)
    if schema == "biosafetyExpert":
        _read_expert_name(document, values)
    if schema == "bbiProfile":
        _read_profile_organization(document, values, reader, references or {})
    if schema == "caseStudy":
        _read_case_study_countries(document, values, reader)
    if schema == "event" and "start" in values:
        timezone = document.get("timezone")
        if isinstance(timezone, str) and timezone:
            values["timezone"] = timezone
        else:
            values["timezone"] = "UTC"
            reader.warnings.append(
                "CBD record has no time zone: times are kept in UTC, timezone 'UTC'"
            )
    for name, value in values.items():
        if isinstance(value, list) and name not in ("links", "organizations", "funders"):
            value = sorted(value)
        record[name] = value

    _check_required(schema, record_type, record, reader)
    result = AdapterResult(
        record=record,
        schema=schema,
        problems=reader.problems,
        warnings=reader.warnings + [str(code) for code in reader.unknown],
        unknown_codes=reader.unknown,
    )
    if not result.problems:
        try:
            parsed = validate_record(record, vocabularies)
        except FormatError as exc:
            result.problems.extend(exc.problems)
        else:
            result.warnings.extend(parsed.warnings)
    return result


def _read_expert_name(document: Mapping[str, Any], values: dict[str, Any]) -> None:
    parts = []
    for key in ("firstName", "lastName"):
        raw = document.get(key)
        if isinstance(raw, Mapping):
            texts = [v for k, v in sorted(raw.items()) if isinstance(v, str) and v.strip()]
            text = raw.get("en") if isinstance(raw.get("en"), str) else (texts[0] if texts else "")
        else:
            text = raw if isinstance(raw, str) else ""
        if text and text.strip():
            parts.append(text.strip())
    if parts:
        values["name"] = " ".join(parts)


#: The Ayni case-study fields ``regions`` fills when the record does not give the role.
CASE_STUDY_ROLES = (
    ("provider_countries", "providerCountries"),
    ("beneficiary_countries", "beneficiaryCountries"),
)


def _read_case_study_countries(
    document: Mapping[str, Any], values: dict[str, Any], reader: _Reader
) -> None:
    """The CBD's ``regions`` ("Related Country(ies) / Region(s) / Economic group(s)") names the
    countries of a case study but not who provided and who benefited. A role the record does
    not give (Ayni's own ``providerCountries`` / ``beneficiaryCountries``) is filled with those
    countries, with a warning so that a curator splits them; region and group terms are
    reported as unknown codes."""
    raw = document.get("regions")
    missing = [(name, cbd) for name, cbd in CASE_STUDY_ROLES if name not in values]
    if _is_empty(raw) or not missing:
        return
    spec = FieldMap("regions", missing[0][0], COUNTRIES)
    countries = reader.codes(spec, raw)
    if not countries:
        return
    for name, cbd in missing:
        values[name] = list(countries)
        reader.warnings.append(
            f"CBD field 'regions' names related countries without their role: read as "
            f"'{name}' too (no '{cbd}'); a curator should check them"
        )


def _read_profile_organization(
    document: Mapping[str, Any],
    values: dict[str, Any],
    reader: _Reader,
    references: Mapping[str, Mapping[str, Any]],
) -> None:
    """A Bio-Bridge profile's country and type come from its organization record, if given."""
    ref = document.get("organization")
    identifier = ref.get("identifier") if isinstance(ref, Mapping) else None
    if not isinstance(identifier, str):
        return
    organization = references.get(local_identifier(identifier)) or references.get(identifier)
    if not organization:
        return
    for spec in FIELD_MAPS["organization"]:
        if spec.ayni not in ("country", "organization_type") or spec.ayni in values:
            continue
        raw = _lookup(organization, spec.cbd)
        if _is_empty(raw):
            continue
        value = reader.value(
            FieldMap(f"organization.{spec.cbd}", spec.ayni, spec.kind), raw, "organization"
        )
        if not _is_empty(value):
            values[spec.ayni] = value


def _sources(schema: str, name: str) -> list[str]:
    """The CBD fields a required Ayni field is read from (named in the problem)."""
    found = [spec.cbd for spec in FIELD_MAPS[schema] if spec.ayni == name]
    if schema == "biosafetyExpert" and name == "name":
        found = ["firstName", "lastName"]
    if schema == "bbiProfile" and name in ("country", "organization_type"):
        found.append("organization (its record, passed in references)")
    if schema == "event" and name == "timezone":
        found = ["timezone"]
    if schema == "caseStudy" and name in dict(CASE_STUDY_ROLES):
        found.append("regions")
    return found


def _check_required(schema: str, record_type: str, record: dict[str, Any], reader: _Reader) -> None:
    for spec in RECORD_FIELDS[record_type]:
        if spec.required and _is_empty(record.get(spec.name)):
            sources = _sources(schema, spec.name)
            where = " or ".join(f"'{name}'" for name in sources) if sources else "none"
            reader.problems.append(f"missing required field '{spec.name}' (from CBD field {where})")
    if record_type == "offer" and not (record.get("provider") or record.get("provider_country")):
        reader.problems.append(
            "missing required field 'provider' or 'provider_country' "
            "(from CBD field 'primaryOrganization')"
        )


# ---------------------------------------------------------------------------------------------
# Writing (Ayni -> CBD)


def _term(code: str) -> dict[str, str]:
    return {"identifier": code}


def ayni_to_cbd(
    record: Mapping[str, Any],
    *,
    subject_codes: Mapping[str, str] | None = None,
    term_codes: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """An Ayni exchange record written in the CBD's record shape.

    Subjects go out as their CBD thesaurus code where they have one (``subject_codes`` is the
    same ``{cbd_code: slug}`` map ``cbd_to_ayni`` takes), else as the Ayni slug; other codes go
    out as the CBD term ``term_codes`` maps them from, else as the Ayni code. Raises ValueError
    for a record type with no CBD counterpart.
    """
    record_type = record.get("type")
    if record_type not in TYPE_SCHEMAS:
        known = ", ".join(sorted(TYPE_SCHEMAS))
        raise ValueError(f"record type {record_type!r} has no CBD counterpart (known: {known})")
    schema = TYPE_SCHEMAS[str(record_type)]
    slug_to_code = {slug: code for code, slug in (subject_codes or {}).items()}
    reverse_terms = {
        name: {code: identifier for identifier, code in table.items()}
        for name, table in (term_codes or {}).items()
    }
    record_id = str(record.get("id", ""))
    if record.get("source") == SOURCE and record.get("source_id"):
        identifier = str(record["source_id"])
    else:
        identifier = record_id
    document: dict[str, Any] = {"header": {"identifier": identifier, "schema": schema}}
    languages: set[str] = set()

    def out_code(spec: FieldMap, code: str) -> dict[str, str]:
        if spec.kind == SUBJECTS:
            return _term(slug_to_code.get(code, code))
        if spec.kind in (COUNTRY, COUNTRIES, FIRST_COUNTRY):
            return _term(code.lower())
        return _term(reverse_terms.get(spec.ayni, {}).get(code, code))

    def out_ref(ref: str) -> dict[str, str]:
        namespace, _, local = ref.partition(":")
        return _term(local if namespace == "cbd" else ref)

    for spec in FIELD_MAPS[schema]:
        if not spec.write:
            continue
        value: Any = record.get(spec.ayni)
        if _is_empty(value):
            continue
        kind = spec.kind
        if kind == TEXT:
            out: Any = dict(value)
            languages.update(value)
        elif kind == STRING:
            out = {"en": value}  # lstring in the CBD; Ayni keeps one text
        elif kind in (DATE, PARTIAL_DATE):
            out = value
        elif kind == FIRST_STRING:
            out = [value]
        elif kind == COUNTRY:
            out = out_code(spec, value)
        elif kind == FIRST_COUNTRY:
            out = [out_code(spec, value)]
        elif kind == CHOICE:
            out = out_code(spec, value)
            if spec.cbd in ("resourceTypes", "type"):
                out = [out]
        elif kind in (COUNTRIES, SUBJECTS, GBF, AICHI, ASSISTANCE, LANGUAGES, REGIONS):
            out = [out_code(spec, code) for code in value]
        elif kind == REF:
            out = out_ref(value)
        elif kind == REFS:
            out = [out_ref(ref) for ref in value]
            if spec.cbd == "contactOrganization":
                out = out[0]
        elif kind == DATETIME:
            moment = datetime.fromisoformat(str(value)).astimezone(UTC)
            out = moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        elif kind == FIRST_URL:
            out = [{"url": value}]
        elif kind == LINKS:
            out = [dict(link) for link in value]
        else:  # pragma: no cover - every kind is handled above
            raise AssertionError(kind)
        _place(document, spec.cbd, out)
    if schema == "biosafetyExpert" and record.get("name"):
        first, _, last = str(record["name"]).rpartition(" ")
        if first:
            document["firstName"] = {"en": first}
        document["lastName"] = {"en": last}
    if schema == "caseStudy":
        related = sorted(
            {code for name, _cbd in CASE_STUDY_ROLES for code in record.get(name) or []}
        )
        if related:
            document["regions"] = [_term(code.lower()) for code in related]
    if schema == "event" and record.get("timezone") not in (None, "", "UTC"):
        document["timezone"] = record["timezone"]  # an Ayni extension the CBD schema lacks
    document["header"]["languages"] = sorted(languages) or ["en"]
    return document


def _place(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target = document
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def supported_schemas() -> Iterable[str]:
    """The CBD schemas the adapter reads, in a stable order."""
    return sorted(SCHEMA_TYPES)
