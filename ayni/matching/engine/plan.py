"""The partnership plan: the matches worth the most overall, within capacities.

A curator planning a round of cooperation has candidate matches (a need, a provider, a value
in [0, 1], e.g. the engine's score), and limits: each provider can take only so many
partnerships, each need wants only so many providers. ``plan_partnerships`` chooses the set of
matches of greatest total value within those limits (a maximum-weight b-matching), solved as a
min-cost flow by OR-Tools (``SimpleMinCostFlow``), not by hand-written search:

    source ──(need capacity, 0)──▶ need ──(1, −value)──▶ provider ──(provider capacity, 0)──▶ sink
    source ───────────────────────(total supply, 0)─────────────────────────────────────▶ sink

The bypass arc carries the flow of needs left unassigned at no cost, so the solver maximises
value, not flow: a match is chosen only when it adds value.

Values are floats, the solver wants integers: costs are ``−round(value × scale)``. Rounding
moves each value by at most ``0.5 / scale``, so the plan found is within ``flow / scale`` of
the best plan for the float values (``flow`` being the number of matches chosen); the value
reported is the sum of the original floats of the chosen matches. ``scale`` is 10⁹ unless the
graph is so large that costs times nodes could overflow 63 bits (then it shrinks, see
``cost_scale``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from ortools.graph.python import min_cost_flow

MAX_SCALE = 10**9
# Keep |cost| × (nodes + 1) × flow well inside int64 (the cost-scaling algorithm multiplies
# costs by the number of nodes).
COST_BUDGET = 2**62


class CandidateEdge(NamedTuple):
    """A possible match: a need, a provider and the value of pairing them (in [0, 1])."""

    need: str
    provider: str
    value: float


@dataclass(frozen=True)
class Plan:
    """The chosen matches (best first), their total value, and the needs left without one."""

    edges: tuple[CandidateEdge, ...]
    total_value: float
    unassigned_needs: tuple[str, ...]
    scale: int

    @property
    def matched_needs(self) -> int:
        """How many needs have at least one provider in the plan."""
        return len({edge.need for edge in self.edges})


class PlanUnsolved(Exception):
    """The solver did not reach an optimum (never expected for these graphs)."""


def cost_scale(nodes: int, flow: int) -> int:
    """The integer scale of values: 10⁹, or less when the graph is big enough to overflow."""
    bound = COST_BUDGET // max(1, (nodes + 1) * max(1, flow))
    return max(1, min(MAX_SCALE, bound))


def _capacity(capacity: int | Mapping[str, int], key: str, default: int) -> int:
    if isinstance(capacity, Mapping):
        return int(capacity.get(key, default))
    return int(capacity)


def plan_partnerships(
    edges: Iterable[tuple[str, str, float]],
    *,
    need_capacity: int | Mapping[str, int] = 1,
    provider_capacity: int | Mapping[str, int] = 3,
    default_need_capacity: int = 1,
    default_provider_capacity: int = 3,
    needs: Iterable[str] = (),
) -> Plan:
    """The set of candidate edges of greatest total value within the capacities.

    ``need_capacity`` and ``provider_capacity`` are one number for all, or a mapping from id
    to capacity (ids missing from the mapping take the ``default_*``). A need or provider with
    capacity 0 takes nothing. Repeated (need, provider) pairs keep their best value; edges
    whose value is not positive are left out (they add nothing). ``needs`` names needs that
    have no candidate at all, so that they show among the unassigned.
    """
    best: dict[tuple[str, str], float] = {}
    for need, provider, value in edges:
        value = float(value)
        if not value > 0.0:  # also drops NaN
            continue
        key = (need, provider)
        if value > best.get(key, 0.0):
            best[key] = value

    need_ids: dict[str, int] = {}
    for need in needs:
        need_ids.setdefault(need, len(need_ids))
    provider_ids: dict[str, int] = {}
    for need, provider in best:
        need_ids.setdefault(need, len(need_ids))
        provider_ids.setdefault(provider, len(provider_ids))
    need_list = list(need_ids)
    provider_list = list(provider_ids)

    if not best:
        return Plan(edges=(), total_value=0.0, unassigned_needs=tuple(need_list), scale=1)

    n_needs, n_providers = len(need_list), len(provider_list)
    need_caps = np.array(
        [_capacity(need_capacity, n, default_need_capacity) for n in need_list], dtype=np.int64
    )
    provider_caps = np.array(
        [_capacity(provider_capacity, p, default_provider_capacity) for p in provider_list],
        dtype=np.int64,
    )
    if (need_caps < 0).any() or (provider_caps < 0).any():
        raise ValueError("capacities cannot be negative")

    # Nodes: 0 source, 1 sink, needs, then providers.
    source, sink = 0, 1
    need_node0, provider_node0 = 2, 2 + n_needs
    nodes = 2 + n_needs + n_providers
    supply = int(min(need_caps.sum(), provider_caps.sum()))
    scale = cost_scale(nodes, supply)

    pairs = list(best.items())
    tails = np.fromiter((need_ids[n] for (n, _), _ in pairs), dtype=np.int64, count=len(pairs))
    heads = np.fromiter((provider_ids[p] for (_, p), _ in pairs), dtype=np.int64, count=len(pairs))
    values = np.fromiter((v for _, v in pairs), dtype=np.float64, count=len(pairs))
    costs = -np.rint(values * scale).astype(np.int64)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n_needs, source, dtype=np.int64),
        need_node0 + np.arange(n_needs, dtype=np.int64),
        need_caps,
        np.zeros(n_needs, dtype=np.int64),
    )
    first_match_arc = n_needs
    flow.add_arcs_with_capacity_and_unit_cost(
        need_node0 + tails,
        provider_node0 + heads,
        np.ones(len(pairs), dtype=np.int64),
        costs,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        provider_node0 + np.arange(n_providers, dtype=np.int64),
        np.full(n_providers, sink, dtype=np.int64),
        provider_caps,
        np.zeros(n_providers, dtype=np.int64),
    )
    flow.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)  # unassigned: bypass
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)

    status = flow.solve()
    if status != flow.OPTIMAL:
        raise PlanUnsolved(f"min-cost flow ended with status {status}")

    match_arcs = first_match_arc + np.arange(len(pairs), dtype=np.int64)
    chosen = np.flatnonzero(flow.flows(match_arcs) > 0)
    order = chosen[np.lexsort((chosen, -values[chosen]))]
    planned = tuple(CandidateEdge(pairs[i][0][0], pairs[i][0][1], float(values[i])) for i in order)
    served = {edge.need for edge in planned}
    return Plan(
        edges=planned,
        total_value=float(values[chosen].sum()),
        unassigned_needs=tuple(n for n in need_list if n not in served),
        scale=scale,
    )
