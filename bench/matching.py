"""Benchmark: quality and speed of the matching engine (issue 3).

Quality: on the relevance set in ``bench/data/matching/`` (needs, providers, graded judgments
written before tuning; see bench/data/README.md) it prints nDCG@10 and recall@10 of the engine
with the embedding encoder, of the engine with the lexical fallback, and of a BM25-only
baseline, all measured in the same run. Targets: nDCG@10 >= 0.92 and >= 30% above BM25.

Speed: top-10 with reasons for one need among 100,000 synthetic providers in the pure engine
(index in memory), median and p95 over many needs, and memory. Target: p95 < 50 ms.

    .venv/bin/python bench/matching.py [--providers 100000] [--queries 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as Ayni's processes (config/settings)

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ayni.matching.engine import (  # noqa: E402 - after the path is set
    E5Encoder,
    Geography,
    Labels,
    LexicalEncoder,
    NeedInput,
    ProviderIndex,
    ProviderInput,
    TextEncoder,
    match,
)
from ayni.matching.engine.text import SparseRows  # noqa: E402
from ayni.vocabularies.loading import read_vocabulary  # noqa: E402

DATA = ROOT / "bench" / "data" / "matching"
K = 10
RELEVANT = 2  # grade from which a provider counts as relevant for recall


def rss_mib() -> float:
    """The resident set size of this process now, in MiB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_vocabularies() -> tuple[Geography, Labels]:
    """Geography and labels from the shipped vocabulary files."""
    groupings = {item["code"]: item for item in read_vocabulary("groupings")["items"]}
    geography = Geography.from_vocabularies(
        read_vocabulary("countries")["items"],
        read_vocabulary("regions")["items"],
        groupings["developing"]["members"],
    )
    labels = Labels.from_vocabularies(
        read_vocabulary("subjects")["items"],
        read_vocabulary("targets")["items"],
        read_vocabulary("assistance_types")["items"],
        read_vocabulary("languages")["items"],
    )
    return geography, labels


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def need_from_record(record: dict[str, Any]) -> NeedInput:
    """A need of the relevance set (exchange-format field names)."""
    return NeedInput(
        id=record["id"],
        country=record["country"],
        title=record.get("title", {}),
        description=record.get("description", {}),
        subjects=frozenset(record.get("subjects", [])),
        gbf_targets=frozenset(record.get("gbf_targets", [])),
        aichi_targets=frozenset(record.get("aichi_targets", [])),
        assistance_types=frozenset(record.get("assistance_types", [])),
        languages=frozenset(record.get("languages", [])),
        partner_scope=record.get("partner_scope", "global"),
        timeframe_start=_date(record.get("timeframe_start")),
        timeframe_end=_date(record.get("timeframe_end")),
    )


def provider_from_record(record: dict[str, Any], geography: Geography) -> ProviderInput:
    """A provider of the relevance set; South comes from the country's grouping."""
    return ProviderInput(
        id=record["id"],
        kind=record["type"],
        country=record["country"],
        south=geography.is_south(record["country"]),
        title=record.get("title", {}),
        description=record.get("description", {}),
        subjects=frozenset(record.get("subjects", [])),
        targets=frozenset(record.get("gbf_targets", []))
        | frozenset(record.get("aichi_targets", [])),
        assistance_types=frozenset(record.get("assistance_types", [])),
        languages=frozenset(record.get("languages", [])),
        regions=frozenset(record.get("regions", [])),
        available_from=_date(record.get("available_from")),
        available_until=_date(record.get("available_until")),
        published_case_studies=record.get("published_case_studies", 0),
        completed_partnerships=record.get("completed_partnerships", 0),
        organization_type=record.get("organization_type", ""),
    )


def load_set(
    geography: Geography,
) -> tuple[list[NeedInput], list[ProviderInput], dict[str, dict[str, int]]]:
    """Needs, providers and judgments (need id → provider id → grade)."""
    with (DATA / "needs.jsonl").open(encoding="utf-8") as handle:
        needs = [need_from_record(json.loads(line)) for line in handle if line.strip()]
    with (DATA / "providers.jsonl").open(encoding="utf-8") as handle:
        providers = [
            provider_from_record(json.loads(line), geography) for line in handle if line.strip()
        ]
    judgments: dict[str, dict[str, int]] = {}
    with (DATA / "judgments.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            need_id, provider_id, grade = line.rstrip("\n").split("\t")
            judgments.setdefault(need_id, {})[provider_id] = int(grade)
    return needs, providers, judgments


def ndcg_at(ranked: Sequence[str], grades: dict[str, int], k: int = K) -> float:
    """nDCG@k with gains 2^grade - 1; the ideal ranking uses every judged provider."""
    dcg = sum((2 ** grades.get(pid, 0) - 1) / math.log2(i + 2) for i, pid in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], grades: dict[str, int], k: int = K) -> float:
    """Share of the relevant providers (grade >= 2) found in the top k."""
    relevant = {pid for pid, g in grades.items() if g >= RELEVANT}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased words without accents (the baseline's analyser)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


class BM25:
    """Okapi BM25 (k1 = 1.2, b = 0.75) over the providers' texts: the baseline."""

    def __init__(self, documents: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.docs = [Counter(tokens(doc)) for doc in documents]
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / len(self.docs)
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}
        self.k1, self.b = k1, b

    def scores(self, query: str) -> list[float]:
        """The BM25 score of every document for the query."""
        terms = tokens(query)
        out = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self.average)
            out.append(
                sum(
                    self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm)
                    for t in terms
                    if t in doc
                )
            )
        return out


