"""Benchmarks of excellence: for each subject, the countries and organizations that excel.

From published evidence only, counted with SQL per (country or organization, subject):
published case studies as provider, completed partnerships as provider, published offers and
endorsed experts. The method (weights, diminishing returns, normalisation, minimum evidence,
ties) is in docs/benchmarks-method.md; its rules are the pure functions at the top of this
module, the selectors below load the counts and apply them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from ayni.casestudies.models import CaseStudy
from ayni.core.choices import RecordStatus
from ayni.core.models import pick_language
from ayni.needs.choices import NeedProgress, PartnershipProgress
from ayni.needs.models import Need, Offer, Partnership
from ayni.roster.models import Expert, Organization
from ayni.vocabularies.models import Country, Subject

By = Literal["country", "organization"]
PUBLISHED = RecordStatus.PUBLISHED

# --- the method (pure) ------------------------------------------------------------------------

#: Points per kind of evidence: delivered cooperation weighs three times a stated capability.
WEIGHTS: Mapping[str, float] = {
    "case_studies": 3.0,
    "partnerships": 3.0,
    "offers": 1.0,
    "experts": 1.0,
}
DELIVERED = ("case_studies", "partnerships")
#: Minimum evidence to be ranked: one delivered cooperation and two pieces of evidence in all.
MIN_DELIVERED = 1
MIN_ITEMS = 2
#: A ranked entity excels in a subject when in its top ``TOP_N`` or at half the leader's points.
TOP_N = 10
STRONG_SCORE = 50.0


@dataclass(frozen=True)
class Evidence:
    """Counts of each kind of evidence of one entity on one subject."""

    case_studies: int = 0
    partnerships: int = 0
    offers: int = 0
    experts: int = 0

    @property
    def delivered(self) -> int:
        """Cooperation that happened: case studies and completed partnerships."""
        return self.case_studies + self.partnerships

    @property
    def items(self) -> int:
        """Every piece of evidence."""
        return self.case_studies + self.partnerships + self.offers + self.experts

    def points(self, weights: Mapping[str, float] = WEIGHTS) -> float:
        """Σ weight × log2(1 + count): the first pieces of each kind count most."""
        return sum(w * math.log2(1 + getattr(self, kind)) for kind, w in weights.items())

    def qualifies(self) -> bool:
        """Enough evidence to be ranked at all."""
        return self.delivered >= MIN_DELIVERED and self.items >= MIN_ITEMS


@dataclass(frozen=True)
class Benchmark:
    """One entity's standing on one subject: rank, score (0–100 of the leader), evidence."""

    subject: str
    key: str
    name: str
    rank: int
    score: float
    points: float
    evidence: Evidence
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def excels(self) -> bool:
        """In the subject's top ``TOP_N``, or at least ``STRONG_SCORE`` of the leader."""
        return self.rank <= TOP_N or self.score >= STRONG_SCORE


def rank_subject(
    subject: str,
    evidence: Mapping[str, Evidence],
    names: Mapping[str, str] | None = None,
) -> list[Benchmark]:
    """The qualified entities of a subject, best first, with competition ranks (1, 2, 2, 4).

    Order: points, then delivered cooperation, then all evidence, then the key (alphabetical,
    so the order is stable); entities equal on points, delivered and items share a rank.
    """
    names = names or {}
    scored = [(e.points(), e, key) for key, e in evidence.items() if e.qualifies()]
    if not scored:
        return []
    scored.sort(key=lambda item: (-round(item[0], 9), -item[1].delivered, -item[1].items, item[2]))
    best = scored[0][0]
    ranked: list[Benchmark] = []
    previous: tuple[float, int, int] | None = None
    rank = 0
    for position, (points, e, key) in enumerate(scored, start=1):
        signature = (round(points, 9), e.delivered, e.items)
        if signature != previous:
            rank, previous = position, signature
        ranked.append(
            Benchmark(
                subject=subject,
                key=key,
                name=names.get(key, key),
                rank=rank,
                score=round(100.0 * points / best, 1) if best else 0.0,
                points=round(points, 3),
                evidence=e,
            )
        )
    return ranked


