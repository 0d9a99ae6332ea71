"""Each factor of the score moves the score the documented way and says why."""

from datetime import date

import numpy as np
import pytest

from ayni.matching.engine import Labels, Weights, match, score_provider
from ayni.matching.engine.inputs import NeedInput, ProviderInput
from ayni.matching.engine.scoring import FACTORS, compute_factors, explain
from ayni.matching.tests.engine.builders import (
    RANGE,
    geography,
    index_of,
    labels,
    make_need,
    make_provider,
    score_of,
)


def reasons_of(need: NeedInput, provider: ProviderInput, cosine: float = 1.0) -> dict[str, dict]:
    """The reasons of one pair, by code."""
    factors = compute_factors(
        need, provider, cosine, similarity_range=RANGE, geography=geography(), labels=labels()
    )
    found = explain(need, provider, factors, geography=geography(), labels=labels())
    return {reason.code: dict(reason.params) for reason in found}


def test_weights_of_the_factors_sum_to_one():
    """The additive weights sum to 1, so that a perfect provider scores 1."""
    assert sum(Weights().factor_weights().values()) == pytest.approx(1.0)
    assert set(Weights().factor_weights()) == set(FACTORS)


def test_perfect_provider_scores_close_to_one_and_score_stays_in_unit_interval():
    """A provider fitting in every respect scores near 1; no pair leaves [0, 1]."""
    perfect = make_provider(published_case_studies=10, completed_partnerships=5)
    assert score_of(make_need(), perfect) == pytest.approx(1.0)
    for cosine in (-1.0, 0.0, 0.5, 2.0):
        assert 0.0 <= score_of(make_need(), make_provider(languages=frozenset({"zh"})), cosine) <= 1


def test_closer_text_scores_higher_and_is_a_reason():
    """The text factor follows the cosine between the encoder's range; a close text is named."""
    need, provider = make_need(), make_provider()
    assert score_of(need, provider, 0.9) > score_of(need, provider, 0.3)
    assert "text_close" in reasons_of(need, provider, 0.9)
    assert "text_close" not in reasons_of(need, provider, 0.2)


def test_shared_subjects_raise_the_score_and_are_listed():
    """Each subject of the need the provider shares counts, and is named in the reasons."""
    need = make_need()
    both = make_provider()
    one = make_provider(subjects=frozenset({"marine-coastal", "forest"}))
    none = make_provider(subjects=frozenset({"forest"}))
    assert score_of(need, both) > score_of(need, one) > score_of(need, none)
    assert reasons_of(need, one)["subjects"] == {"subjects": ["marine-coastal"]}


def test_related_subject_gets_partial_credit_through_the_hierarchy():
    """A child of a sought subject counts half, and is named as a related subject."""
    hierarchy = Labels(subject_parents={"mangroves": "marine-coastal"})
    need = make_need(subjects=frozenset({"marine-coastal"}))
    child = make_provider(subjects=frozenset({"mangroves"}))
    other = make_provider(subjects=frozenset({"forest"}))

    def subjects_factor(provider: ProviderInput) -> float:
        return compute_factors(
            need, provider, 1.0, similarity_range=RANGE, geography=geography(), labels=hierarchy
        ).subjects

    assert subjects_factor(child) == pytest.approx(0.5)
    assert subjects_factor(other) == 0.0
    factors = compute_factors(
        need, child, 1.0, similarity_range=RANGE, geography=geography(), labels=hierarchy
    )
    codes = {r.code for r in explain(need, child, factors, geography=geography(), labels=hierarchy)}
    assert "related_subjects" in codes


def test_shared_targets_raise_the_score_and_are_listed():
    """A provider working on the need's GBF target scores higher and says so."""
    need = make_need()
    same = make_provider()
    other = make_provider(targets=frozenset({"GBF-TARGET-19"}))
    assert score_of(need, same) > score_of(need, other)
    assert reasons_of(need, same)["targets"] == {"targets": ["GBF-TARGET-02"]}