def evaluate(
    rank: Callable[[NeedInput], list[str]],
    needs: Sequence[NeedInput],
    judgments: dict[str, dict[str, int]],
    per_need: list[tuple[str, float, list[str]]] | None = None,
) -> tuple[float, float]:
    """Mean nDCG@10 and recall@10 of a ranking function over the needs (each need's nDCG@10
    and top 10 appended to ``per_need`` when given)."""
    ndcgs, recalls = [], []
    for need in needs:
        ranked = rank(need)
        ndcgs.append(ndcg_at(ranked, judgments.get(need.id, {})))
        recalls.append(recall_at(ranked, judgments.get(need.id, {})))
        if per_need is not None:
            per_need.append((need.id, ndcgs[-1], ranked[:K]))
    return statistics.fmean(ndcgs), statistics.fmean(recalls)


def halves(
    rank: Callable[[NeedInput], list[str]],
    needs: Sequence[NeedInput],
    judgments: dict[str, dict[str, int]],
) -> tuple[tuple[float, float], tuple[float, float]]:
    """``evaluate`` on the odd-numbered needs (1st, 3rd, …) and on the even-numbered ones:
    a change tuned on one half is checked on the other."""
    return evaluate(rank, needs[0::2], judgments), evaluate(rank, needs[1::2], judgments)


def engine_ranker(
    providers: list[ProviderInput], encoder: TextEncoder, geography: Geography, labels: Labels
) -> Callable[[NeedInput], list[str]]:
    """Rank with the engine (South-South list) using ``encoder`` for the texts."""
    index = ProviderIndex.build(providers, geography=geography, labels=labels, encoder=encoder)

    def rank(need: NeedInput) -> list[str]:
        return [m.provider_id for m in match(need, index, k=K).matches]

    return rank


