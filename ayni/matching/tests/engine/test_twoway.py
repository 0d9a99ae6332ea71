"""Two ways: what the need's country gives back, needs for a provider, triangular proposals."""

import numpy as np

from ayni.matching.engine import (
    rank_needs,
    render_reason,
    suggest_reciprocity,
    suggest_triangular,
)
from ayni.matching.tests.engine.builders import (
    RANGE,
    geography,
    index_of,
    labels,
    make_need,
    make_provider,
)

STRENGTHS = {"SN": {"marine-coastal": 5.0, "protected-areas": 3.0, "gender": 1.0, "forest": 0.0}}


def test_reciprocity_offers_the_strengths_the_partner_seeks_first():
    """Senegal's strongest subjects, those Brazil's open needs seek coming first."""
    found = suggest_reciprocity(
        "SN", "BR", STRENGTHS, partner_needs={"BR": frozenset({"gender"})}, limit=2
    )
    assert found.subjects == ("gender", "marine-coastal")
    assert found.wanted == ("gender",)
    assert found.reason is not None
    assert found.reason.code == "reciprocity_wanted"


def test_reciprocity_without_partner_needs_lists_strengths_in_words():
    """With no known needs of the partner, the strongest subjects are offered, in words."""
    found = suggest_reciprocity("SN", "BR", STRENGTHS, limit=2)
    assert found.subjects == ("marine-coastal", "protected-areas")
    assert found.reason is not None
    text = render_reason(found.reason, "fr", labels(), geography())
    assert text.startswith("Sénégal pourrait offrir en retour")


def test_reciprocity_of_a_country_without_strengths_is_empty():
    """A country without recorded strengths has nothing to suggest (and no reason)."""
    found = suggest_reciprocity("TD", "BR", STRENGTHS)
    assert found.subjects == ()
    assert found.reason is None


def test_triangular_suggestion_pairs_southern_provider_with_fitting_funder():
    """The best Southern provider comes with the funder whose funding fits the need."""
    providers = [
        make_provider(id="ml"),
        make_provider(id="fr", country="FR", south=False),
        make_provider(
            id="fund",
            kind="offer",
            country="JP",
            south=False,
            organization_type="funder",
            assistance_types=frozenset({"financing"}),
            regions=frozenset({"002"}),
        ),
    ]
    suggestions = suggest_triangular(
        make_need(), index_of(providers, np.ones((3, 2))), need_vector=np.ones(2)
    )
    assert [(s.provider.provider_id, s.funder.provider_id) for s in suggestions] == [("ml", "fund")]
    assert 0.0 < suggestions[0].score <= 1.0


def test_no_triangular_suggestion_without_a_fitting_funder():
    """Without any funder there is no triangular suggestion."""
    index = index_of([make_provider(id="ml")], np.ones((1, 2)))
    assert suggest_triangular(make_need(), index, need_vector=np.ones(2)) == []


def test_provider_finds_the_needs_it_could_meet():
    """A new offer ranks the needs: the one on its topic and language first."""
    needs = [
        make_need(id="far", subjects=frozenset({"biosafety"}), languages=frozenset({"zh"})),
        make_need(id="near"),
    ]
    found = rank_needs(
        make_provider(),
        needs,
        provider_vector=np.array([1.0, 0.0]),
        need_vectors=np.array([[0.0, 1.0], [1.0, 0.0]]),
        similarity_range=RANGE,
        geography=geography(),
        labels=labels(),
    )
    assert [item.need_id for item in found] == ["near", "far"]
    assert found[0].score > found[1].score
