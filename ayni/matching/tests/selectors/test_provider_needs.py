"""The other way: the needs an offer or an expert could meet."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.matching.selectors import provider_needs
from ayni.matching.tests.services.scenario import (
    published_expert,
    published_need,
    published_offer,
)

pytestmark = pytest.mark.usefixtures("lexical_matching")


def test_offer_finds_the_need_on_its_topic_first():
    """A Portuguese offer on mangrove monitoring finds the French mangrove need before a
    need on seed banks; closed and unpublished needs are not offered."""
    mangroves = published_need()
    seeds = published_need(
        title={"en": "Seed bank management for wild crop relatives"},
        description={},
        subjects=["agricultural"],
        languages=["en"],
    )
    published_need(progress="closed")
    published_need(status=RecordStatus.DRAFT)
    offer = published_offer(
        title={"pt": "Formação em monitoramento de manguezais"},
        subjects=["marine-coastal"],
        languages=["pt", "fr"],
    )
    found = provider_needs(provider=offer, actor=None, language="pt")
    assert [item.id for item in found] == [mangroves.uid, seeds.uid]
    assert found[0].type == "need"
    assert "ambos trabalham em francês" in found[0].reasons


def test_expert_without_consent_cannot_be_looked_up_by_a_visitor():
    """The needs of a hidden expert are not shown to a visitor (it would expose the expert)."""
    expert = published_expert(consent_public=False)
    with pytest.raises(PermissionDenied):
        provider_needs(provider=expert, actor=None)


def test_draft_offer_finds_needs_for_its_author(contributor):
    """An author's draft offer already finds the needs it could meet."""
    need = published_need()
    offer = published_offer(
        status=RecordStatus.DRAFT,
        submitted_by=contributor,
        title={"fr": "Suivi des mangroves par drone"},
    )
    assert [item.id for item in provider_needs(provider=offer, actor=contributor)] == [need.uid]
