"""The score of one provider for one need: factors in [0, 1], documented weights, two gates.

    score = (sum of weight × factor) × language gate × availability gate

Weights sum to 1, every factor lies in [0, 1], the gates in (0, 1], so the score lies in
[0, 1]. docs/matching.md explains each factor and why it weighs what it weighs. This module
scores one pair at a time in plain Python (the reference); ``index.py`` computes exactly the same
numbers with array operations over many providers at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date

from ayni.matching.engine.inputs import Geography, Labels, NeedInput, Place, ProviderInput
from ayni.matching.engine.reasons import Reason


@dataclass(frozen=True)
class Weights:
    """How much each factor counts; they sum to 1 (see docs/matching.md)."""

    text: float = 0.44
    subjects: float = 0.14
    targets: float = 0.06
    assistance: float = 0.10
    language: float = 0.08
    scope: float = 0.08
    availability: float = 0.05
    evidence: float = 0.05
    # Multipliers when nothing can work: no shared working language, no time in common.
    no_language_gate: float = 0.4
    unavailable_gate: float = 0.3
    # Multiplier for a developed-country provider kept in the main list (south_south_only=False).
    north_factor: float = 0.6
    # Credit of a subject one step away in the hierarchy, against 1 for the same subject.
    related_subject_credit: float = 0.5
    # Factor of an aspect either side does not state (no subjects, no assistance type...).
    unstated: float = 0.5
    # Only the topic makes a match: every factor but the text (codes, language, place, time,
    # evidence) counts fully only as far as the texts agree, from this share when they disagree.
    topic_floor: float = 0.4
    # Share of its language's mean vector taken off each text vector before the cosine (the
    # multilingual model puts any two texts of one language closer than their topics are).
    language_centring: float = 0.7
    # Pseudo-relevance feedback: the vectors of the need's best text matches (this many) are
    # added to the need's, at this share, and the best candidates of the first pass (this many)
    # are scored again with the cosines to that widened query. 0 texts: no feedback.
    feedback_texts: int = 3
    feedback_share: float = 0.5
    feedback_candidates: int = 50

    def factor_weights(self) -> dict[str, float]:
        """The weights of the additive factors, by name."""
        return {name: getattr(self, name) for name in FACTORS}


FACTORS: tuple[str, ...] = (
    "text",
    "subjects",
    "targets",
    "assistance",
    "language",
    "scope",
    "availability",
    "evidence",
)

DEFAULT_WEIGHTS = Weights()

# Partner scope × proximity level → factor. Levels: 3 = same subregion (the smallest M49 unit:
# the intermediate region when there is one, e.g. Western Africa, else the subregion, e.g.
# Southern Asia), 2 = same wider subregion (Sub-Saharan Africa), 1 = same region (Africa),
# 0 = elsewhere.
SCOPE_FACTORS: dict[str, tuple[float, float, float, float]] = {
    "subregional": (0.1, 0.4, 0.6, 1.0),
    "regional": (0.3, 0.9, 1.0, 1.0),
    "global": (0.85, 0.9, 0.95, 1.0),
}
UNKNOWN_PLACE_FACTOR = 0.5
EVIDENCE_SATURATION = 12.0  # case studies + 2 × partnerships at which evidence counts fully
TEXT_REASON_THRESHOLD = 0.5

MIN_DAY = 0
MAX_DAY = date.max.toordinal() + 1

_ROLE_SOUTH = "south-south"
_ROLE_TRIANGULAR = "triangular-partner"
_ROLE_FUNDER = "funder"


def role_of(provider: ProviderInput) -> str:
    """South-South provider, triangular partner (developed country) or funder."""
    if provider.is_funder:
        return _ROLE_FUNDER
    return _ROLE_SOUTH if provider.south else _ROLE_TRIANGULAR


def text_language(title: Mapping[str, str], description: Mapping[str, str]) -> str:
    """The language a record's text is mainly written in: the first language of its title
    with text, else of its description ("" when it has none)."""
    for texts in (title, description):
        for language, text in texts.items():
            if text and text.strip():
                return language
    return ""


def centred_cosine(
    need_vector: Iterable[float],
    provider_vector: Iterable[float],
    need_centroid: Iterable[float],
    provider_centroid: Iterable[float],
    amount: float,
) -> float:
    """The cosine of two texts once ``amount`` of the mean vector of each one's language is
    taken off it (the reference of what ``ProviderIndex`` computes for every provider)."""
    q = [a - amount * b for a, b in zip(need_vector, need_centroid, strict=True)]
    p = [a - amount * b for a, b in zip(provider_vector, provider_centroid, strict=True)]
    norm = math.sqrt(sum(x * x for x in q)) * math.sqrt(sum(x * x for x in p))
    return sum(a * b for a, b in zip(q, p, strict=True)) / norm if norm else 0.0


def text_factor(cosine: float, similarity_range: tuple[float, float]) -> float:
    """A cosine mapped onto [0, 1] between the encoder's "unrelated" and "same" cosines."""
    low, high = similarity_range
    return min(1.0, max(0.0, (cosine - low) / (high - low)))


