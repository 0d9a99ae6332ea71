"""Writes of the partnership loop: propose a match, answer it, and carry the partnership it
becomes from agreed to active to completed (or cancelled).

Who speaks for each side (``parties.py``): the need side is the need's submitter or a focal
point of the need's country; the provider side is the person who submitted the provider
record (the expert, the organization or the offer, and for an offer also its provider
organization or expert); a curator may act for either side. Every service checks the actor,
writes in one transaction, and tells the other people concerned (a notice on their dashboard
and an e-mail sent once the transaction commits).
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ayni.casestudies.models import CaseStudy
from ayni.core import permissions
from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.errors import ValidationFailed
from ayni.core.exchange import record_to_exchange
from ayni.core.models import Record
from ayni.core.services import record_create, record_submit, revision_record
from ayni.matching.services import crosstab_counts_refresh
from ayni.needs.choices import NeedProgress, PartnershipProgress
from ayni.needs.models import Need, Offer, Partnership
from ayni.partnerships.choices import OPEN_STATES, NoticeVerb, ProposalState, Side
from ayni.partnerships.errors import (
    AlreadyAnswered,
    InvalidProgress,
    InvalidProposal,
    NotAParty,
    ProposalClosed,
    ProposalExists,
    SideRequired,
)
from ayni.partnerships.models import Notice, Proposal
from ayni.partnerships.notifications import notices_send
from ayni.partnerships.parties import (
    answerable_sides,
    is_need_party,
    is_provider_party,
    partnership_sides,
)
from ayni.roster.models import Expert, Organization

MESSAGE_MAX = 4000

#: The steps of a partnership's progress and the steps each may start from.
PROGRESS_STEPS: dict[str, tuple[str, ...]] = {
    PartnershipProgress.ACTIVE: (PartnershipProgress.AGREED,),
    PartnershipProgress.COMPLETED: (PartnershipProgress.ACTIVE,),
    PartnershipProgress.CANCELLED: (PartnershipProgress.AGREED, PartnershipProgress.ACTIVE),
}


# --- proposals --------------------------------------------------------------------------------


def _provider_fields(provider: Record) -> dict[str, Any]:
    if isinstance(provider, Expert):
        return {"provider_expert": provider}
    if isinstance(provider, Organization):
        return {"provider_organization": provider}
    if isinstance(provider, Offer):
        return {"provider_offer": provider}
    raise InvalidProposal(
        _("Only an expert, an organization or an offer can be proposed as a provider.")
    )


def _check_provider(provider: Record, actor: Any) -> None:
    if provider.status != RecordStatus.PUBLISHED:
        raise InvalidProposal(_("Only a published provider can be proposed."))
    if (
        isinstance(provider, Expert)
        and not provider.consent_public
        and not (permissions.can_edit(actor, provider) or permissions.is_owner(actor, provider))
    ):
        raise InvalidProposal(_("This expert cannot be proposed."))
    if isinstance(provider, Offer) and provider.provider is None:
        raise InvalidProposal(
            _(
                "This offer names no provider organization or expert, so no partnership can "
                "be formed with it; propose the organization or expert instead."
            )
        )


@transaction.atomic
def proposal_create(
    *,
    need: Need,
    provider: Record,
    actor: Any,
    funder: Organization | None = None,
    message: str = "",
) -> Proposal:
    """Propose a match between a need and a provider.

    The need's side, the provider's side or a curator may propose. The proposer's own side
    counts as having accepted (a curator proposes for neither side); when the proposer speaks
    for both sides the match is agreed at once.
    """
    if not permissions.is_signed_in(actor):
        raise NotAParty()
    if need.status != RecordStatus.PUBLISHED:
        raise InvalidProposal(_("Only a published need can be matched."))
    if need.progress == NeedProgress.CLOSED:
        raise InvalidProposal(_("This need is closed: it takes no more proposals."))
    fields = _provider_fields(provider)
    _check_provider(provider, actor)
    if funder is not None and (
        not isinstance(funder, Organization) or funder.status != RecordStatus.PUBLISHED
    ):
        raise InvalidProposal(_("The funder must be a published organization."))
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationFailed(
            _("The message is too long (at most %(max)d characters).") % {"max": MESSAGE_MAX}
        )
    proposal = Proposal(
        need=need, provider_uid=provider.uid, funder=funder, message=message, **fields
    )
    need_party = is_need_party(actor, proposal)
    provider_party = is_provider_party(actor, proposal)
    if not (need_party or provider_party or permissions.is_curator(actor)):
        raise NotAParty(
            _(
                "Only the need's submitter, a focal point of its country, the provider's "
                "submitter or a curator can propose this match."
            )
        )
    if Proposal.objects.filter(
        need=need, provider_uid=provider.uid, state__in=OPEN_STATES
    ).exists():
        raise ProposalExists()
    now = timezone.now()
    proposal.proposed_by = actor
    proposal.created = now
    if need_party:
        proposal.need_answered_at = now
    if provider_party:
        proposal.provider_answered_at = now
    proposal.state = _state_of(proposal)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as error:  # a proposal made at the same moment
        raise ProposalExists() from error
    if proposal.state == ProposalState.AGREED:
        _agree(proposal, actor)
        verb = NoticeVerb.AGREED
    else:
        verb = NoticeVerb.PROPOSED
    _need_progress_refresh(need, actor)
    notices_send(proposal=proposal, verb=verb, actor=actor)
    return proposal


def _state_of(proposal: Proposal) -> str:
    if proposal.need_accepted and proposal.provider_accepted:
        return ProposalState.AGREED
    if proposal.need_accepted:
        return ProposalState.ACCEPTED_BY_NEED
    if proposal.provider_accepted:
        return ProposalState.ACCEPTED_BY_PROVIDER
    return ProposalState.PROPOSED


def _locked(proposal: Proposal) -> Proposal:
    fresh = Proposal.objects.select_for_update().get(pk=proposal.pk)
    for name in ("state", "need_answered_at", "provider_answered_at", "closed_at"):
        setattr(proposal, name, getattr(fresh, name))
    proposal.partnership_id = fresh.partnership_id
    return proposal


def _pending(proposal: Proposal) -> set[str]:
    pending: set[str] = set()
    if not proposal.need_accepted:
        pending.add(Side.NEED)
    if not proposal.provider_accepted:
        pending.add(Side.PROVIDER)
    return pending


@transaction.atomic
def proposal_accept(*, proposal: Proposal, actor: Any, side: str | None = None) -> Proposal:
    """Accept a proposal for one side; when both sides have accepted it becomes a partnership.

    ``side`` ("need" or "provider") is needed only when the actor may answer for both sides
    still pending (a curator, or one person on both sides).
    """
    proposal = _locked(proposal)
    sides = answerable_sides(actor, proposal)
    if not sides:
        raise NotAParty()
    if not proposal.is_open:
        raise ProposalClosed()
    if side is not None and side not in Side.values:
        raise ValidationFailed(_("The side must be 'need' or 'provider'."))
    pending = _pending(proposal) & sides
    if side is not None:
        if side not in sides:
            raise NotAParty(_("You cannot answer for this side of the match."))
        if side not in pending:
            raise AlreadyAnswered()
        chosen = side
    elif not pending:
        raise AlreadyAnswered()
    elif len(pending) > 1:
        raise SideRequired()
    else:
        (chosen,) = pending
    now = timezone.now()
    if chosen == Side.NEED:
        proposal.need_answered_at = now
    else:
        proposal.provider_answered_at = now
    proposal.state = _state_of(proposal)
    proposal.save(update_fields=["state", "need_answered_at", "provider_answered_at"])
    if proposal.state == ProposalState.AGREED:
        _agree(proposal, actor)
        _need_progress_refresh(proposal.need, actor)
        notices_send(proposal=proposal, verb=NoticeVerb.AGREED, actor=actor)
    else:
        notices_send(proposal=proposal, verb=NoticeVerb.ACCEPTED, actor=actor)
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, actor: Any) -> Proposal:
    """Decline an open proposal: either side (or a curator) may say no."""
    proposal = _locked(proposal)
    if not answerable_sides(actor, proposal):
        raise NotAParty()
    if not proposal.is_open:
        raise ProposalClosed()
    return _close(proposal, actor, ProposalState.DECLINED, NoticeVerb.DECLINED)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: Any) -> Proposal:
    """Withdraw an open proposal: the person who made it, or a curator."""
    proposal = _locked(proposal)
    proposer = permissions.is_signed_in(actor) and proposal.proposed_by_id == actor.pk
    if not (proposer or permissions.is_curator(actor)):
        raise NotAParty(_("Only the person who made the proposal, or a curator, can withdraw it."))
    if not proposal.is_open:
        raise ProposalClosed()
    return _close(proposal, actor, ProposalState.WITHDRAWN, NoticeVerb.WITHDRAWN)


def _close(proposal: Proposal, actor: Any, state: str, verb: str) -> Proposal:
    proposal.state = state
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["state", "closed_at"])
    _need_progress_refresh(proposal.need, actor)
    notices_send(proposal=proposal, verb=verb, actor=actor)
    return proposal


def _providers_of(proposal: Proposal) -> list[str]:
    provider: Any = proposal.provider
    if isinstance(provider, Offer):
        provider = provider.provider  # checked when proposed
    assert isinstance(provider, Record)
    return [provider.uid]


def _agree(proposal: Proposal, actor: Any) -> None:
    """Both sides accepted: make the partnership record (agreed) through the record services."""
    data: dict[str, Any] = {
        "need": proposal.need.uid,
        "providers": _providers_of(proposal),
        "progress": PartnershipProgress.AGREED,
    }
    if proposal.funder is not None:
        data["funders"] = [proposal.funder.uid]
    partnership = record_create(record_type="partnership", data=data, actor=actor)
    record_submit(record=partnership, actor=actor)
    proposal.partnership = partnership  # type: ignore[assignment]
    proposal.closed_at = timezone.now()
    proposal.save(update_fields=["partnership", "closed_at"])


# --- progress of the need and of the partnership ----------------------------------------------


def _progress_write(record: Need | Partnership, progress: str, actor: Any, **extra: Any) -> None:
    record.progress = progress
    for name, value in extra.items():
        setattr(record, name, value)
    record.updated = timezone.now()
    record.save(update_fields=["progress", "updated", "datestamp", *extra])
    crosstab_counts_refresh(record_type=record.record_type, pks=[record.pk])  # open needs moved
    revision_record(
        record=record, action=RevisionAction.UPDATE, actor=actor, note=f"progress: {progress}"
    )


def _need_progress_refresh(need: Need, actor: Any) -> None:
    """Derive the need's progress from its partnerships and proposals.

    A partnership agreed or active: in partnership; else one completed: closed; else an open
    proposal: matched; else open.
    """
    need.refresh_from_db()
    partnerships = set(need.partnerships.values_list("progress", flat=True))
    if partnerships & {PartnershipProgress.AGREED, PartnershipProgress.ACTIVE}:
        progress = NeedProgress.IN_PARTNERSHIP
    elif PartnershipProgress.COMPLETED in partnerships:
        progress = NeedProgress.CLOSED
    elif need.proposals.filter(state__in=OPEN_STATES).exists():
        progress = NeedProgress.MATCHED
    else:
        progress = NeedProgress.OPEN
    if need.progress != progress:
        _progress_write(need, progress, actor)


def _check_step(partnership: Partnership, actor: Any, to: str) -> None:
    if not partnership_sides(actor, partnership):
        raise NotAParty(
            _("Only the partners, a focal point of the need's country or a curator can do this.")
        )
    if partnership.progress not in PROGRESS_STEPS[to]:
        raise InvalidProgress(
            _("A partnership that is %(current)s cannot become %(target)s.")
            % {
                "current": partnership.get_progress_display(),
                "target": PartnershipProgress(to).label,
            }
        )


def _partnership_locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().select_related("need").get(pk=partnership.pk)


@transaction.atomic
def partnership_start(*, partnership: Partnership, actor: Any) -> Partnership:
    """The work begins: agreed → active (the start date is today unless already set)."""
    partnership = _partnership_locked(partnership)
    _check_step(partnership, actor, PartnershipProgress.ACTIVE)
    extra = {} if partnership.start_date else {"start_date": timezone.localdate()}
    _progress_write(partnership, PartnershipProgress.ACTIVE, actor, **extra)
    _partnership_notices(partnership, NoticeVerb.STARTED, actor)
    return partnership


@transaction.atomic
def partnership_complete(
    *,
    partnership: Partnership,
    actor: Any,
    outcome: dict[str, str] | None = None,
    end_date: dt.date | None = None,
) -> Partnership:
    """The work is done: active → completed, with its outcome; a draft case study is made
    from it for the partners to complete, and the need is closed."""
    partnership = _partnership_locked(partnership)
    _check_step(partnership, actor, PartnershipProgress.COMPLETED)
    end_date = end_date or partnership.end_date or timezone.localdate()
    if partnership.start_date and end_date < partnership.start_date:
        raise ValidationFailed(
            _("The end date (%(end)s) is before the start date (%(start)s).")
            % {"end": end_date.isoformat(), "start": partnership.start_date.isoformat()}
        )
    cleaned = {code: text.strip() for code, text in (outcome or {}).items() if text.strip()}
    extra: dict[str, Any] = {"end_date": end_date}
    if cleaned:
        extra["outcome"] = {**(partnership.outcome or {}), **cleaned}
    _progress_write(partnership, PartnershipProgress.COMPLETED, actor, **extra)
    case_study = case_study_draft_from_partnership(partnership=partnership, actor=actor)
    Proposal.objects.filter(partnership=partnership).update(case_study=case_study)
    _need_progress_refresh(partnership.need, actor)
    _partnership_notices(partnership, NoticeVerb.COMPLETED, actor)
    return partnership


@transaction.atomic
def partnership_cancel(*, partnership: Partnership, actor: Any) -> Partnership:
    """Call the partnership off (agreed or active → cancelled); the need opens again unless
    another partnership or proposal holds it."""
    partnership = _partnership_locked(partnership)
    _check_step(partnership, actor, PartnershipProgress.CANCELLED)
    _progress_write(partnership, PartnershipProgress.CANCELLED, actor)
    _need_progress_refresh(partnership.need, actor)
    _partnership_notices(partnership, NoticeVerb.CANCELLED, actor)
    return partnership


def _partnership_notices(partnership: Partnership, verb: str, actor: Any) -> None:
    proposal = Proposal.objects.filter(partnership=partnership).first()
    if proposal is not None:
        notices_send(proposal=proposal, verb=verb, actor=actor)


def case_study_draft_from_partnership(*, partnership: Partnership, actor: Any) -> CaseStudy:
    """A draft case study from a completed partnership, through the record services.

    Title from the need; provider countries from the providers (organizations, experts);
    beneficiary country: the need's; organizations: the provider organizations, the
    experts' organizations and the requesting institution; funders; the need's subjects and
    targets; the partnership's dates; its outcome as the results. Modality: triangular with
    a funder, else bilateral.
    """
    need = partnership.need
    need_data = record_to_exchange(need)
    organizations = list(partnership.provider_organizations.all())
    experts = list(partnership.provider_experts.select_related("organization"))
    funders = list(partnership.funders.all())
    provider_countries = sorted(
        {org.country_id for org in organizations} | {expert.country_id for expert in experts}
    )
    partner_uids = [org.uid for org in organizations]
    partner_uids += [e.organization.uid for e in experts if e.organization is not None]
    if need.institution_id is not None:
        partner_uids.append(need.institution.uid)  # type: ignore[union-attr]
    data: dict[str, Any] = {
        "title": dict(need.title) or {"en": need.uid},
        "provider_countries": provider_countries or [need.country_id],
        "beneficiary_countries": [need.country_id],
        "modality": "triangular" if funders else "bilateral",
        "organizations": list(dict.fromkeys(partner_uids)),
        "funders": [funder.uid for funder in funders],
        "subjects": need_data.get("subjects", []),
        "gbf_targets": need_data.get("gbf_targets", []),
        "aichi_targets": need_data.get("aichi_targets", []),
    }
    if partnership.start_date:
        data["start_date"] = partnership.start_date.isoformat()
    if partnership.end_date:
        data["end_date"] = partnership.end_date.isoformat()
    if partnership.outcome:
        data["results"] = dict(partnership.outcome)
    created = record_create(record_type="case-study", data=data, actor=actor)
    assert isinstance(created, CaseStudy)
    return created


# --- notices ----------------------------------------------------------------------------------


def notices_mark_read(*, actor: Any, notice_ids: list[int] | None = None) -> int:
    """Mark the actor's notices read (the ones named, or all); returns how many changed.

    Another person's notices are never touched, whatever ids are given.
    """
    if not permissions.is_signed_in(actor):
        raise NotAParty(_("Sign in to read your notices."))
    notices = Notice.objects.filter(recipient=actor, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())
