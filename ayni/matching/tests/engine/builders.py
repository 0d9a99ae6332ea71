"""Plain-data builders for the engine tests: needs, providers, and the shipped vocabularies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from ayni.matching.engine import (
    Geography,
    Labels,
    NeedInput,
    ProviderIndex,
    ProviderInput,
    Weights,
)
from ayni.matching.engine.scoring import DEFAULT_WEIGHTS
from ayni.vocabularies.loading import read_vocabulary

# A text factor of 1 for a cosine of 1 and of 0 for a cosine of 0.
RANGE = (0.0, 1.0)


@lru_cache(maxsize=1)
def geography() -> Geography:
    """The geography of the shipped vocabularies (M49 places, names, the South)."""
    groupings = {item["code"]: item for item in read_vocabulary("groupings")["items"]}
    return Geography.from_vocabularies(
        read_vocabulary("countries")["items"],
        read_vocabulary("regions")["items"],
        groupings["developing"]["members"],
    )


@lru_cache(maxsize=1)
def labels() -> Labels:
    """The names of the shipped vocabularies."""
    return Labels.from_vocabularies(
        read_vocabulary("subjects")["items"],
        read_vocabulary("targets")["items"],
        read_vocabulary("assistance_types")["items"],
        read_vocabulary("languages")["items"],
    )


def make_need(**fields: Any) -> NeedInput:
    """A French-speaking Senegalese need for mangrove monitoring training, in 2027."""
    need = NeedInput(
        id="sn-dpn:need-7",
        country="SN",
        title={"fr": "Formation au suivi des mangroves par drone"},
        subjects=frozenset({"marine-coastal", "monitoring-indicators"}),
        gbf_targets=frozenset({"GBF-TARGET-02"}),
        assistance_types=frozenset({"training"}),
        languages=frozenset({"fr"}),
        partner_scope="regional",
        timeframe_start=date(2027, 1, 1),
        timeframe_end=date(2027, 12, 31),
    )
    return replace(need, **fields)


def make_provider(**fields: Any) -> ProviderInput:
    """A Malian expert who fits the need above in every respect (no evidence yet)."""
    provider = ProviderInput(
        id="ayni:expert-1",
        kind="expert",
        country="ML",
        south=True,
        title={"fr": "Cartographie des mangroves par drone"},
        subjects=frozenset({"marine-coastal", "monitoring-indicators"}),
        targets=frozenset({"GBF-TARGET-02"}),
        assistance_types=frozenset({"training"}),
        languages=frozenset({"fr", "bm"}),
    )
    return replace(provider, **fields)


def score_of(
    need: NeedInput,
    provider: ProviderInput,
    cosine: float = 1.0,
    weights: Weights | None = None,
    **options: Any,
) -> float:
    """The engine's score of one pair, with the shipped vocabularies."""
    from ayni.matching.engine import score_provider

    return score_provider(
        need,
        provider,
        cosine,
        similarity_range=RANGE,
        geography=geography(),
        labels=labels(),
        weights=weights or Weights(),
        **options,
    )


def index_of(
    providers: list[ProviderInput], vectors: Any, weights: Weights = DEFAULT_WEIGHTS
) -> ProviderIndex:
    """An index over providers with given vectors and the shipped vocabularies."""
    return ProviderIndex.build(
        providers,
        geography=geography(),
        labels=labels(),
        vectors=vectors,
        similarity_range=RANGE,
        weights=weights,
    )
