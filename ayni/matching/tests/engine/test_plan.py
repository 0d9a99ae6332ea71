"""The partnership plan: capacities hold, the value is the exact optimum, edge cases."""

import random
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import lil_matrix

from ayni.matching.engine.plan import CandidateEdge, cost_scale, plan_partnerships


def exact_value(
    edges: list[CandidateEdge], need_capacity: dict[str, int], provider_capacity: dict[str, int]
) -> float:
    """The best total value by integer programming (scipy's HiGHS), for comparison."""
    if not edges:
        return 0.0
    needs = sorted({e.need for e in edges})
    providers = sorted({e.provider for e in edges})
    rows = lil_matrix((len(needs) + len(providers), len(edges)))
    for j, edge in enumerate(edges):
        rows[needs.index(edge.need), j] = 1
        rows[len(needs) + providers.index(edge.provider), j] = 1
    upper = [need_capacity[n] for n in needs] + [provider_capacity[p] for p in providers]
    result = milp(
        c=-np.array([e.value for e in edges]),
        constraints=LinearConstraint(rows.tocsr(), -np.inf, upper),
        integrality=np.ones(len(edges)),
        bounds=Bounds(0, 1),
    )
    assert result.success
    return float(-result.fun)


def random_case(seed: int) -> tuple[list[CandidateEdge], dict[str, int], dict[str, int]]:
    rng = random.Random(seed)
    needs = [f"need-{i}" for i in range(rng.randint(1, 9))]
    providers = [f"prov-{i}" for i in range(rng.randint(1, 7))]
    edges = [
        CandidateEdge(n, p, rng.random()) for n in needs for p in providers if rng.random() < 0.6
    ]
    return (
        edges,
        {n: rng.randint(0, 3) for n in needs},
        {p: rng.randint(0, 3) for p in providers},
    )


def test_plan_respects_need_and_provider_capacities():
    """No need gets more providers, no provider more partnerships, than its capacity."""
    edges = [CandidateEdge(f"n{i}", f"p{i % 2}", 0.5 + i / 100) for i in range(10)]
    edges += [CandidateEdge(f"n{i}", "p2", 0.9) for i in range(10)]
    plan = plan_partnerships(edges, need_capacity=1, provider_capacity=2)
    assert max(Counter(e.need for e in plan.edges).values()) == 1
    assert max(Counter(e.provider for e in plan.edges).values()) <= 2
    assert len(plan.edges) == 6


@pytest.mark.parametrize("seed", range(60))
def test_plan_value_equals_exact_optimum_on_random_small_cases(seed):
    """On small random cases the plan's value equals the integer program's optimum."""
    edges, need_cap, provider_cap = random_case(seed)
    plan = plan_partnerships(edges, need_capacity=need_cap, provider_capacity=provider_cap)
    assert plan.total_value == pytest.approx(exact_value(edges, need_cap, provider_cap), abs=1e-6)
    assert all(Counter(e.need for e in plan.edges)[n] <= c for n, c in need_cap.items())
    assert all(Counter(e.provider for e in plan.edges)[p] <= c for p, c in provider_cap.items())


@pytest.mark.parametrize("seed", range(20))
def test_plan_equals_assignment_on_expanded_matrix(seed):
    """With one provider per need, the plan equals linear_sum_assignment on providers
    expanded to one column per unit of capacity (zero columns let a need stay unassigned)."""
    rng = np.random.default_rng(seed)
    n_needs, n_providers, capacity = 8, 4, 2
    values = rng.random((n_needs, n_providers)) * (rng.random((n_needs, n_providers)) < 0.5)
    edges = [
        CandidateEdge(f"n{i}", f"p{j}", float(values[i, j]))
        for i in range(n_needs)
        for j in range(n_providers)
        if values[i, j] > 0
    ]
    expanded = np.hstack([np.repeat(values, capacity, axis=1), np.zeros((n_needs, n_needs))])
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    plan = plan_partnerships(edges, need_capacity=1, provider_capacity=capacity)
    assert plan.total_value == pytest.approx(expanded[rows, cols].sum(), abs=1e-6)


def test_plan_with_no_edges_is_empty_and_lists_needs_unassigned():
    """Without candidates the plan is empty, worth 0, and every named need is unassigned."""
    plan = plan_partnerships([], needs=["n1", "n2"])
    assert plan.edges == ()
    assert plan.total_value == 0.0
    assert plan.unassigned_needs == ("n1", "n2")


def test_plan_leaves_a_need_unassigned_rather_than_lose_value():
    """A need whose only provider is worth more elsewhere stays unassigned."""
    edges = [CandidateEdge("a", "p", 0.9), CandidateEdge("b", "p", 0.2)]
    plan = plan_partnerships(edges, need_capacity=1, provider_capacity=1)
    assert plan.edges == (CandidateEdge("a", "p", 0.9),)
    assert plan.unassigned_needs == ("b",)


def test_plan_ignores_non_positive_values_and_keeps_best_duplicate():
    """Edges worth nothing are left out; a repeated pair keeps its best value."""
    edges = [
        CandidateEdge("a", "p", 0.0),
        CandidateEdge("b", "p", -1.0),
        CandidateEdge("c", "q", 0.3),
        CandidateEdge("c", "q", 0.7),
    ]
    plan = plan_partnerships(edges, need_capacity=1, provider_capacity=5)
    assert plan.edges == (CandidateEdge("c", "q", 0.7),)


def test_plan_capacity_zero_takes_nothing():
    """A provider with capacity 0 is never chosen."""
    edges = [CandidateEdge("a", "p", 0.9), CandidateEdge("a", "q", 0.1)]
    plan = plan_partnerships(edges, provider_capacity={"p": 0}, default_provider_capacity=1)
    assert plan.edges == (CandidateEdge("a", "q", 0.1),)


def test_cost_scale_shrinks_for_huge_graphs():
    """The integer scale is 10^9 for ordinary plans and shrinks before costs could overflow."""
    assert cost_scale(25_000, 5_000) == 10**9
    assert cost_scale(10**7, 10**6) < 10**9
