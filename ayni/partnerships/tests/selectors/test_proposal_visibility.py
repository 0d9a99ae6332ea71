"""Who reads a proposal and which buttons the page offers them."""

import pytest

from ayni.partnerships.selectors import notice_list, proposal_actions, proposal_get
from ayni.partnerships.services import partnership_start, proposal_accept, proposal_create

pytestmark = pytest.mark.django_db


def test_proposal_is_read_by_its_sides_and_curators_only(
    need, need_owner, expert, expert_owner, curator, focal_point_sn, focal_point_br, contributor
):
    """Both sides, Senegal's focal point and a curator read it; others find nothing."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    for reader in (need_owner, expert_owner, curator, focal_point_sn):
        assert proposal_get(pk=proposal.pk, actor=reader) == proposal
    for stranger in (contributor, focal_point_br, None):
        assert proposal_get(pk=proposal.pk, actor=stranger) is None


def test_actions_follow_the_side_and_the_state(need, need_owner, expert, expert_owner, curator):
    """The provider may accept or decline; the proposer withdraws; a curator may accept for
    the pending side only; once agreed only the partnership steps remain."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    provider_actions = proposal_actions(proposal=proposal, actor=expert_owner)
    assert provider_actions.accept_sides == ["provider"]
    assert provider_actions.decline
    assert not provider_actions.withdraw
    proposer_actions = proposal_actions(proposal=proposal, actor=need_owner)
    assert proposer_actions.accept_sides == []
    assert proposer_actions.withdraw
    assert proposal_actions(proposal=proposal, actor=curator).accept_sides == ["provider"]
    proposal_accept(proposal=proposal, actor=expert_owner)
    agreed = proposal_actions(proposal=proposal, actor=need_owner)
    assert agreed.accept_sides == []
    assert not agreed.decline
    assert agreed.start
    assert agreed.cancel
    assert not agreed.complete
    assert proposal.partnership is not None
    partnership_start(partnership=proposal.partnership, actor=need_owner)
    proposal.refresh_from_db()
    active = proposal_actions(proposal=proposal, actor=expert_owner)
    assert active.complete
    assert not active.start


def test_notice_list_is_the_reader_own(need, need_owner, expert, expert_owner):
    """A person's inbox holds their notices only; a visitor has none."""
    proposal_create(need=need, provider=expert, actor=need_owner)
    assert [n.recipient for n in notice_list(actor=expert_owner)] == [expert_owner]
    assert notice_list(actor=need_owner) == []
    assert notice_list(actor=None) == []