def coverage(sought: frozenset[str], offered: frozenset[str], unstated: float) -> float:
    """Share of what is sought that is offered (``unstated`` when either side states none)."""
    if not sought or not offered:
        return unstated
    return len(sought & offered) / len(sought)


def related_of(subjects: frozenset[str], labels: Labels) -> frozenset[str]:
    """Subjects one step away in the hierarchy from any of ``subjects``, themselves excluded."""
    related: set[str] = set()
    for subject in subjects:
        related |= labels.related_subjects(subject)
    return frozenset(related - subjects)


def subjects_factor(
    need: NeedInput, provider: ProviderInput, labels: Labels, weights: Weights
) -> float:
    """Shared subjects over the need's, with partial credit for related subjects."""
    if not need.subjects or not provider.subjects:
        return weights.unstated
    exact = len(need.subjects & provider.subjects)
    related = len(related_of(need.subjects, labels) & provider.subjects)
    return min(1.0, (exact + weights.related_subject_credit * related) / len(need.subjects))


def language_factor(need: NeedInput, provider: ProviderInput) -> float:
    """1 with a shared working language, 0 without, 0.5 when either side states none."""
    sought, spoken = need.working_languages, provider.working_languages
    if not sought or not spoken:
        return 0.5
    return 1.0 if sought & spoken else 0.0


def _unit(place: Place) -> str:
    return place.intermediate_region or place.subregion


def proximity(
    need_place: Place, provider_place: Place, provider_regions: frozenset[str]
) -> tuple[int, str]:
    """Proximity level (3 same subregion … 0 elsewhere) and the M49 code that gives it.

    A provider is as close as its own country, or as the regions it serves or has worked in.
    """
    candidates = (
        (3, _unit(need_place)),
        (2, need_place.subregion if need_place.intermediate_region else ""),
        (1, need_place.region),
    )
    provider_codes = {
        3: {_unit(provider_place)},
        2: {provider_place.subregion},
        1: {provider_place.region},
    }
    for level, code in candidates:
        if code and (code in provider_codes[level] or code in provider_regions):
            return level, code
    return 0, ""


def scope_factor(need: NeedInput, provider: ProviderInput, geography: Geography) -> float:
    """How well the provider's place fits the partner scope sought."""
    need_place = geography.place(need.country)
    if not need_place.region:
        return UNKNOWN_PLACE_FACTOR
    level, _code = proximity(need_place, geography.place(provider.country), provider.regions)
    return SCOPE_FACTORS.get(need.partner_scope, SCOPE_FACTORS["global"])[level]


def _day(value: date | None, default: int) -> int:
    return value.toordinal() if value is not None else default


def availability_factor(need: NeedInput, provider: ProviderInput) -> float:
    """Share of the need's timeframe in which the provider is available (1 if either is open).

    With an open-ended timeframe, any overlap counts fully; without overlap the factor is 0.
    """
    start = _day(need.timeframe_start, MIN_DAY)
    end = _day(need.timeframe_end, MAX_DAY)
    overlap = min(end, _day(provider.available_until, MAX_DAY)) - max(
        start, _day(provider.available_from, MIN_DAY)
    )
    if overlap < 0:
        return 0.0
    if need.timeframe_start is None or need.timeframe_end is None:
        return 1.0
    return (overlap + 1) / (end - start + 1)


def evidence_factor(provider: ProviderInput) -> float:
    """Published case studies and completed partnerships (worth two), on a saturating scale."""
    amount = provider.published_case_studies + 2 * provider.completed_partnerships
    return min(1.0, math.log1p(amount) / math.log1p(EVIDENCE_SATURATION))


@dataclass(frozen=True)
class Factors:
    """The value of each factor for one pair, each in [0, 1]."""

    text: float
    subjects: float
    targets: float
    assistance: float
    language: float
    scope: float
    availability: float
    evidence: float

    def as_dict(self) -> dict[str, float]:
        """Factor name → value."""
        return {item.name: getattr(self, item.name) for item in fields(self)}


#: The factors scaled by the topic agreement: every one but the text itself.
TOPIC_SCALED: tuple[str, ...] = tuple(name for name in FACTORS if name != "text")


def topic_agreement(text: float, weights: Weights) -> float:
    """How far the other factors count: ``topic_floor`` for unrelated texts, 1 for the same
    topic. Codes, a shared language, nearness, time and evidence make a provider on the topic
    a better partner; they do not make an unrelated provider a match."""
    return weights.topic_floor + (1.0 - weights.topic_floor) * text


