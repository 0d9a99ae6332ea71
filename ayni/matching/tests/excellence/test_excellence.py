"""Benchmarks of excellence: the method on plain data, then the rankings from the database."""

import math
from typing import Any

import pytest
from django.utils import timezone

from ayni.casestudies.tests.factories import CaseStudyFactory
from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.matching.excellence import (
    Evidence,
    country_needs,
    country_strengths,
    excellence_ranking,
    excellence_strengths_map,
    rank_subject,
)
from ayni.needs.choices import PartnershipProgress
from ayni.needs.tests.factories import NeedFactory, OfferFactory, PartnershipFactory
from ayni.roster.tests.factories import ExpertFactory, OrganizationFactory

PUBLISHED = RecordStatus.PUBLISHED


# --- the method, plain data -------------------------------------------------------------------


def test_points_have_diminishing_returns_and_favour_delivered_work():
    """One case study outweighs two offers; a second case study adds less than the first."""
    assert Evidence(case_studies=1).points() > Evidence(offers=2).points()
    first = Evidence(case_studies=1).points()
    second = Evidence(case_studies=2).points() - first
    assert second < first
    assert Evidence(case_studies=1, offers=1).points() == pytest.approx(3 + 1)


def test_minimum_evidence_excludes_capability_without_delivery():
    """Offers and experts alone, or a single piece of evidence, do not qualify."""
    assert not Evidence(offers=5, experts=3).qualifies()
    assert not Evidence(case_studies=1).qualifies()
    assert Evidence(case_studies=1, experts=1).qualifies()


def test_ties_share_a_rank_and_are_ordered_by_key():
    """Equal evidence shares a rank (competition ranking); the key orders them."""
    ranking = rank_subject(
        "forest",
        {
            "KE": Evidence(partnerships=1, experts=1),
            "AR": Evidence(case_studies=1, experts=1),
            "BR": Evidence(case_studies=2, offers=1),
            "NO": Evidence(case_studies=1, offers=1, experts=0),
        },
    )
    assert [(b.key, b.rank) for b in ranking] == [("BR", 1), ("AR", 2), ("KE", 2), ("NO", 2)]
    assert ranking[0].score == 100.0
    assert ranking[1].score == pytest.approx(round(100 * 4 / (3 * math.log2(3) + 1), 1))


# --- from the database ------------------------------------------------------------------------


@pytest.fixture
def evidence(db):
    """Brazil: two case studies and an offer on forests; Argentina: one case study and an
    endorsed expert; Kenya: a completed partnership and an endorsed expert; Senegal: offers
    only, and open needs."""

    def subjects(record, *slugs):
        record.subjects.set(slugs)
        return record

    centre = OrganizationFactory(country_id="BR")
    for _ in range(2):
        case = subjects(CaseStudyFactory(status=PUBLISHED), "forest")
        case.provider_countries.set(["BR"])
        case.organizations.set([centre])
    argentine = subjects(CaseStudyFactory(status=PUBLISHED), "forest")
    argentine.provider_countries.set(["AR"])
    argentine.organizations.set([centre])  # a partner, not from a provider country
    draft = subjects(CaseStudyFactory(status=RecordStatus.DRAFT), "forest")
    draft.provider_countries.set(["SN"])
    subjects(OfferFactory(status=PUBLISHED, provider_country_id="BR",
                          provider_organization=centre), "forest")  # fmt: skip
    endorsed = {"endorsed_at": timezone.now()}
    subjects(ExpertFactory(country_id="AR", **endorsed), "forest")
    subjects(ExpertFactory(country_id="KE", **endorsed), "forest")
    subjects(ExpertFactory(country_id="KE"), "forest")  # not endorsed
    need = subjects(NeedFactory(country_id="SN", status=PUBLISHED), "forest")
    partnership: Any = PartnershipFactory(
        need=need, status=PUBLISHED, progress=PartnershipProgress.COMPLETED
    )
    partnership.provider_organizations.set([OrganizationFactory(country_id="KE")])
    for _ in range(3):
        subjects(OfferFactory(status=PUBLISHED, provider_country_id="SN"), "forest")
    for _ in range(2):
        subjects(make_record("need", country="SN", status=PUBLISHED), "marine-coastal")
    return centre


def test_country_ranking_per_subject(evidence):
    """Brazil leads forests; Argentina and Kenya tie; Senegal (offers only) is not ranked."""
    ranking = excellence_ranking(subject="forest")
    assert [(b.key, b.rank) for b in ranking] == [("BR", 1), ("AR", 2), ("KE", 2)]
    assert ranking[0].name == "Brazil"
    assert ranking[0].evidence == Evidence(case_studies=2, offers=1)
    assert ranking[2].evidence == Evidence(partnerships=1, experts=1)


def test_organization_ranking_counts_case_studies_it_provided(evidence):
    """The Brazilian centre counts its two Brazilian case studies, not the Argentine one."""
    ranking = excellence_ranking(subject="forest", by="organization")
    assert ranking[0].key == str(evidence.pk)
    assert ranking[0].evidence == Evidence(case_studies=2, offers=1)
    assert ranking[0].extra["uid"] == evidence.uid


def test_country_strengths_and_needs(evidence):
    """Brazil's strengths include forests; Senegal's needs are its open needs' subjects."""
    assert [b.subject for b in country_strengths(country="BR")] == ["forest"]
    assert country_strengths(country="SN") == []
    assert country_needs(country="SN") == [("marine-coastal", 2), ("forest", 1)]


def test_strengths_map_for_reciprocity(evidence):
    """The strengths map gives each qualified country its points per subject."""
    strengths = excellence_strengths_map()
    assert set(strengths) == {"BR", "AR", "KE"}
    assert strengths["AR"]["forest"] == pytest.approx(4.0)


def test_unknown_subject_is_refused(db):
    """Asking the ranking of an unknown subject is a clear error."""
    with pytest.raises(ValueError, match="unknown subject"):
        excellence_ranking(subject="astrology")
