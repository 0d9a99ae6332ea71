"""Reads of matching: the providers of a need, the needs of a provider, the countries that
could meet a need, triangular suggestions. Visibility is decided here, for every caller.

Who sees what:
- The need must be one the actor may read (``permissions.can_view``): a visitor sees the
  matches of published needs only.
- Providers are the published records. An expert without consent to be listed is matched but
  shown only to those who may edit it (curators, the focal points of the expert's country);
  for everyone else it is left out of every list, as if absent (not replaced by a mask).
- Developed-country providers are never in the South-South list: they come apart as
  triangular partners, and funders (organizations of type funder, financing-only offers)
  apart as funders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ayni.core import permissions
from ayni.core.errors import ApplicationError, PermissionDenied
from ayni.core.models import Record, pick_language
from ayni.matching.engine import Labels, NeedInput, ProviderInput, Reason, render_reasons
from ayni.matching.engine.index import top_k
from ayni.matching.engine.inputs import PROVIDER_KINDS
from ayni.matching.engine.reasons import LANGUAGES, render_reason
from ayni.matching.engine.scoring import (
    Factors,
    compute_factors,
    explain,
)
from ayni.matching.engine.twoway import rank_needs, suggest_reciprocity
from ayni.matching.loading import (
    NeedRef,
    load_geography,
    load_labels,
    load_needs,
    load_providers,
)
from ayni.matching.services import MatchingState, matching_state, need_vector
from ayni.matching.services import need_vectors as stored_need_vectors
from ayni.needs.models import Need

ROLE_MAIN = "south-south"
ROLE_TRIANGULAR = "triangular-partner"
ROLE_FUNDER = "funder"
MAX_LIMIT = 100
NEED_INPUT_CACHE = 1024


class UnknownKind(ApplicationError):
    """A kind of provider the matching does not know."""


@dataclass(frozen=True)
class ProviderMatch:
    """A provider ranked for a need: what clients and pages show."""

    id: str
    type: str
    score: float
    role: str
    name: str
    country: str
    reasons: list[str]
    structured_reasons: list[dict[str, Any]]
    factors: dict[str, float] = field(default_factory=dict)
    centre_of_excellence: bool = False
    public: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class NeedMatchLists:
    """The South-South list, the triangular partners and the funders for one need."""

    need: str
    matches: list[ProviderMatch]
    triangular_partners: list[ProviderMatch]
    funders: list[ProviderMatch]


@dataclass(frozen=True)
class CountryMatch:
    """A country that could meet a need, from its best providers."""

    country: str
    name: str
    score: float
    south: bool
    provider_count: int
    providers: list[str]
    reasons: list[str]
    structured_reasons: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TriangularMatch:
    """A need, a Southern provider and a funder whose funding fits, as one suggestion."""

    need: str
    provider: ProviderMatch
    funder: ProviderMatch
    score: float


@dataclass(frozen=True)
class NeedFound:
    """A need a provider could meet."""

    id: str
    type: str
    score: float
    name: str
    country: str
    reasons: list[str]
    structured_reasons: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _language(language: str | None) -> str:
    code = (language or "en").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def _check_kinds(kind: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if kind is None:
        return None
    kinds = (kind,) if isinstance(kind, str) else tuple(kind)
    unknown = [k for k in kinds if k not in PROVIDER_KINDS]
    if unknown:
        raise UnknownKind(
            f"Unknown kind of provider {unknown[0]!r}; known: {', '.join(PROVIDER_KINDS)}."
        )
    return kinds


def _check_need(need: Need, actor: Any) -> None:
    if not permissions.can_view(actor, need):
        raise PermissionDenied()


def visible_mask(state: MatchingState, actor: Any) -> NDArray[np.bool_]:
    """Which providers the actor may see: consenting experts and every other provider; the
    experts without consent only for curators and the focal points of their country."""
    if permissions.is_curator(actor):
        return np.ones(len(state.refs), dtype=bool)
    visible = state.public.copy()
    if permissions.is_signed_in(actor) and getattr(actor, "is_focal_point", False):
        visible |= state.kind_masks["expert"] & (state.countries == actor.country_id)
    return visible


def _name(names: Any, language: str) -> str:
    if not names:
        return ""
    return pick_language(dict(names), language)[1]


def _structured(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    return [{"code": reason.code, "params": dict(reason.params)} for reason in reasons]


def _provider_match(
    state: MatchingState,
    need: NeedInput,
    position: int,
    score: float,
    factors: dict[str, NDArray[Any]],
    language: str,
    *,
    reciprocity: bool = True,
) -> ProviderMatch:
    index = state.index
    provider = index.providers[position]
    ref = state.refs[position]
    values = Factors(**{name: float(column[position]) for name, column in factors.items()})
    reasons = explain(need, provider, values, geography=index.geography, labels=index.labels)
    if reciprocity and provider.country and provider.country != need.country:
        found = suggest_reciprocity(
            need.country,
            provider.country,
            state.strengths,
            partner_needs=state.open_need_subjects,
        )
        if found.reason is not None:
            reasons.append(found.reason)
    return ProviderMatch(
        id=ref.uid,
        type=ref.record_type,
        score=round(score, 4),
        role=str(state.roles[position]),
        name=_name(ref.name, language),
        country=ref.country,
        reasons=render_reasons(reasons, language, index.labels, index.geography),
        structured_reasons=_structured(reasons),
        factors={name: round(value, 4) for name, value in values.as_dict().items()},
        centre_of_excellence=ref.centre_of_excellence,
        public=ref.public,
    )


def _scored(
    state: MatchingState, need: Need, need_input: NeedInput
) -> tuple[NDArray[np.float64], dict[str, NDArray[Any]]]:
    ref = NeedRef(pk=need.pk, uid=need.uid, datestamp=need.datestamp)
    vector = need_vector(state, need_input, ref)
    return state.index.scores(need_input, vector)


def need_match_lists(
    *,
    need: Need,
    actor: Any,
    limit: int = 10,
    kind: str | Sequence[str] | None = None,
    language: str | None = "en",
    side_limit: int = 3,
) -> NeedMatchLists:
    """The best South-South providers for a need (``limit``), and apart the best triangular
    partners and funders (``side_limit`` each), with reasons in ``language``."""
    _check_need(need, actor)
    kinds = _check_kinds(kind)
    language = _language(language)
    limit = max(0, min(limit, MAX_LIMIT))
    state = matching_state()
    need_input = _load_need(need, state)
    if not len(state.refs):
        return NeedMatchLists(need=need.uid, matches=[], triangular_partners=[], funders=[])
    scores, factors = _scored(state, need, need_input)
    allowed = visible_mask(state, actor)
    if kinds:
        allowed &= np.logical_or.reduce([state.kind_masks[k] for k in kinds])

    def ranked(role: str, k: int) -> list[ProviderMatch]:
        if k <= 0:
            return []
        positions = top_k(scores, allowed & state.role_masks[role], k)
        return [
            _provider_match(state, need_input, int(i), float(scores[i]), factors, language)
            for i in positions
        ]

    return NeedMatchLists(
        need=need.uid,
        matches=ranked(ROLE_MAIN, limit),
        triangular_partners=ranked(ROLE_TRIANGULAR, side_limit),
        funders=ranked(ROLE_FUNDER, side_limit),
    )


def need_matches(
    *,
    need: Need,
    actor: Any,
    limit: int = 10,
    kind: str | Sequence[str] | None = None,
    language: str | None = "en",
) -> list[ProviderMatch]:
    """The best South-South providers (experts, organizations, offers, case studies) for a
    need that the actor may see, best first, with reasons in ``language``."""
    return need_match_lists(
        need=need, actor=actor, limit=limit, kind=kind, language=language, side_limit=0
    ).matches


def _load_need(need: Need, state: MatchingState | None = None) -> NeedInput:
    """The need as the engine's input, cached in the index's state by its datestamp (the
    instance passed tells which version is current)."""
    if state is None:
        return load_needs(pks=[need.pk])[0][0]
    key = (need.pk, need.datestamp)
    found = state.need_inputs.get(key)
    if found is None:
        found = load_needs(pks=[need.pk])[0][0]
        state.need_inputs[key] = found
        while len(state.need_inputs) > NEED_INPUT_CACHE:
            state.need_inputs.popitem(last=False)
    return found


# --- countries --------------------------------------------------------------------------------

#: A country's score: its best providers' scores with these weights, over their sum.
COUNTRY_WEIGHTS = (1.0, 0.5, 0.25)


def need_country_matches(
    *,
    need: Need,
    actor: Any,
    limit: int = 10,
    language: str | None = "en",
    south_only: bool = True,
) -> list[CountryMatch]:
    """The countries that could meet a need, best first.

    A country's score is the weighted mean of its three best providers' scores (weights 1,
    ½, ¼; a missing provider counts 0), so depth counts but one strong provider leads. Only
    providers the actor may see count; funders do not; with ``south_only`` (the default)
    only countries of the South are ranked. ``provider_count`` says how many of its providers
    were scored, ``providers`` names the best ones; the reasons are the best provider's of
    language, place and evidence.
    """
    _check_need(need, actor)
    language = _language(language)
    state = matching_state()
    need_input = _load_need(need, state)
    if not len(state.refs):
        return []
    scores, factors = _scored(state, need, need_input)
    allowed = visible_mask(state, actor) & ~state.role_masks[ROLE_FUNDER] & (state.countries != "")
    if south_only:
        allowed &= state.role_masks[ROLE_MAIN]
    positions = np.flatnonzero(allowed)
    order = positions[np.lexsort((positions, -scores[positions]))]
    best: dict[str, list[int]] = {}
    for position in order:
        country = str(state.countries[position])
        found = best.setdefault(country, [])
        if len(found) < len(COUNTRY_WEIGHTS):
            found.append(int(position))
    total = sum(COUNTRY_WEIGHTS)
    ranked = sorted(
        (
            (
                sum(w * float(scores[p]) for w, p in zip(COUNTRY_WEIGHTS, items, strict=False))
                / total,
                country,
                items,
            )
            for country, items in best.items()
        ),
        key=lambda item: (-item[0], item[1]),
    )[: max(0, min(limit, MAX_LIMIT))]
    geography = state.index.geography
    counts = dict(zip(*np.unique(state.countries[positions], return_counts=True), strict=True))
    result = []
    for score, country, items in ranked:
        first = _provider_match(
            state, need_input, items[0], float(scores[items[0]]), factors, language
        )
        keep = {"language", "subregion", "region", "serves_region", "case_studies", "partnerships"}
        reasons = [
            Reason(item["code"], item["params"])
            for item in first.structured_reasons
            if item["code"] in keep
        ]
        result.append(
            CountryMatch(
                country=country,
                name=geography.country_name(country, language),
                score=round(score, 4),
                south=geography.is_south(country),
                provider_count=int(counts.get(country, 0)),
                providers=[state.refs[p].uid for p in items],
                reasons=[
                    render_reason(reason, language, state.index.labels, geography)
                    for reason in reasons
                ],
                structured_reasons=_structured(reasons),
            )
        )
    return result


# --- triangular -------------------------------------------------------------------------------


def need_triangular_suggestions(
    *,
    need: Need,
    actor: Any,
    limit: int = 3,
    language: str | None = "en",
    min_funder_score: float = 0.3,
) -> list[TriangularMatch]:
    """A need, a Southern provider and the best fitting funder, as suggestions (best first).

    The engine's rule (``suggest_triangular``): the funder's own score for the need reaches
    ``min_funder_score``; the suggestion scores the geometric mean of both. Only providers
    the actor may see.
    """
    lists = need_match_lists(need=need, actor=actor, limit=limit, language=language, side_limit=1)
    funders = [funder for funder in lists.funders if funder.score >= min_funder_score]
    if not funders:
        return []
    suggestions = [
        TriangularMatch(
            need=need.uid,
            provider=provider,
            funder=funders[0],
            score=round(float(np.sqrt(provider.score * funders[0].score)), 4),
        )
        for provider in lists.matches
    ]
    return sorted(suggestions, key=lambda s: -s.score)


# --- the other way: the needs a provider could meet -------------------------------------------


def provider_needs(
    *,
    provider: Record,
    actor: Any,
    limit: int = 10,
    language: str | None = "en",
) -> list[NeedFound]:
    """The published, open needs an offer, expert, organization or case study could meet,
    best first, with the reasons of the match read from the need's side.

    The provider must be one the actor may read (an expert without consent only for those
    who may edit it); it is scored as when the needs look for it, whatever its status.
    """
    record_type = provider.record_type
    if record_type not in PROVIDER_KINDS:
        raise UnknownKind(f"A {record_type} is not a provider.")
    if not permissions.can_view(actor, provider) or (
        record_type == "expert"
        and not getattr(provider, "consent_public", False)
        and not permissions.can_edit(actor, provider)
    ):
        raise PermissionDenied()
    language = _language(language)
    loaded = load_providers(pks={record_type: [provider.pk]}, published_only=False)
    provider_input = loaded.inputs[0]
    needs = load_needs(open_only=True)
    if not needs:
        return []
    state = matching_state()
    encoder = state.encoder
    provider_vector = encoder.encode([provider_input.text], kind="passage")[0]
    need_vectors = np.stack(stored_need_vectors(state, needs))
    geography, labels = load_geography(), load_labels()
    ranked = rank_needs(
        provider_input,
        [need for need, _ref in needs],
        provider_vector=provider_vector,
        need_vectors=need_vectors,
        similarity_range=encoder.similarity_range,
        geography=geography,
        labels=labels,
        k=max(0, min(limit, MAX_LIMIT)),
    )
    by_id = {need.id: (need, i) for i, (need, _ref) in enumerate(needs)}
    cosines = need_vectors @ np.asarray(provider_vector, dtype=np.float32).reshape(-1)
    found = []
    for item in ranked:
        need, i = by_id[item.need_id]
        reasons = _explain_pair(need, provider_input, float(cosines[i]), encoder, labels)
        found.append(
            NeedFound(
                id=need.id,
                type="need",
                score=round(item.score, 4),
                name=_name(need.title, language),
                country=need.country,
                reasons=render_reasons(reasons, language, labels, geography),
                structured_reasons=_structured(reasons),
            )
        )
    return found


def _explain_pair(
    need: NeedInput, provider: ProviderInput, cosine: float, encoder: Any, labels: Labels
) -> list[Reason]:
    geography = load_geography()
    factors = compute_factors(
        need,
        provider,
        cosine,
        similarity_range=encoder.similarity_range,
        geography=geography,
        labels=labels,
    )
    return explain(need, provider, factors, geography=geography, labels=labels)


__all__ = [
    "CountryMatch",
    "NeedFound",
    "NeedMatchLists",
    "ProviderMatch",
    "TriangularMatch",
    "UnknownKind",
    "need_country_matches",
    "need_match_lists",
    "need_matches",
    "need_triangular_suggestions",
    "provider_needs",
    "visible_mask",
]
