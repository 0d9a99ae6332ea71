"""The other directions of a match: what the need's country can give back, the needs a
provider could meet, and triangular suggestions (need + Southern provider + funder)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ayni.matching.engine.index import Match, ProviderIndex, encode_need, match
from ayni.matching.engine.inputs import Geography, Labels, NeedInput, ProviderInput
from ayni.matching.engine.reasons import Reason
from ayni.matching.engine.scoring import DEFAULT_WEIGHTS, Weights, score_provider
from ayni.matching.engine.text import FloatArray

# Country → subject → strength (e.g. published case studies plus experts on the subject).
Strengths = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class Reciprocity:
    """What ``country`` (the need's) could offer ``partner`` (the provider's) in return."""

    country: str
    partner: str
    subjects: tuple[str, ...]
    wanted: tuple[str, ...]
    reason: Reason | None


def suggest_reciprocity(
    need_country: str,
    provider_country: str,
    strengths: Strengths,
    *,
    partner_needs: Mapping[str, frozenset[str]] | None = None,
    limit: int = 3,
) -> Reciprocity:
    """The need country's strongest subjects, those the provider's country seeks first.

    ``strengths`` comes from the records (the country profiles' derived strengths);
    ``partner_needs`` maps a country to the subjects of its open needs.
    """
    own = strengths.get(need_country, {})
    sought = (partner_needs or {}).get(provider_country, frozenset())
    ranked = sorted(
        (subject for subject, value in own.items() if value > 0),
        key=lambda subject: (subject not in sought, -own[subject], subject),
    )[:limit]
    wanted = tuple(subject for subject in ranked if subject in sought)
    reason: Reason | None = None
    if wanted:
        reason = Reason(
            "reciprocity_wanted",
            {"country": need_country, "partner": provider_country, "subjects": list(wanted)},
        )
    elif ranked:
        reason = Reason("reciprocity", {"country": need_country, "subjects": list(ranked)})
    return Reciprocity(
        country=need_country,
        partner=provider_country,
        subjects=tuple(ranked),
        wanted=wanted,
        reason=reason,
    )


@dataclass(frozen=True)
class TriangularSuggestion:
    """A need, a Southern provider and a funder whose funding fits, as one proposal."""

    need_id: str
    provider: Match
    funder: Match
    score: float


def suggest_triangular(
    need: NeedInput,
    index: ProviderIndex,
    *,
    k: int = 3,
    need_vector: FloatArray | None = None,
    language: str = "en",
    min_funder_score: float = 0.3,
) -> list[TriangularSuggestion]:
    """Up to k triangular suggestions: the best Southern providers, each with the best funder.

    A funder (an organization of type funder, or a financing-only offer) fits when its own
    score for the need (subjects, regions covered, time, text of its funding offer) reaches
    ``min_funder_score``. The suggestion's score is the geometric mean of both scores.
    """
    if need_vector is None:
        if index.encoder is None:
            raise ValueError("suggest_triangular needs the need's vector or an encoder")
        need_vector = encode_need(need, index.encoder)
    result = match(need, index, k=k, need_vector=need_vector, language=language, side_k=k)
    funders = [funder for funder in result.funders if funder.score >= min_funder_score]
    if not funders:
        return []
    suggestions = [
        TriangularSuggestion(
            need_id=need.id,
            provider=provider,
            funder=funders[0],
            score=float(np.sqrt(provider.score * funders[0].score)),
        )
        for provider in result.matches
    ]
    return sorted(suggestions, key=lambda s: -s.score)


@dataclass(frozen=True)
class NeedMatch:
    """A need a provider could meet, with its score."""

    need_id: str
    score: float


def rank_needs(
    provider: ProviderInput,
    needs: Sequence[NeedInput],
    *,
    provider_vector: FloatArray,
    need_vectors: FloatArray,
    similarity_range: tuple[float, float],
    geography: Geography,
    labels: Labels,
    weights: Weights = DEFAULT_WEIGHTS,
    k: int = 10,
) -> list[NeedMatch]:
    """The needs a new offer or expert could meet, best first (the same score, other way)."""
    cosines = np.asarray(need_vectors, dtype=np.float32) @ np.asarray(
        provider_vector, dtype=np.float32
    ).reshape(-1)
    scored = [
        NeedMatch(
            need_id=need.id,
            score=score_provider(
                need,
                provider,
                float(cosine),
                similarity_range=similarity_range,
                geography=geography,
                labels=labels,
                weights=weights,
            ),
        )
        for need, cosine in zip(needs, cosines, strict=True)
    ]
    return sorted(scored, key=lambda item: (-item.score, item.need_id))[:k]