def rank_all(
    counts: Iterable[tuple[str, str, str, int]], names: Mapping[str, str] | None = None
) -> dict[str, list[Benchmark]]:
    """Subject → ranking, from ``(kind, entity, subject, count)`` tuples."""
    tallies: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for kind, key, subject, count in counts:
        if kind not in WEIGHTS:
            raise ValueError(f"unknown kind of evidence {kind!r}")
        tally = tallies[subject][key]
        tally[kind] = tally.get(kind, 0) + int(count)
    return {
        subject: rank_subject(
            subject, {key: Evidence(**tally) for key, tally in by_key.items()}, names
        )
        for subject, by_key in tallies.items()
    }


# --- loading the evidence (SQL aggregation) ---------------------------------------------------


def _completed() -> Q:
    return Q(partnership__status=PUBLISHED, partnership__progress=PartnershipProgress.COMPLETED)


def _grouped(queryset: Any, kind: str, key: Any, subject: str, counted: str) -> Iterable[Any]:
    rows = (
        queryset.values(key_=key, subject_=F(subject))
        .annotate(n=Count(counted, distinct=True))
        .values_list("key_", "subject_", "n")
        .order_by()
    )
    return ((kind, str(k), s, n) for k, s, n in rows if k is not None and s is not None)


def _partnership_counts(by: By) -> Iterable[tuple[str, str, str, int]]:
    """Completed partnerships per (provider country or organization, subject of the need)."""
    through_orgs = Partnership.provider_organizations.through.objects.filter(_completed())
    if by == "organization":
        yield from _grouped(
            through_orgs, "partnerships", F("organization"), "partnership__need__subjects",
            "partnership",
        )  # fmt: skip
        through_experts = Partnership.provider_experts.through.objects.filter(
            _completed(), expert__organization__isnull=False
        )
        yield from _grouped(
            through_experts, "partnerships", F("expert__organization"),
            "partnership__need__subjects", "partnership",
        )  # fmt: skip
        return
    # A partnership counts once for a country, whether an organization or an expert of it
    # (or both) provided it: distinct (partnership, country, subject) triples.
    triples = through_orgs.values_list(
        "partnership", "organization__country", "partnership__need__subjects"
    ).union(
        Partnership.provider_experts.through.objects.filter(_completed()).values_list(
            "partnership", "expert__country", "partnership__need__subjects"
        )
    )
    tally = Counter((country, subject) for _p, country, subject in triples if subject)
    for (country, subject), n in tally.items():
        yield "partnerships", country, subject, n


def evidence_counts(by: By) -> list[tuple[str, str, str, int]]:
    """``(kind, entity, subject, count)`` for every piece of published evidence."""
    case_subjects = CaseStudy.subjects.through.objects.filter(casestudy__status=PUBLISHED)
    offer_subjects = Offer.subjects.through.objects.filter(offer__status=PUBLISHED)
    expert_subjects = Expert.subjects.through.objects.filter(
        expert__status=PUBLISHED, expert__endorsed_at__isnull=False
    )
    counts: list[tuple[str, str, str, int]] = []
    if by == "country":
        counts.extend(
            _grouped(
                case_subjects,
                "case_studies",
                F("casestudy__provider_countries"),
                "subject",
                "casestudy",
            )
        )
        counts.extend(
            _grouped(
                offer_subjects,
                "offers",
                Coalesce(
                    "offer__provider_country",
                    "offer__provider_organization__country",
                    "offer__provider_expert__country",
                ),
                "subject",
                "offer",
            )
        )
        counts.extend(
            _grouped(expert_subjects, "experts", F("expert__country"), "subject", "expert")
        )
    else:
        # An organization provided a case study when it is a partner from a provider country.
        provided = case_subjects.filter(
            casestudy__organizations__country=F("casestudy__provider_countries"),
            casestudy__organizations__status=PUBLISHED,
        )
        counts.extend(
            _grouped(
                provided, "case_studies", F("casestudy__organizations"), "subject", "casestudy"
            )
        )
        counts.extend(
            _grouped(
                offer_subjects,
                "offers",
                Coalesce("offer__provider_organization", "offer__provider_expert__organization"),
                "subject",
                "offer",
            )
        )
        counts.extend(
            _grouped(
                expert_subjects.filter(expert__organization__isnull=False),
                "experts",
                F("expert__organization"),
                "subject",
                "expert",
            )
        )
    counts.extend(_partnership_counts(by))
    if by == "organization":
        published = {
            str(pk)
            for pk in Organization.objects.filter(status=PUBLISHED).values_list("pk", flat=True)
        }
        counts = [c for c in counts if c[1] in published]
    return counts


