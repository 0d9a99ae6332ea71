"""The loop's pages: propose from a need's matches, answer, move the partnership, the inbox.
Every change is a POST with its CSRF token; a stranger gets 404 (or 403 for a refused step)."""

import pytest
from django.test import Client
from django.urls import reverse

from ayni.casestudies.models import CaseStudy
from ayni.needs.choices import PartnershipProgress
from ayni.partnerships.choices import ProposalState
from ayni.partnerships.models import Notice, Proposal
from ayni.partnerships.services import proposal_accept, proposal_create
from ayni.partnerships.tests.factories import published_expert, published_need

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _detail(proposal) -> str:
    return reverse("partnerships:proposal_detail", kwargs={"pk": proposal.pk})


def _answer(proposal, action: str) -> str:
    return reverse("partnerships:proposal_answer", kwargs={"pk": proposal.pk, "action": action})


@pytest.fixture
def mangrove_need(lexical_matching):
    need = published_need(
        title={"fr": "Formation au suivi des mangroves par drone"},
        description={"fr": "Former les agents au suivi des mangroves du delta."},
    )
    need.languages.set(["fr"])
    return need


@pytest.fixture
def mangrove_expert(lexical_matching):
    expert = published_expert(
        name="Ana Souza",
        bio={"fr": "Suivi des mangroves par drone et formation des agents."},
        country_id="BR",
    )
    expert.languages.set(["fr", "pt"])
    return expert