def synthetic_providers(
    count: int, seed: int, geography: Geography, labels: Labels
) -> list[ProviderInput]:
    """Seeded synthetic providers with codes drawn from the vocabularies (texts are short)."""
    rng = random.Random(seed)
    countries = sorted(c for c, p in geography.places.items() if p.region)
    subjects = sorted(labels.subjects)
    targets = sorted(t for t in labels.targets if t.startswith("GBF-TARGET"))
    types = sorted(labels.assistance_types)
    languages = ["en", "fr", "es", "pt", "ar", "zh", "ru", "sw", "id", "hi"]
    regions = sorted(
        {p.intermediate_region or p.subregion for p in geography.places.values()} - {""}
    )
    kinds = ["expert", "organization", "offer", "case-study"]
    out = []
    for i in range(count):
        country = rng.choice(countries)
        start = date(2026, 1, 1).toordinal() + rng.randrange(0, 900)
        windowed = rng.random() < 0.5
        out.append(
            ProviderInput(
                id=f"synth:provider-{i}",
                kind=rng.choice(kinds),  # type: ignore[arg-type]
                country=country,
                south=geography.is_south(country),
                title={"en": f"provider {i}"},
                subjects=frozenset(rng.sample(subjects, rng.randint(1, 4))),
                targets=frozenset(rng.sample(targets, rng.randint(0, 3))),
                assistance_types=frozenset(rng.sample(types, rng.randint(1, 3))),
                languages=frozenset(rng.sample(languages, rng.randint(1, 3))),
                regions=frozenset(rng.sample(regions, rng.randint(0, 2))),
                available_from=date.fromordinal(start) if windowed else None,
                available_until=date.fromordinal(start + rng.randrange(90, 720))
                if windowed
                else None,
                published_case_studies=rng.choice([0, 0, 0, 1, 2, 5]),
                completed_partnerships=rng.choice([0, 0, 1, 3]),
                organization_type="funder" if rng.random() < 0.01 else "",
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--per-need",
        action="store_true",
        help="print each need's nDCG@10 and the grades of the engine's top 10",
    )
    parser.add_argument("--quality-only", action="store_true", help="skip the latency part")
    args = parser.parse_args()

    geography, labels = load_vocabularies()
    needs, providers, judgments = load_set(geography)
    print(f"relevance set: {len(needs)} needs, {len(providers)} providers, "
          f"{sum(len(v) for v in judgments.values())} judgments")  # fmt: skip

    encoder = E5Encoder()
    started = time.perf_counter()
    encoder.encode([p.text for p in providers], kind="passage")
    seconds = time.perf_counter() - started
    print(f"e5 encoder ({encoder.name}, SHA-256 verified): {len(providers) / seconds:.0f} "
          f"provider texts/s ({1000 * seconds / len(providers):.1f} ms each)")  # fmt: skip

    engine_rank = engine_ranker(providers, encoder, geography, labels)
    per_need: list[tuple[str, float, list[str]]] = []
    engine = evaluate(engine_rank, needs, judgments, per_need)
    engine_odd, engine_even = halves(engine_rank, needs, judgments)
    lexical_encoder = LexicalEncoder().fit([p.text for p in providers])
    lexical = evaluate(
        engine_ranker(providers, lexical_encoder, geography, labels), needs, judgments
    )
    bm25 = BM25([p.text for p in providers])

    def bm25_rank(need: NeedInput) -> list[str]:
        scores = bm25.scores(need.text)
        order = sorted(range(len(providers)), key=lambda i: (-scores[i], i))
        return [providers[i].id for i in order[:K]]

    baseline = evaluate(bm25_rank, needs, judgments)
    print(f"{'ranker':<34}{'nDCG@10':>9}{'recall@10':>11}")
    for name, (ndcg, recall) in (
        ("engine, e5 latent terms", engine),
        ("engine, lexical fallback", lexical),
        ("BM25 only (baseline)", baseline),
    ):
        print(f"{name:<34}{ndcg:>9.3f}{recall:>11.3f}")
    ratio = engine[0] / baseline[0]
    print(
        f"engine / BM25 nDCG@10: {ratio:.2f} ({100 * (ratio - 1):+.0f}%); "
        f"target nDCG@10 >= 0.92 and >= +30%"
    )
    print(
        f"engine on the halves: odd-numbered needs nDCG@10 {engine_odd[0]:.3f} "
        f"(recall@10 {engine_odd[1]:.3f}), even-numbered {engine_even[0]:.3f} "
        f"(recall@10 {engine_even[1]:.3f})"
    )
    if args.per_need:
        for need_id, ndcg, ranked in per_need:
            grades = judgments.get(need_id, {})
            top = " ".join(f"{pid.rsplit(':', 1)[-1]}:{grades.get(pid, 0)}" for pid in ranked)
            print(f"  {need_id} nDCG@10 {ndcg:.3f}  {top}")
    if args.quality_only:
        return

    # Latency on synthetic providers.
    rss_before = rss_mib()
    synth = synthetic_providers(args.providers, args.seed, geography, labels)
    real_rows = encoder.encode_rows([p.text for p in providers], kind="passage")
    vectors = synthetic_latent_rows(real_rows, len(synth), args.seed)
    started = time.perf_counter()
    index = ProviderIndex.build(
        synth,
        geography=geography,
        labels=labels,
        vectors=vectors,
        similarity_range=encoder.similarity_range,
    )
    build_seconds = time.perf_counter() - started
    del vectors
    need_vectors = encoder.encode([n.text for n in needs], kind="query")
    for q in range(min(5, args.queries)):  # warm-up, not timed
        match(needs[q % len(needs)], index, k=K, need_vector=need_vectors[q % len(needs)])
    timings, cpu = [], []
    for q in range(args.queries):
        need = needs[q % len(needs)]
        started, started_cpu = time.perf_counter(), time.thread_time()
        result = match(need, index, k=K, need_vector=need_vectors[q % len(needs)], language="fr")
        timings.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.thread_time() - started_cpu))
        assert len(result.matches) == K
        assert result.matches[0].reasons_text
    timings.sort()
    cpu.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    cpu_p95 = cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))]
    per_text = seconds / len(providers)
    print(
        f"latency, {len(synth):,} synthetic providers (codes drawn from the vocabularies; "
        f"latent-term vectors sampled from the term frequencies of the relevance set, since "
        f"encoding {len(synth):,} texts would take ~{len(synth) * per_text / 60:.0f} min; "
        f"needs are the {len(needs)} real needs, encoded beforehand, ~{1000 * per_text:.0f} ms "
        f"each, not included):"
    )
    print(
        f"  index build {build_seconds:.1f} s; top-{K} with reasons in French, "
        f"{args.queries} queries: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms (target p95 < 50 ms); CPU time of the "
        f"thread (what a busy machine's other work does not inflate): median "
        f"{statistics.median(cpu):.1f} ms, p95 {cpu_p95:.1f} ms"
    )
    print(
        f"  memory: index arrays {index.nbytes() / 2**20:.0f} MiB; process RSS {rss_mib():.0f} MiB "
        f"({rss_mib() - rss_before:+.0f} MiB for the providers and the index)"
    )


def synthetic_latent_rows(real: Any, count: int, seed: int) -> SparseRows:
    """Sparse rows shaped like real latent-term vectors: as many terms per row, terms drawn
    with the frequencies seen in the real rows (plus a floor for unseen terms)."""
    rng = np.random.default_rng(seed)
    frequency = np.bincount(real.indices, minlength=real.dim).astype(np.float64) + 0.05
    frequency /= frequency.sum()
    per_row = int(np.median(np.diff(real.indptr)))
    pairs = []
    for _ in range(count):
        terms = np.unique(rng.choice(real.dim, size=per_row, p=frequency))
        pairs.append((terms, rng.random(terms.size).astype(np.float32)))
    return SparseRows.from_pairs(pairs, real.dim)


if __name__ == "__main__":
    main()