def _names(by: By, language: str) -> dict[str, str]:
    if by == "country":
        return {
            code: pick_language(names, language)[1] or code
            for code, names in Country.objects.values_list("code", "names")
        }
    return {
        str(pk): pick_language(name, language)[1] or uid
        for pk, uid, name in Organization.objects.filter(status=PUBLISHED).values_list(
            "pk", "uid", "name"
        )
    }


# --- selectors --------------------------------------------------------------------------------


def excellence_rankings(*, by: By = "country", language: str = "en") -> dict[str, list[Benchmark]]:
    """Subject → the ranking of countries (or organizations) that qualify, best first.

    Organizations are keyed by their primary key (as a string); ``Benchmark.name`` is the
    organization's name in ``language``. Public data only, so no actor.
    """
    if by not in ("country", "organization"):
        raise ValueError(f"rank by country or organization, not {by!r}")
    rankings = rank_all(evidence_counts(by), _names(by, language))
    if by == "organization":
        uids = dict(Organization.objects.filter(status=PUBLISHED).values_list("pk", "uid"))
        rankings = {
            subject: [
                Benchmark(**{**b.__dict__, "extra": {"uid": uids.get(int(b.key), "")}})
                for b in ranking
            ]
            for subject, ranking in rankings.items()
        }
    return rankings


def excellence_ranking(
    *, subject: str, by: By = "country", limit: int = 20, language: str = "en"
) -> list[Benchmark]:
    """The ranking of one subject (its first ``limit`` entries)."""
    if not Subject.objects.filter(slug=subject).exists():
        raise ValueError(f"unknown subject {subject!r}")
    return excellence_rankings(by=by, language=language).get(subject, [])[:limit]


def country_strengths(*, country: str, language: str = "en") -> list[Benchmark]:
    """The subjects where a country excels (see ``Benchmark.excels``), strongest first."""
    found = [
        benchmark
        for ranking in excellence_rankings(by="country", language=language).values()
        for benchmark in ranking
        if benchmark.key == country and benchmark.excels
    ]
    return sorted(found, key=lambda b: (-b.score, b.rank, b.subject))


def country_needs(*, country: str) -> list[tuple[str, int]]:
    """The subjects of a country's open published needs, with how many, most first."""
    rows = (
        Need.subjects.through.objects.filter(
            need__country=country, need__status=PUBLISHED, need__progress=NeedProgress.OPEN
        )
        .values("subject")
        .annotate(n=Count("need"))
        .values_list("subject", "n")
        .order_by()
    )
    return sorted(((str(s), int(n)) for s, n in rows), key=lambda item: (-item[1], item[0]))


def excellence_strengths_map() -> dict[str, dict[str, float]]:
    """Country → subject → points, for the subjects where it qualifies (for reciprocity)."""
    strengths: dict[str, dict[str, float]] = defaultdict(dict)
    for subject, ranking in excellence_rankings(by="country").items():
        for benchmark in ranking:
            strengths[benchmark.key][subject] = benchmark.points
    return dict(strengths)
