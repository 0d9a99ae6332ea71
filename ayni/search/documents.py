"""What the index holds of a record: its entries (one per language of its text) and facets.

``record_documents`` is pure: it reads a record's exchange values (as ``read_records`` gives
them, or as a synthetic generator makes them) and the vocabulary lookups, and returns plain
``Document`` objects; ``ayni.search.services`` writes them.
"""

import datetime as dt
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ayni.federation.formats.ayni_jsonl import RECORD_FIELDS, Kind, looks_like_id
from ayni.search.analysis import analyse

#: The facets of the index, in the order pages show them.
FACETS = (
    "type",
    "country",
    "region",
    "grouping",
    "subject",
    "target",
    "assistance",
    "language",
    "year",
)
#: The pseudo-facet of an entry's publication status, among its filter tokens only.
STATUS_PSEUDO_FACET = "status"
#: How an entry's facet codes are stored (``SearchEntry.facet_codes``): one little-endian
#: unsigned 32-bit integer per facet token, as numpy reads them.
CODE_DTYPE = "<u4"
#: The fields naming a record's countries.
COUNTRY_FIELDS = ("country", "provider_country")
COUNTRIES_FIELDS = ("countries", "provider_countries", "beneficiary_countries")
#: Free-text fields without language (names as written) that every entry's terms include.
PLAIN_TEXT_FIELDS = ("name", "acronym", "authors", "publisher", "city", "meeting", "institution")
#: The fields a title is taken from, in order.
TITLE_FIELDS = ("title", "name")


@dataclass(frozen=True)
class CountryFacts:
    """What the index needs of a country: its M49 areas, its groupings, its names."""

    regions: tuple[str, ...]
    groupings: tuple[str, ...]
    names: Mapping[str, str]


@dataclass(frozen=True)
class VocabularyLookup:
    """Countries and subjects by code, loaded once (see ``services.vocabulary_lookup``)."""

    countries: Mapping[str, CountryFacts] = field(default_factory=dict)
    subjects: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass
class Document:
    """One index entry to write: a record's text in one language and its facet values."""

    record_type: str
    uid: str
    record_pk: int
    status: str
    language: str
    primary: bool
    title: str
    body: str
    terms: str
    date: dt.datetime | None
    year: int | None
    facets: list[tuple[str, str]]

    @property
    def tokens(self) -> str:
        """The entry's filter tokens (its status and facet values), see ``filter_tokens``."""
        return filter_tokens(self.status, self.facets)

    @property
    def facet_tokens(self) -> list[str]:
        """The filter tokens of its facet values, the ones counted (every token but the
        status), in the order of ``tokens``."""
        return [facet_token(facet, value) for facet, value in self.facets]


def facet_token(facet: str, value: str) -> str:
    """One filter token, ``facet:value`` (``grouping:sids``, ``country:SN``), as the engines
    index it next to the words; whitespace inside a value becomes ``_``."""
    return f"{facet}:{'_'.join(str(value).split())}"


def filter_tokens(status: str, facets: Iterable[tuple[str, str]]) -> str:
    """The space-separated filter tokens of an entry: ``status:<status>`` and its facets."""
    tokens = [facet_token(STATUS_PSEUDO_FACET, status)]
    tokens.extend(facet_token(facet, value) for facet, value in facets)
    return " ".join(tokens)


def pack_codes(codes: list[int]) -> bytes:
    """Facet codes as stored in ``SearchEntry.facet_codes`` (see ``CODE_DTYPE``)."""
    return struct.pack(f"<{len(codes)}I", *codes)


def _text_fields(record_type: str) -> list[str]:
    return [spec.name for spec in RECORD_FIELDS[record_type] if spec.kind is Kind.TEXT]


def _text_list_fields(record_type: str) -> list[str]:
    return [spec.name for spec in RECORD_FIELDS[record_type] if spec.kind is Kind.TEXT_LIST]


def text_languages(record_type: str, values: Mapping[str, Any]) -> list[str]:
    """The languages the record's language maps are written in, sorted."""
    found: set[str] = set()
    for name in _text_fields(record_type):
        text = values.get(name)
        if isinstance(text, dict):
            found.update(code for code, value in text.items() if value)
    for name in _text_list_fields(record_type):
        for item in values.get(name) or []:
            if isinstance(item, dict):
                found.update(code for code, value in item.items() if value)
    return sorted(found)


def record_countries(values: Mapping[str, Any]) -> list[str]:
    """The country codes a record names (its country, providers, beneficiaries, ...)."""
    codes: set[str] = set()
    for name in COUNTRY_FIELDS:
        if values.get(name):
            codes.add(values[name])
    for name in COUNTRIES_FIELDS:
        codes.update(values.get(name) or [])
    return sorted(codes)


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str) and value:
        try:
            parts = [int(part) for part in value[:10].split("-")]
            year, month, day = [*parts, 1, 1][:3]
            return dt.datetime(year, month, day, tzinfo=dt.UTC)
        except ValueError:
            try:
                return _as_datetime(dt.datetime.fromisoformat(value))
            except ValueError:
                return None
    return None