def combine(factors: Factors, role: str, weights: Weights) -> float:
    """The weighted sum of the factors times the gates (and the North factor if asked).

    Every factor but the text is scaled by the topic agreement (``topic_agreement``).
    """
    topic = topic_agreement(factors.text, weights)
    total = weights.text * factors.text
    for name in TOPIC_SCALED:
        total += getattr(weights, name) * getattr(factors, name) * topic
    if factors.language == 0.0:
        total *= weights.no_language_gate
    if factors.availability == 0.0:
        total *= weights.unavailable_gate
    if role == _ROLE_TRIANGULAR:
        total *= weights.north_factor
    return min(1.0, max(0.0, total))


def compute_factors(
    need: NeedInput,
    provider: ProviderInput,
    cosine: float,
    *,
    similarity_range: tuple[float, float],
    geography: Geography,
    labels: Labels,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Factors:
    """Every factor of one pair; ``cosine`` is the similarity of their encoded texts."""
    return Factors(
        text=text_factor(cosine, similarity_range),
        subjects=subjects_factor(need, provider, labels, weights),
        targets=coverage(need.targets, provider.targets, weights.unstated),
        assistance=coverage(need.assistance_types, provider.assistance_types, weights.unstated),
        language=language_factor(need, provider),
        scope=scope_factor(need, provider, geography),
        availability=availability_factor(need, provider),
        evidence=evidence_factor(provider),
    )


def score_provider(
    need: NeedInput,
    provider: ProviderInput,
    cosine: float,
    *,
    similarity_range: tuple[float, float],
    geography: Geography,
    labels: Labels,
    weights: Weights = DEFAULT_WEIGHTS,
    south_south_only: bool = True,
) -> float:
    """The score of one provider for one need, in [0, 1].

    With ``south_south_only`` (the default) a developed-country provider is scored as in its
    own list of triangular partners (no North factor); without it, it is scored for a mixed
    list, lowered by ``weights.north_factor``.
    """
    factors = compute_factors(
        need,
        provider,
        cosine,
        similarity_range=similarity_range,
        geography=geography,
        labels=labels,
        weights=weights,
    )
    role = role_of(provider)
    if south_south_only and role == _ROLE_TRIANGULAR:
        role = "listed-apart"
    return combine(factors, role, weights)


def explain(
    need: NeedInput,
    provider: ProviderInput,
    factors: Factors,
    *,
    geography: Geography,
    labels: Labels,
) -> list[Reason]:
    """The reasons of a match, strongest first: what the texts, codes, place and time say."""
    reasons: list[Reason] = []
    if factors.text >= TEXT_REASON_THRESHOLD:
        reasons.append(Reason("text_close", {"similarity": round(factors.text, 2)}))
    shared = sorted(need.subjects & provider.subjects)
    if shared:
        reasons.append(Reason("subjects", {"subjects": shared}))
    related = sorted(related_of(need.subjects, labels) & provider.subjects)
    if related:
        reasons.append(Reason("related_subjects", {"subjects": related}))
    targets = sorted(need.targets & provider.targets)
    if targets:
        reasons.append(Reason("targets", {"targets": targets}))
    types = sorted(need.assistance_types & provider.assistance_types)
    if types:
        reasons.append(Reason("assistance", {"types": types}))
    languages = sorted(need.working_languages & provider.working_languages)
    if languages:
        reasons.append(Reason("language", {"languages": languages}))
    elif factors.language == 0.0:
        reasons.append(Reason("no_language"))
    reasons.extend(_place_reasons(need, provider, geography))
    role = role_of(provider)
    if role == _ROLE_SOUTH:
        reasons.append(Reason("south_south"))
    elif role == _ROLE_TRIANGULAR:
        reasons.append(Reason("triangular_partner", {"country": provider.country}))
    else:
        reasons.append(Reason("funder"))
    reasons.extend(_time_reasons(need, provider, factors.availability))
    if provider.published_case_studies:
        reasons.append(Reason("case_studies", {"count": provider.published_case_studies}))
    if provider.completed_partnerships:
        reasons.append(Reason("partnerships", {"count": provider.completed_partnerships}))
    return reasons


def _place_reasons(need: NeedInput, provider: ProviderInput, geography: Geography) -> list[Reason]:
    need_place = geography.place(need.country)
    if not need_place.region:
        return []
    provider_place = geography.place(provider.country)
    level, code = proximity(need_place, provider_place, provider.regions)
    if level == 0:
        if need.partner_scope != "global":
            return [Reason("outside_scope", {"scope": need.partner_scope})]
        return []
    own = {_unit(provider_place), provider_place.subregion, provider_place.region}
    if code not in own:
        return [Reason("serves_region", {"region": code})]
    return [Reason("subregion" if level == 3 else "region", {"region": code})]


def _time_reasons(need: NeedInput, provider: ProviderInput, availability: float) -> list[Reason]:
    if availability == 0.0:
        return [Reason("unavailable")]
    has_window = provider.available_from is not None or provider.available_until is not None
    has_timeframe = need.timeframe_start is not None or need.timeframe_end is not None
    if not (has_window and has_timeframe):
        return []
    if availability >= 1.0:
        return [Reason("available")]
    return [Reason("partly_available", {"share": round(100 * availability)})]
