"""Reads of the partnership loop: proposals and partnerships as their parties see them, the
providers a need could be matched with, and a person's notices."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ayni.core import permissions
from ayni.core.choices import RecordStatus
from ayni.core.registry import record_model
from ayni.matching.selectors import ProviderMatch, need_match_lists
from ayni.needs.models import Need
from ayni.partnerships.models import Notice, Proposal
from ayni.partnerships.parties import answerable_sides, can_view_proposal, partnership_sides

#: The kinds of provider a match can be proposed with (a case study is evidence, not a party).
PROPOSABLE_KINDS = ("expert", "organization", "offer")


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "need",
        "need__submitted_by",
        "provider_expert",
        "provider_organization",
        "provider_offer__provider_organization",
        "provider_offer__provider_expert",
        "funder",
        "partnership",
        "case_study",
    )


def proposal_get(*, pk: int, actor: Any) -> Proposal | None:
    """A proposal the actor may see (either side, the proposer, a curator), else None."""
    proposal = _proposals().filter(pk=pk).first()
    if proposal is None or not can_view_proposal(actor, proposal):
        return None
    return proposal


def proposal_list_for_need(*, need: Need, actor: Any) -> list[Proposal]:
    """The proposals of a need that the actor may see, newest first."""
    return [p for p in _proposals().filter(need=need) if can_view_proposal(actor, p)]


@dataclass(frozen=True)
class ProposalActions:
    """What the actor may do with a proposal and its partnership, for the page's buttons."""

    accept_sides: list[str]
    decline: bool
    withdraw: bool
    start: bool
    complete: bool
    cancel: bool


def proposal_actions(*, proposal: Proposal, actor: Any) -> ProposalActions:
    sides = answerable_sides(actor, proposal) if permissions.is_signed_in(actor) else set()
    is_open = proposal.is_open
    pending = [
        side
        for side, accepted in (
            ("need", proposal.need_accepted),
            ("provider", proposal.provider_accepted),
        )
        if not accepted and side in sides
    ]
    proposer = permissions.is_signed_in(actor) and proposal.proposed_by_id == actor.pk
    partnership = proposal.partnership
    acts = partnership is not None and bool(partnership_sides(actor, partnership))
    progress = partnership.progress if partnership is not None else ""
    return ProposalActions(
        accept_sides=pending if is_open else [],
        decline=is_open and bool(sides),
        withdraw=is_open and (proposer or permissions.is_curator(actor)),
        start=acts and progress == "agreed",
        complete=acts and progress == "active",
        cancel=acts and progress in ("agreed", "active"),
    )


def need_get_for_proposal(*, uid: str, actor: Any) -> Need | None:
    """A need the actor may read, by its exchange id."""
    need = Need.objects.select_related("submitted_by").filter(uid=uid).first()
    if need is None or not permissions.can_view(actor, need):
        return None
    return need


@dataclass(frozen=True)
class ProposalCandidates:
    """The providers and funders one may propose for a need, best first."""

    providers: list[ProviderMatch]
    funders: list[ProviderMatch]


def proposal_candidates(
    *, need: Need, actor: Any, language: str | None = "en", limit: int = 20
) -> ProposalCandidates:
    """The need's matches that can be proposed (experts, organizations, offers), and the
    funders and triangular partners that could co-finance, as the matching ranks them."""
    lists = need_match_lists(
        need=need, actor=actor, limit=limit, kind=PROPOSABLE_KINDS, language=language, side_limit=5
    )
    funders = [m for m in [*lists.funders, *lists.triangular_partners] if m.type == "organization"]
    return ProposalCandidates(providers=lists.matches, funders=funders)


def provider_get(*, uid: str, actor: Any) -> Any:
    """A published provider record (expert, organization, offer) by its exchange id."""
    for kind in PROPOSABLE_KINDS:
        found = record_model(kind)._default_manager.filter(uid=uid).first()
        if found is not None:
            return found if found.status == RecordStatus.PUBLISHED else None
    return None


def notice_list(*, actor: Any, limit: int = 100) -> list[Notice]:
    """The actor's notices, newest first."""
    if not permissions.is_signed_in(actor):
        return []
    return list(Notice.objects.filter(recipient=actor).select_related("proposal")[:limit])


def notice_unread_count(*, actor: Any) -> int:
    if not permissions.is_signed_in(actor):
        return 0
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).count()
