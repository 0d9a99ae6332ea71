"""Proposing a match and answering it: who may, what each answer does, what is refused."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.errors import ValidationFailed
from ayni.core.models import Revision
from ayni.needs.choices import NeedProgress, PartnershipProgress
from ayni.needs.models import Partnership
from ayni.partnerships.choices import NoticeVerb, ProposalState
from ayni.partnerships.errors import (
    AlreadyAnswered,
    InvalidProposal,
    NotAParty,
    ProposalClosed,
    ProposalExists,
    SideRequired,
)
from ayni.partnerships.models import Notice, Proposal
from ayni.partnerships.services import (
    proposal_accept,
    proposal_create,
    proposal_decline,
    proposal_withdraw,
)
from ayni.partnerships.tests.factories import (
    published_need,
    published_offer,
    published_organization,
)

pytestmark = pytest.mark.django_db


def test_need_owner_proposal_counts_as_the_need_side_accepting(need, need_owner, expert):
    """A proposal by the need's submitter waits for the provider only; the need is matched."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner, message="Hello")
    assert proposal.state == ProposalState.ACCEPTED_BY_NEED
    assert proposal.need_accepted
    assert not proposal.provider_accepted
    assert proposal.proposed_by == need_owner
    need.refresh_from_db()
    assert need.progress == NeedProgress.MATCHED


def test_provider_side_is_told_of_a_proposal(need, need_owner, expert, expert_owner):
    """The expert's submitter gets a notice linking to the proposal; the proposer does not."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    (notice,) = Notice.objects.all()
    assert notice.recipient == expert_owner
    assert notice.verb == NoticeVerb.PROPOSED
    assert notice.link == f"/en/proposals/{proposal.pk}/"
    assert notice.read_at is None


def test_focal_point_of_the_need_country_is_told_and_may_answer(
    need, expert, expert_owner, focal_point_sn, focal_point_br
):
    """A proposal by the provider side reaches Senegal's focal point, who may accept it."""
    proposal = proposal_create(need=need, provider=expert, actor=expert_owner)
    assert proposal.state == ProposalState.ACCEPTED_BY_PROVIDER
    recipients = set(Notice.objects.values_list("recipient", flat=True))
    assert recipients == {need.submitted_by_id, focal_point_sn.pk}
    proposal_accept(proposal=proposal, actor=focal_point_sn)
    assert proposal.state == ProposalState.AGREED


