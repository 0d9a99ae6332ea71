"""Who speaks for each side of a match (the rule of ``docs/roles.md``, "The partnership loop").

- The need side: the need's submitter, and the focal points of the need's country.
- The provider side: the person who submitted the provider record (the expert, the
  organization or the offer; for an offer, also whoever submitted its provider organization
  or expert).
- A curator may act for either side.

The people of a side are also the people told of what happens to the match.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from ayni.accounts.choices import Role
from ayni.core import permissions
from ayni.core.models import Record
from ayni.needs.models import Need, Offer, Partnership
from ayni.partnerships.choices import Side
from ayni.partnerships.models import Proposal


def provider_records(proposal: Proposal) -> list[Record]:
    """The provider record and, for an offer, the organization or expert behind it."""
    provider = proposal.provider
    records: list[Record] = [provider]  # type: ignore[list-item]
    if isinstance(provider, Offer) and provider.provider is not None:
        records.append(provider.provider)  # type: ignore[arg-type]
    return records


def is_need_party(actor: Any, proposal: Proposal) -> bool:
    """The need's submitter or a focal point of the need's country (not counting curators)."""
    return _speaks_for_need(actor, proposal.need)


def _speaks_for_need(actor: Any, need: Need) -> bool:
    return permissions.is_owner(actor, need) or permissions.is_focal_point_for(actor, need)


def is_provider_party(actor: Any, proposal: Proposal) -> bool:
    """The submitter of the provider record (not counting curators)."""
    return any(permissions.is_owner(actor, record) for record in provider_records(proposal))


def answerable_sides(actor: Any, proposal: Proposal) -> set[str]:
    """The sides the actor may answer for: their own, or both for a curator."""
    if permissions.is_curator(actor):
        return {Side.NEED, Side.PROVIDER}
    sides: set[str] = set()
    if is_need_party(actor, proposal):
        sides.add(Side.NEED)
    if is_provider_party(actor, proposal):
        sides.add(Side.PROVIDER)
    return sides


def can_view_proposal(actor: Any, proposal: Proposal) -> bool:
    """The two sides, the proposer and curators."""
    if not permissions.is_signed_in(actor):
        return False
    return bool(answerable_sides(actor, proposal)) or proposal.proposed_by_id == actor.pk


def _partnership_provider_records(partnership: Partnership) -> list[Record]:
    records: list[Record] = [
        *partnership.provider_organizations.all(),
        *partnership.provider_experts.all(),
    ]
    proposal = Proposal.objects.filter(partnership=partnership).first()
    if proposal is not None:
        records.extend(provider_records(proposal))
    return records


def partnership_sides(actor: Any, partnership: Partnership) -> set[str]:
    """The sides of a partnership the actor may act for (both for a curator)."""
    if permissions.is_curator(actor):
        return {Side.NEED, Side.PROVIDER}
    if not permissions.is_signed_in(actor):
        return set()
    sides: set[str] = set()
    if _speaks_for_need(actor, partnership.need) or permissions.is_owner(actor, partnership):
        sides.add(Side.NEED)
    if any(permissions.is_owner(actor, r) for r in _partnership_provider_records(partnership)):
        sides.add(Side.PROVIDER)
    return sides


def party_users(proposal: Proposal) -> list[Any]:
    """Everyone concerned by a proposal: both sides' people and the proposer (active only)."""
    need = proposal.need
    ids = {need.submitted_by_id, proposal.proposed_by_id}
    ids |= {record.submitted_by_id for record in provider_records(proposal)}
    ids.discard(None)
    user_model = get_user_model()
    return list(
        user_model._default_manager.filter(
            Q(pk__in=ids) | Q(role=Role.FOCAL_POINT, country_id=need.country_id),
            is_active=True,
        ).order_by("pk")
    )


def is_case_study_partner(actor: Any, record: Record) -> bool:
    """A party of the partnership whose completion drafted this case study (either side)."""
    if record.record_type != "case-study":
        return False
    proposals = Proposal.objects.filter(case_study=record.pk, partnership__isnull=False)
    return any(
        proposal.partnership is not None and partnership_sides(actor, proposal.partnership)
        for proposal in proposals.select_related("partnership__need")
    )
