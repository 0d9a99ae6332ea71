"""Benchmark: the partnership plan (min-cost flow) for 5,000 needs × 20,000 providers.

Synthetic candidate edges: for every need, its top K providers (default 20) drawn at random
among the 20,000, each with a random value in [0, 1] (as the engine's scores would be). Every
provider takes up to 3 partnerships, every need 1. Prints the time to build the edges, the time
of the plan (median and worst of R runs) and memory. Target (issue 3): under 10 s.

    .venv/bin/python bench/plan.py [--needs 5000] [--providers 20000] [--top-k 20] [--runs 3]
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ayni.matching.engine.plan import CandidateEdge, plan_partnerships  # noqa: E402


def rss_mib() -> float:
    """The resident set size of this process now, in MiB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--providers", type=int, default=20_000)
    parser.add_argument("--top-k", type=int, default=20)
    parser.add_argument("--need-capacity", type=int, default=1)
    parser.add_argument("--provider-capacity", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rss_start = rss_mib()
    started = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    edges: list[CandidateEdge] = []
    for need in range(args.needs):
        providers = rng.choice(args.providers, size=args.top_k, replace=False)
        values = rng.random(args.top_k)
        edges.extend(
            CandidateEdge(f"need-{need}", f"provider-{p}", float(v))
            for p, v in zip(providers, values, strict=True)
        )
    build = time.perf_counter() - started
    rss_edges = rss_mib()

    times = []
    plan = None
    for _ in range(args.runs):
        one = time.perf_counter()
        plan = plan_partnerships(
            edges,
            need_capacity=args.need_capacity,
            provider_capacity=args.provider_capacity,
        )
        times.append(time.perf_counter() - one)
    assert plan is not None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"needs: {args.needs}  providers: {args.providers}  candidate edges: {len(edges)} "
        f"(top {args.top_k} per need)  capacities: need {args.need_capacity}, "
        f"provider {args.provider_capacity}"
    )
    print(f"edges built in {build:.2f} s")
    print(
        f"plan: median {statistics.median(times):.2f} s, worst {max(times):.2f} s "
        f"over {args.runs} runs"
    )
    print(
        f"plan: {len(plan.edges)} matches, {plan.matched_needs} needs matched, "
        f"{len(plan.unassigned_needs)} unassigned, total value {plan.total_value:.3f}, "
        f"mean value {plan.total_value / max(1, len(plan.edges)):.3f}, scale {plan.scale:.0e}"
    )
    print(
        f"memory (RSS): start {rss_start:.0f} MiB, with edges {rss_edges:.0f} MiB, "
        f"peak {peak:.0f} MiB"
    )
    met = args.needs >= 5_000 and args.providers >= 20_000 and max(times) < 10
    print(f"target: 5,000 × 20,000 in < 10 s -> {'met' if met else 'not met (or smaller run)'}")


if __name__ == "__main__":
    main()