def test_assistance_types_sought_raise_the_score_and_are_listed():
    """Offering the assistance sought (training) beats offering something else."""
    need = make_need()
    training = make_provider()
    equipment = make_provider(assistance_types=frozenset({"equipment"}))
    assert score_of(need, training) > score_of(need, equipment)
    assert reasons_of(need, training)["assistance"] == {"types": ["training"]}


def test_unstated_codes_are_neutral_not_missing():
    """A case study states no assistance type: it scores between offering and not offering."""
    need = make_need()
    unstated = make_provider(assistance_types=frozenset())
    offering = make_provider()
    other = make_provider(assistance_types=frozenset({"equipment"}))
    assert score_of(need, offering) > score_of(need, unstated) > score_of(need, other)


def test_shared_working_language_is_a_reason_and_no_shared_language_gates_the_score():
    """Sharing French is named; a provider working only in Chinese is cut by the gate."""
    need = make_need()
    french = make_provider()
    chinese = make_provider(languages=frozenset({"zh"}))
    assert reasons_of(need, french)["language"] == {"languages": ["fr"]}
    assert "no_language" in reasons_of(need, chinese)
    assert score_of(need, chinese) < 0.5 * score_of(need, french)


def test_codes_without_the_topic_do_not_make_a_match():
    """Same codes but an unrelated text scores below the same topic with fewer codes."""
    need = make_need()
    codes_only = make_provider()
    topic_only = make_provider(
        subjects=frozenset({"marine-coastal"}), targets=frozenset(), assistance_types=frozenset()
    )
    assert score_of(need, topic_only, cosine=0.9) > score_of(need, codes_only, cosine=0.1)


def test_workable_provider_on_another_topic_falls_below_one_on_the_topic():
    """Language, place, time and evidence count only as far as the texts agree: a provider on
    the need's topic that shares no working language outranks one that could work in every
    respect but on another topic."""
    need = make_need()
    workable_elsewhere = make_provider(published_case_studies=3)
    on_topic_no_language = make_provider(languages=frozenset({"zh"}))
    assert score_of(need, on_topic_no_language, cosine=0.6) > score_of(
        need, workable_elsewhere, cosine=0.0
    )


def test_unrelated_text_leaves_the_other_factors_at_the_topic_floor():
    """With an unrelated text, every other factor counts at ``topic_floor`` of its weight."""
    weights = Weights()
    need, provider = make_need(), make_provider(published_case_studies=12)
    others = sum(w for name, w in weights.factor_weights().items() if name != "text")
    unrelated = score_of(need, provider, cosine=0.0)
    assert unrelated == pytest.approx(weights.topic_floor * others)
    assert score_of(need, provider, cosine=1.0) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("scope", "order"),
    [
        ("subregional", ["ML", "KE", "EG", "BR"]),
        ("regional", ["ML", "EG", "BR"]),
    ],
)
def test_partner_scope_prefers_subregion_then_region_then_elsewhere(scope, order):
    """For Senegal: Mali (Western Africa) > Kenya (Sub-Saharan) > Egypt (Africa) > Brazil."""
    need = make_need(partner_scope=scope)
    scores = [score_of(need, make_provider(country=country)) for country in order]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) >= len(order) - 1


def test_scope_reason_names_the_shared_subregion():
    """A Malian provider for a Senegalese need: same subregion, Western Africa (011)."""
    assert reasons_of(make_need(), make_provider(country="ML"))["subregion"] == {"region": "011"}
    assert reasons_of(make_need(), make_provider(country="EG"))["region"] == {"region": "002"}


def test_provider_serving_the_need_region_counts_as_near():
    """A Brazilian offer covering Western Africa is as near as a West African one."""
    need = make_need(partner_scope="subregional")
    serving = make_provider(country="BR", regions=frozenset({"011"}))
    assert score_of(need, serving) == pytest.approx(score_of(need, make_provider(country="ML")))
    assert reasons_of(need, serving)["serves_region"] == {"region": "011"}
    assert "outside_scope" in reasons_of(need, make_provider(country="BR"))