def record_date(record_type: str, values: Mapping[str, Any]) -> dt.datetime | None:
    """The date a record sorts by: an event's start, a resource's publication, else updated."""
    if record_type == "event" and values.get("start"):
        return _as_datetime(values["start"])
    if record_type == "resource" and values.get("publication_date"):
        return _as_datetime(values["publication_date"])
    return _as_datetime(values.get("updated"))


def _in_language(text: Any, language: str) -> str:
    if isinstance(text, dict):
        return str(text.get(language) or "")
    return ""


def _name(names: Mapping[str, str], language: str) -> str:
    return names.get(language) or names.get("en") or ""


def _title(values: Mapping[str, Any], language: str) -> str:
    for name in TITLE_FIELDS:
        text = _in_language(values.get(name), language)
        if text:
            return text
    return ""


def _fallback_title(values: Mapping[str, Any]) -> str:
    """A title in another language, or a name as written, for display."""
    for name in TITLE_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict) and value:
            for code in ("en", *sorted(value)):
                if value.get(code):
                    return str(value[code])
    return ""


def record_facets(
    record_type: str, values: Mapping[str, Any], vocabulary: VocabularyLookup, year: int | None
) -> list[tuple[str, str]]:
    """The facet values of a record: derived regions and groupings included."""
    facets: set[tuple[str, str]] = {("type", record_type)}
    for code in record_countries(values):
        facets.add(("country", code))
        facts = vocabulary.countries.get(code)
        if facts:
            facets.update(("region", region) for region in facts.regions)
            facets.update(("grouping", grouping) for grouping in facts.groupings)
    facets.update(("subject", slug) for slug in values.get("subjects") or [])
    for name in ("gbf_targets", "aichi_targets"):
        facets.update(("target", code) for code in values.get(name) or [])
    facets.update(("assistance", slug) for slug in values.get("assistance_types") or [])
    languages = set(text_languages(record_type, values)) | set(values.get("languages") or [])
    facets.update(("language", code) for code in languages)
    if year is not None:
        facets.add(("year", str(year)))
    return sorted(facets)


def is_listed(record_type: str, values: Mapping[str, Any]) -> bool:
    """Whether the record may appear in public search at all (an expert needs consent)."""
    return record_type != "expert" or bool(values.get("consent_public"))


def record_documents(
    *,
    record_type: str,
    uid: str,
    pk: int,
    status: str,
    values: Mapping[str, Any],
    vocabulary: VocabularyLookup,
) -> list[Document]:
    """The index entries of one record: one per language of its text (one if it has none)."""
    if not is_listed(record_type, values):
        return []
    date = record_date(record_type, values)
    year = date.year if date else None
    facets = record_facets(record_type, values, vocabulary, year)
    languages = text_languages(record_type, values)
    plain = [
        str(values[name])
        for name in PLAIN_TEXT_FIELDS
        if isinstance(values.get(name), str)
        and values[name]
        and not (name == "institution" and looks_like_id(values[name]))
    ]
    countries = [vocabulary.countries.get(code) for code in record_countries(values)]
    subjects = [vocabulary.subjects.get(slug) for slug in values.get("subjects") or []]
    documents = []
    for index, language in enumerate(languages or [""]):
        title, title_terms = _title(values, language), []
        if title:
            title_terms = [title]  # a title in this language; plain names are in ``plain``
        else:
            title = _fallback_title(values)
        body_parts = [
            _in_language(values.get(name), language)
            for name in _text_fields(record_type)
            if name not in TITLE_FIELDS
        ]
        for name in _text_list_fields(record_type):
            body_parts.extend(_in_language(item, language) for item in values.get(name) or [])
        body = "\n".join(part for part in body_parts if part)
        names_language = language or "en"
        vocabulary_names = [_name(c.names, names_language) for c in countries if c] + [
            _name(s, names_language) for s in subjects if s
        ]
        text = "\n".join([*title_terms, body, *plain, *vocabulary_names])
        documents.append(
            Document(
                record_type=record_type,
                uid=uid,
                record_pk=pk,
                status=status,
                language=language,
                primary=index == 0,
                title=title,
                body=body,
                terms=" ".join(analyse(text, language)),
                date=date,
                year=year,
                facets=facets,
            )
        )
    return documents


def documents_of(
    record_type: str,
    records: Iterable[tuple[int, str, str, Mapping[str, Any]]],
    vocabulary: VocabularyLookup,
) -> list[Document]:
    """The entries of many records given as ``(pk, uid, status, values)``."""
    return [
        document
        for pk, uid, status, values in records
        for document in record_documents(
            record_type=record_type,
            uid=uid,
            pk=pk,
            status=status,
            values=values,
            vocabulary=vocabulary,
        )
    ]
