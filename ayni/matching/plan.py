"""The partnership plan from the database: candidate matches of the open needs, then the plan.

For a curator planning a round of cooperation. Candidates come from the engine's own ranking
(``ayni.matching.engine.match``, South-South providers only) over the published experts,
organizations and offers (case studies are evidence, they take no partnership), with the
lexical encoder so that the plan needs no model and is the same on every machine; the
engine's score is the value of a match. ``ayni.matching.engine.plan`` then picks the set of
matches of greatest total value within the capacities (min-cost flow, OR-Tools).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ayni.core.choices import RecordStatus
from ayni.core.models import pick_language
from ayni.matching.engine import LexicalEncoder, ProviderIndex, match
from ayni.matching.engine.plan import CandidateEdge, Plan, plan_partnerships
from ayni.matching.loading import load_geography, load_labels, load_needs, load_providers
from ayni.needs.choices import NeedProgress
from ayni.needs.models import Need

#: Provider kinds that can take a partnership.
PLAN_KINDS: tuple[str, ...] = ("expert", "organization", "offer")


@dataclass(frozen=True)
class PlanReport:
    """The plan, what it was made from, and what a reader needs to show it."""

    plan: Plan
    needs: int
    providers: int
    candidates: int
    need_titles: Mapping[str, str] = field(default_factory=dict)
    providers_info: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def partnership_candidates(
    *, top_k: int = 20, min_score: float = 0.0, language: str = "en"
) -> tuple[list[CandidateEdge], list[str], dict[str, str], dict[str, dict[str, Any]]]:
    """For each open published need, its ``top_k`` South-South providers and their scores.

    Returns the candidate edges, the ids of the needs (all of them, matched or not), the
    needs' titles and, per provider id, its type, name and whether it may be shown publicly.
    """
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    open_pks = list(
        Need.objects.filter(status=RecordStatus.PUBLISHED, progress=NeedProgress.OPEN).values_list(
            "pk", flat=True
        )
    )
    needs = [need for need, _ref in load_needs(pks=open_pks)] if open_pks else []
    titles = {need.id: pick_language(dict(need.title), language)[1] for need in needs}
    providers = load_providers(kinds=PLAN_KINDS)
    info = {
        ref.uid: {
            "type": ref.record_type,
            "name": pick_language(dict(ref.name), language)[1] or ref.uid,
            "country": ref.country,
            "public": ref.public,
        }
        for ref in providers.refs
    }
    if not needs or not providers.inputs:
        return [], [need.id for need in needs], titles, info
    encoder = LexicalEncoder()
    index = ProviderIndex.build(
        providers.inputs, geography=load_geography(), labels=load_labels(), encoder=encoder
    )
    vectors = encoder.encode([need.text for need in needs], kind="query")
    edges: list[CandidateEdge] = []
    for need, vector in zip(needs, vectors, strict=True):
        result = match(need, index, k=top_k, need_vector=vector, language=language)
        edges.extend(
            CandidateEdge(need.id, found.provider_id, found.score)
            for found in result.matches
            if found.score > min_score
        )
    return edges, [need.id for need in needs], titles, info


def partnership_plan(
    *,
    need_capacity: int = 1,
    provider_capacity: int = 3,
    top_k: int = 20,
    min_score: float = 0.0,
    language: str = "en",
) -> PlanReport:
    """The plan of greatest total value for the open published needs (a read: nothing is
    stored; proposing the matches is the curator's next step)."""
    if need_capacity < 0 or provider_capacity < 0:
        raise ValueError("capacities cannot be negative")
    edges, needs, titles, info = partnership_candidates(
        top_k=top_k, min_score=min_score, language=language
    )
    plan = plan_partnerships(
        edges, need_capacity=need_capacity, provider_capacity=provider_capacity, needs=needs
    )
    return PlanReport(
        plan=plan,
        needs=len(needs),
        providers=len(info),
        candidates=len(edges),
        need_titles=titles,
        providers_info=info,
    )


def plan_report_data(report: PlanReport) -> dict[str, Any]:
    """The report as JSON-ready data."""
    plan = report.plan
    return {
        "needs": report.needs,
        "providers": report.providers,
        "candidates": report.candidates,
        "total_value": round(plan.total_value, 6),
        "matched_needs": plan.matched_needs,
        "matches": [
            {
                "need": edge.need,
                "need_title": report.need_titles.get(edge.need, ""),
                "provider": edge.provider,
                "type": report.providers_info.get(edge.provider, {}).get("type", ""),
                "provider_name": report.providers_info.get(edge.provider, {}).get("name", ""),
                "value": round(edge.value, 6),
            }
            for edge in plan.edges
        ],
        "unassigned": list(plan.unassigned_needs),
    }