def test_availability_counts_the_share_of_the_timeframe():
    """Available all year > half the year > not at all; the reasons say which."""
    need = make_need()
    full = make_provider(available_from=date(2026, 6, 1), available_until=date(2028, 1, 1))
    half = make_provider(available_from=date(2027, 7, 2), available_until=date(2028, 1, 1))
    gone = make_provider(available_from=date(2025, 1, 1), available_until=date(2026, 12, 31))
    assert score_of(need, full) > score_of(need, half) > score_of(need, gone)
    assert "available" in reasons_of(need, full)
    assert reasons_of(need, half)["partly_available"] == {"share": 50}
    assert "unavailable" in reasons_of(need, gone)
    assert score_of(need, gone) < 0.5 * score_of(need, full)


def test_open_timeframe_or_window_counts_as_available():
    """No timeframe on the need, or no window on the provider: no penalty."""
    need = make_need(timeframe_start=None, timeframe_end=None)
    windowed = make_provider(available_until=date(2020, 1, 1))
    assert score_of(need, windowed) == pytest.approx(score_of(need, make_provider()))


def test_evidence_counts_case_studies_and_partnerships():
    """Published case studies and completed partnerships raise the score and are counted."""
    need = make_need()
    proven = make_provider(published_case_studies=3, completed_partnerships=1)
    assert score_of(need, proven) > score_of(need, make_provider())
    reasons = reasons_of(need, proven)
    assert reasons["case_studies"] == {"count": 3}
    assert reasons["partnerships"] == {"count": 1}


def test_developed_country_provider_is_a_triangular_partner_not_south_south():
    """A French institute is listed apart as a triangular partner, never in the S-S list."""
    need = make_need()
    south = make_provider(id="ml")
    north = make_provider(id="fr", country="FR", south=False, published_case_studies=9)
    result = match(need, index_of([north, south], np.ones((2, 2))), need_vector=np.ones(2))
    assert [m.provider_id for m in result.matches] == ["ml"]
    assert [m.provider_id for m in result.triangular_partners] == ["fr"]
    assert result.triangular_partners[0].role == "triangular-partner"
    assert "triangular_partner" in {r.code for r in result.triangular_partners[0].reasons}
    assert "south_south" in {r.code for r in result.matches[0].reasons}


def test_mixed_list_flags_and_lowers_developed_country_provider():
    """Without the South-South rule a developed-country provider joins, lowered and flagged."""
    need = make_need()
    north = make_provider(id="fr", country="FR", south=False)
    south = make_provider(id="ml", assistance_types=frozenset({"equipment"}))
    index = index_of([north, south], np.ones((2, 2)))
    result = match(need, index, need_vector=np.ones(2), south_south_only=False)
    assert [m.provider_id for m in result.matches] == ["ml", "fr"]
    assert result.matches[1].role == "triangular-partner"
    assert score_provider(
        need,
        north,
        1.0,
        similarity_range=RANGE,
        geography=geography(),
        labels=labels(),
        south_south_only=False,
    ) == pytest.approx(result.matches[1].score)


def test_funder_is_listed_apart_as_a_funder():
    """A funder (organization type) is not a South-South provider but a funder."""
    funder = make_provider(id="bank", kind="organization", organization_type="funder")
    result = match(make_need(), index_of([funder], np.ones((1, 2))), need_vector=np.ones(2))
    assert result.matches == ()
    assert [m.provider_id for m in result.funders] == ["bank"]
    assert "funder" in {r.code for r in result.funders[0].reasons}


def test_factors_are_reported_with_each_match():
    """Every match carries the value of each factor, each in [0, 1]."""
    result = match(
        make_need(), index_of([make_provider()], np.ones((1, 2))), need_vector=np.ones(2)
    )
    factors = result.matches[0].factors
    assert set(factors) == set(FACTORS)
    assert all(0.0 <= value <= 1.0 for value in factors.values())