def test_propose_page_lists_the_need_matches(mangrove_need, mangrove_expert):
    """The need's submitter sees the expert among the providers, with a CSRF-protected form."""
    response = _client(mangrove_need.submitted_by).get(
        reverse("partnerships:proposal_create", kwargs={"uid": mangrove_need.uid})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Souza" in page
    assert f'value="{mangrove_expert.uid}"' in page
    assert "csrfmiddlewaretoken" in page


def test_proposing_from_the_page_stores_the_proposal(mangrove_need, mangrove_expert):
    """Posting the form makes the proposal and leads to its page."""
    client = _client(mangrove_need.submitted_by)
    response = client.post(
        reverse("partnerships:proposal_create", kwargs={"uid": mangrove_need.uid}),
        {"provider": mangrove_expert.uid, "funder": "", "message": "Nous aimerions travailler."},
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(proposal)
    assert proposal.provider_expert == mangrove_expert
    assert proposal.message == "Nous aimerions travailler."
    page = client.get(_detail(proposal)).content.decode()
    assert "Nous aimerions travailler." in page
    assert "The match was proposed" in page


def test_proposing_a_provider_not_among_the_matches_is_refused(mangrove_need, mangrove_expert):
    """A provider id that is not offered is a form error (400), and nothing is stored."""
    response = _client(mangrove_need.submitted_by).post(
        reverse("partnerships:proposal_create", kwargs={"uid": mangrove_need.uid}),
        {"provider": "test:nobody"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.exists()


def test_stranger_proposing_gets_403_and_the_reason(mangrove_need, mangrove_expert, contributor):
    """A person who speaks for neither side is refused with the rule in words."""
    response = _client(contributor).post(
        reverse("partnerships:proposal_create", kwargs={"uid": mangrove_need.uid}),
        {"provider": mangrove_expert.uid},
    )
    assert response.status_code == 403
    assert "can propose this match" in response.content.decode()
    assert not Proposal.objects.exists()


def test_visitor_is_sent_to_sign_in(mangrove_need):
    """The propose page and the inbox ask a visitor to sign in first."""
    client = Client()
    for url in (
        reverse("partnerships:proposal_create", kwargs={"uid": mangrove_need.uid}),
        reverse("partnerships:inbox"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_unpublished_need_has_no_propose_page_for_a_stranger(contributor):
    """A need under moderation is not found by someone who may not read it."""
    need = published_need(status="submitted")
    response = _client(contributor).get(
        reverse("partnerships:proposal_create", kwargs={"uid": need.uid})
    )
    assert response.status_code == 404


def test_proposal_page_shows_the_right_buttons(need, need_owner, expert, expert_owner):
    """The provider sees "accept" and "decline"; the proposer sees "withdraw" only."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    provider_page = _client(expert_owner).get(_detail(proposal)).content.decode()
    assert _answer(proposal, "accept") in provider_page
    assert _answer(proposal, "decline") in provider_page
    assert _answer(proposal, "withdraw") not in provider_page
    proposer_page = _client(need_owner).get(_detail(proposal)).content.decode()
    assert _answer(proposal, "accept") not in proposer_page
    assert _answer(proposal, "withdraw") in proposer_page


def test_stranger_gets_404_for_the_proposal(need, need_owner, expert, contributor):
    """Someone outside the match neither reads the proposal nor answers it."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    client = _client(contributor)
    assert client.get(_detail(proposal)).status_code == 404
    assert client.post(_answer(proposal, "accept")).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED_BY_NEED


def test_proposal_page_never_shows_an_address(need, need_owner, expert, expert_owner):
    """The page each side reads names no e-mail address of the other side."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    page = _client(expert_owner).get(_detail(proposal)).content.decode()
    assert need_owner.email not in page
    page = _client(need_owner).get(_detail(proposal)).content.decode()
    assert expert_owner.email not in page
    assert expert.email not in page


def test_answers_need_the_csrf_token(need, need_owner, expert, expert_owner):
    """A POST without the CSRF token is refused (403) and the proposal stays as it was."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(expert_owner)
    assert client.post(_answer(proposal, "accept")).status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED_BY_NEED


def test_answers_are_post_only(need, need_owner, expert, expert_owner):
    """A GET on an answer address changes nothing (405)."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    assert _client(expert_owner).get(_answer(proposal, "accept")).status_code == 405


def test_accepting_from_the_page_makes_the_partnership(need, need_owner, expert, expert_owner):
    """The provider's accept button agrees the match; the page shows the partnership."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    client = _client(expert_owner)
    response = client.post(_answer(proposal, "accept"), {"side": "provider"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.AGREED
    page = client.get(_detail(proposal)).content.decode()
    assert proposal.partnership is not None
    assert proposal.partnership.uid in page
    assert "Start: the work has begun" in page


def test_answering_for_the_wrong_side_is_403(need, need_owner, expert):
    """The need's submitter may not accept for the provider: 403, nothing changes."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    response = _client(need_owner).post(_answer(proposal, "accept"), {"side": "provider"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED_BY_NEED


def test_partnership_buttons_take_it_to_a_draft_case_study(need, need_owner, expert, expert_owner):
    """Start, then complete with an outcome: the draft case study carries the outcome."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    proposal_accept(proposal=proposal, actor=expert_owner)
    client = _client(need_owner)

    def step(name: str, data: dict | None = None):
        url = reverse("partnerships:partnership_progress", kwargs={"pk": proposal.pk, "step": name})
        return client.post(url, data or {})

    assert step("start").status_code == 302
    assert step("complete", {"outcome": "Forty rangers trained."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.partnership is not None
    assert proposal.partnership.progress == PartnershipProgress.COMPLETED
    assert CaseStudy.objects.get().results == {"en": "Forty rangers trained."}
    page = client.get(_detail(proposal)).content.decode()
    assert "Draft case study" in page


def test_bad_end_date_is_a_form_error(need, need_owner, expert, expert_owner):
    """A malformed end date is shown on the form (400); the partnership stays active."""
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    proposal_accept(proposal=proposal, actor=expert_owner)
    client = _client(need_owner)
    url = reverse("partnerships:partnership_progress", kwargs={"pk": proposal.pk, "step": "start"})
    client.post(url)
    url = reverse(
        "partnerships:partnership_progress", kwargs={"pk": proposal.pk, "step": "complete"}
    )
    response = client.post(url, {"end_date": "next week"})
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.partnership is not None
    assert proposal.partnership.progress == PartnershipProgress.ACTIVE


def test_inbox_lists_notices_and_marks_them_read(need, need_owner, expert, expert_owner):
    """The provider's inbox shows the proposal; marking it read (POST) records the time."""
    proposal_create(need=need, provider=expert, actor=need_owner)
    client = _client(expert_owner)
    page = client.get(reverse("partnerships:inbox")).content.decode()
    assert "A match was proposed" in page
    assert "1 unread notice." in page
    notice = Notice.objects.get(recipient=expert_owner)
    response = client.post(reverse("partnerships:inbox"), {"notice": notice.pk})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "0 unread notices." in client.get(reverse("partnerships:inbox")).content.decode()


def test_inbox_mark_read_needs_csrf(need, need_owner, expert, expert_owner):
    """Marking read without the CSRF token is refused."""
    proposal_create(need=need, provider=expert, actor=need_owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(expert_owner)
    assert client.post(reverse("partnerships:inbox"), {"all": "on"}).status_code == 403
    assert Notice.objects.get(recipient=expert_owner).read_at is None
