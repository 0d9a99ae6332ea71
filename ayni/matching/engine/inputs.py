"""Plain-data inputs of the matching engine: a need, a provider, the geography, the labels.

Everything here is a frozen dataclass of built-in types, filled by the services from the
database (or by the benchmark from a file); the engine never sees a model instance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ProviderKind = Literal["expert", "organization", "offer", "case-study"]
PartnerScope = Literal["subregional", "regional", "global"]
LanguageMap = Mapping[str, str]

PROVIDER_KINDS: tuple[str, ...] = ("expert", "organization", "offer", "case-study")


def joined_text(*maps: LanguageMap) -> str:
    """All the texts of some language maps, one after the other (every language kept)."""
    parts: list[str] = []
    for language_map in maps:
        parts.extend(value.strip() for value in language_map.values() if value and value.strip())
    return " \n".join(parts)


@dataclass(frozen=True)
class NeedInput:
    """A country's request for cooperation, as the engine sees it."""

    id: str
    country: str
    title: LanguageMap = field(default_factory=dict)
    description: LanguageMap = field(default_factory=dict)
    subjects: frozenset[str] = frozenset()
    gbf_targets: frozenset[str] = frozenset()
    aichi_targets: frozenset[str] = frozenset()
    assistance_types: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    partner_scope: PartnerScope = "global"
    timeframe_start: date | None = None
    timeframe_end: date | None = None

    @property
    def targets(self) -> frozenset[str]:
        """GBF and Aichi targets together."""
        return self.gbf_targets | self.aichi_targets

    @property
    def working_languages(self) -> frozenset[str]:
        """The working languages; when none are given, the languages the need is written in."""
        if self.languages:
            return self.languages
        return frozenset(self.title) | frozenset(self.description)

    @property
    def text(self) -> str:
        """Title and description in every language, for the text encoder."""
        return joined_text(self.title, self.description)


@dataclass(frozen=True)
class ProviderInput:
    """Someone who could meet a need: an expert, an organization, an offer or a case study.

    ``south`` is the caller's judgement of the provider's country (the "developing" grouping);
    ``organization_type`` is the organization's (or the offering organization's) type, e.g.
    ``"funder"``. For a case study, ``country`` is its first provider country and
    ``published_case_studies`` counts the case study itself.
    """

    id: str
    kind: ProviderKind
    country: str
    south: bool
    title: LanguageMap = field(default_factory=dict)
    description: LanguageMap = field(default_factory=dict)
    subjects: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    assistance_types: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    available_from: date | None = None
    available_until: date | None = None
    published_case_studies: int = 0
    completed_partnerships: int = 0
    organization_type: str = ""

    @property
    def is_funder(self) -> bool:
        """A funder (by organization type) or a funding offer (financing only)."""
        return self.organization_type == "funder" or self.assistance_types == {"financing"}

    @property
    def working_languages(self) -> frozenset[str]:
        """The working languages; when none are given, the languages its texts are written in."""
        if self.languages:
            return self.languages
        return frozenset(self.title) | frozenset(self.description)

    @property
    def text(self) -> str:
        """Title and description in every language, for the text encoder."""
        return joined_text(self.title, self.description)


@dataclass(frozen=True)
class Place:
    """Where a country sits in UN M49: intermediate region (may be empty), subregion, region."""

    intermediate_region: str = ""
    subregion: str = ""
    region: str = ""


@dataclass(frozen=True)
class Geography:
    """Countries in UN M49, the names of regions and countries, and which countries are South."""

    places: Mapping[str, Place]
    region_names: Mapping[str, LanguageMap] = field(default_factory=dict)
    country_names: Mapping[str, LanguageMap] = field(default_factory=dict)
    south: frozenset[str] = frozenset()

    @classmethod
    def from_vocabularies(
        cls,
        countries: Iterable[Mapping[str, Any]],
        regions: Iterable[Mapping[str, Any]],
        south: Iterable[str],
    ) -> Geography:
        """Build from the items of the shipped ``countries.json`` and ``regions.json``."""
        places: dict[str, Place] = {}
        country_names: dict[str, LanguageMap] = {}
        for item in countries:
            code = str(item["code"]).upper()
            places[code] = Place(
                intermediate_region=item.get("intermediate_region") or "",
                subregion=item.get("subregion") or "",
                region=item.get("region") or "",
            )
            country_names[code] = dict(item.get("names") or {})
        region_names = {str(item["code"]): dict(item.get("names") or {}) for item in regions}
        return cls(
            places=places,
            region_names=region_names,
            country_names=country_names,
            south=frozenset(code.upper() for code in south),
        )

    def place(self, country: str) -> Place:
        """The M49 place of a country (empty when unknown)."""
        return self.places.get(country.upper(), Place())

    def is_south(self, country: str) -> bool:
        """Whether the country belongs to the South (the developing grouping)."""
        return country.upper() in self.south

    def region_name(self, code: str, language: str) -> str:
        """The name of an M49 area in a language (English, then the code, as fallbacks)."""
        names = self.region_names.get(code, {})
        return names.get(language) or names.get("en") or code

    def country_name(self, code: str, language: str) -> str:
        """The name of a country in a language (English, then the code, as fallbacks)."""
        names = self.country_names.get(code.upper(), {})
        return names.get(language) or names.get("en") or code


@dataclass(frozen=True)
class Labels:
    """Names of the vocabulary codes per language, and the subject hierarchy, as plain dicts.

    ``subject_parents`` maps a subject to its parent subject (the shipped vocabulary has none
    today); ``subject_groups`` maps it to its group (thematic or cross-cutting).
    """

    subjects: Mapping[str, LanguageMap] = field(default_factory=dict)
    targets: Mapping[str, LanguageMap] = field(default_factory=dict)
    assistance_types: Mapping[str, LanguageMap] = field(default_factory=dict)
    languages: Mapping[str, LanguageMap] = field(default_factory=dict)
    subject_parents: Mapping[str, str] = field(default_factory=dict)
    subject_groups: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_vocabularies(
        cls,
        subjects: Iterable[Mapping[str, Any]] = (),
        targets: Iterable[Mapping[str, Any]] = (),
        assistance_types: Iterable[Mapping[str, Any]] = (),
        languages: Iterable[Mapping[str, Any]] = (),
    ) -> Labels:
        """Build from the items of the shipped vocabulary files."""
        subject_items = list(subjects)
        return cls(
            subjects={item["slug"]: dict(item["names"]) for item in subject_items},
            targets={item["code"]: dict(item["names"]) for item in targets},
            assistance_types={item["slug"]: dict(item["names"]) for item in assistance_types},
            languages={item["code"]: dict(item["names"]) for item in languages},
            subject_parents={
                item["slug"]: item["parent"] for item in subject_items if item.get("parent")
            },
            subject_groups={
                item["slug"]: item["group"] for item in subject_items if item.get("group")
            },
        )

    def related_subjects(self, subject: str) -> frozenset[str]:
        """Subjects one step away in the hierarchy: the parent, the children, the siblings."""
        parent = self.subject_parents.get(subject)
        related = {child for child, up in self.subject_parents.items() if up == subject}
        if parent:
            related.add(parent)
            related.update(child for child, up in self.subject_parents.items() if up == parent)
        related.discard(subject)
        return frozenset(related)

    @staticmethod
    def name(names: Mapping[str, LanguageMap], code: str, language: str) -> str:
        """The name of a code in a language (English, then the code, as fallbacks)."""
        found = names.get(code, {})
        return found.get(language) or found.get("en") or code