def test_both_acceptances_make_an_agreed_partnership(need, need_owner, expert, expert_owner):
    """When the provider accepts, a partnership record (agreed, submitted for moderation)
    names the need and the expert; the need is in partnership."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    proposal_accept(proposal=proposal, actor=expert_owner)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.AGREED
    assert proposal.closed_at is not None
    partnership = Partnership.objects.get()
    assert proposal.partnership == partnership
    assert partnership.progress == PartnershipProgress.AGREED
    assert partnership.status == RecordStatus.SUBMITTED
    assert partnership.submitted_by == expert_owner
    assert partnership.need == need
    assert list(partnership.provider_experts.all()) == [expert]
    assert Revision.objects.filter(record_uid=partnership.uid, action="create").exists()
    need.refresh_from_db()
    assert need.progress == NeedProgress.IN_PARTNERSHIP
    verbs = set(Notice.objects.filter(recipient=need_owner).values_list("verb", flat=True))
    assert verbs == {NoticeVerb.AGREED}


def test_curator_proposal_waits_for_both_sides(need, expert, curator, need_owner):
    """A curator proposes for neither side: the proposal starts as proposed."""
    proposal = proposal_create(need=need, provider=expert, actor=curator)
    assert proposal.state == ProposalState.PROPOSED
    assert not proposal.need_accepted
    assert not proposal.provider_accepted
    proposal_accept(proposal=proposal, actor=need_owner)
    assert proposal.state == ProposalState.ACCEPTED_BY_NEED


def test_curator_must_say_which_side_they_answer_for(need, expert, curator):
    """A curator may answer for either side, so accepting without a side is refused."""
    proposal = proposal_create(need=need, provider=expert, actor=curator)
    with pytest.raises(SideRequired):
        proposal_accept(proposal=proposal, actor=curator)
    proposal_accept(proposal=proposal, actor=curator, side="provider")
    assert proposal.state == ProposalState.ACCEPTED_BY_PROVIDER


def test_stranger_cannot_propose(need, expert, contributor):
    """Someone who speaks for neither side is refused and nothing is stored."""
    with pytest.raises(NotAParty) as raised:
        proposal_create(need=need, provider=expert, actor=contributor)
    assert "curator" in raised.value.message
    assert not Proposal.objects.exists()
    assert not Notice.objects.exists()


def test_focal_point_of_another_country_cannot_propose(need, expert, focal_point_br):
    """Brazil's focal point does not speak for Senegal's need (nor for the expert's record)."""
    with pytest.raises(NotAParty):
        proposal_create(need=need, provider=expert, actor=focal_point_br)


def test_stranger_cannot_accept_or_decline(need, need_owner, expert, contributor):
    """Only the sides (or a curator) answer: a stranger's answer is refused, nothing moves."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    with pytest.raises(NotAParty):
        proposal_accept(proposal=proposal, actor=contributor)
    with pytest.raises(NotAParty):
        proposal_decline(proposal=proposal, actor=contributor)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED_BY_NEED


def test_need_side_cannot_accept_for_the_provider(need, need_owner, expert):
    """The proposer's side has accepted already; it cannot answer for the provider."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    with pytest.raises(AlreadyAnswered):
        proposal_accept(proposal=proposal, actor=need_owner)
    with pytest.raises(NotAParty):
        proposal_accept(proposal=proposal, actor=need_owner, side="provider")
    assert not Partnership.objects.exists()


def test_one_open_proposal_per_need_and_provider(need, need_owner, expert, expert_owner):
    """A second open proposal of the same provider is refused; after a decline it may come."""
    first = proposal_create(need=need, provider=expert, actor=need_owner)
    with pytest.raises(ProposalExists):
        proposal_create(need=need, provider=expert, actor=expert_owner)
    proposal_decline(proposal=first, actor=expert_owner)
    again = proposal_create(need=need, provider=expert, actor=need_owner)
    assert again.state == ProposalState.ACCEPTED_BY_NEED
    assert Proposal.objects.count() == 2


def test_decline_reopens_the_need(need, need_owner, expert, expert_owner):
    """A declined proposal is closed; with no other proposal the need is open again."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    proposal_decline(proposal=proposal, actor=expert_owner)
    assert proposal.state == ProposalState.DECLINED
    need.refresh_from_db()
    assert need.progress == NeedProgress.OPEN
    assert Notice.objects.filter(recipient=need_owner, verb=NoticeVerb.DECLINED).exists()


def test_only_the_proposer_or_a_curator_withdraws(need, need_owner, expert, expert_owner):
    """The other side cannot withdraw a proposal it did not make; the proposer can."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    with pytest.raises(NotAParty):
        proposal_withdraw(proposal=proposal, actor=expert_owner)
    proposal_withdraw(proposal=proposal, actor=need_owner)
    assert proposal.state == ProposalState.WITHDRAWN


def test_closed_proposal_takes_no_answer(need, need_owner, expert, expert_owner):
    """After a withdrawal, accepting is refused and no partnership appears."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    proposal_withdraw(proposal=proposal, actor=need_owner)
    with pytest.raises(ProposalClosed):
        proposal_accept(proposal=proposal, actor=expert_owner)
    assert not Partnership.objects.exists()


def test_unpublished_need_cannot_be_matched(expert, expert_owner):
    """A need under moderation takes no proposal."""
    need = published_need(status=RecordStatus.SUBMITTED)
    with pytest.raises(InvalidProposal) as raised:
        proposal_create(need=need, provider=expert, actor=need.submitted_by)
    assert "published need" in raised.value.message


def test_offer_without_provider_record_is_refused(need, need_owner):
    """An offer naming only a country cannot become a partnership: refused, with the reason."""
    offer = published_offer()
    with pytest.raises(InvalidProposal) as raised:
        proposal_create(need=need, provider=offer, actor=need_owner)
    assert "no provider organization or expert" in raised.value.message


def test_offer_submitter_answers_and_partnership_names_the_offer_provider(need, need_owner):
    """For an offer, its submitter speaks for the provider; the partnership names the
    organization behind the offer, and a triangular funder."""
    organization = published_organization()
    funder = published_organization(organization_type="funder", country_id="NO")
    offer = published_offer(provider_organization=organization, provider_country=None)
    proposal = proposal_create(need=need, provider=offer, actor=need_owner, funder=funder)
    proposal_accept(proposal=proposal, actor=offer.submitted_by)
    partnership = Partnership.objects.get()
    assert list(partnership.provider_organizations.all()) == [organization]
    assert list(partnership.funders.all()) == [funder]


def test_too_long_message_is_refused(need, need_owner, expert):
    """A message over 4000 characters is refused with the limit; nothing is stored."""
    with pytest.raises(ValidationFailed) as raised:
        proposal_create(need=need, provider=expert, actor=need_owner, message="x" * 4001)
    assert "4000" in raised.value.message
    assert not Proposal.objects.exists()
