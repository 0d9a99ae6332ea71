"""A partnership's progress: agreed → active → completed (a draft case study) or cancelled."""

import datetime as dt

import pytest
from django.utils import timezone

from ayni.casestudies.models import CaseStudy
from ayni.core.choices import RecordStatus
from ayni.core.errors import ValidationFailed
from ayni.core.models import Revision
from ayni.needs.choices import NeedProgress, PartnershipProgress
from ayni.partnerships.choices import NoticeVerb
from ayni.partnerships.errors import InvalidProgress, NotAParty
from ayni.partnerships.models import Notice, Proposal
from ayni.partnerships.services import (
    partnership_cancel,
    partnership_complete,
    partnership_start,
    proposal_accept,
    proposal_create,
)
from ayni.partnerships.tests.factories import published_expert, published_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(need, need_owner, expert, expert_owner):
    proposal = proposal_create(need=need, provider=expert, actor=need_owner)
    proposal_accept(proposal=proposal, actor=expert_owner)
    assert proposal.partnership is not None
    return proposal.partnership


def test_start_makes_the_partnership_active_from_today(agreed, need_owner):
    """Starting an agreed partnership makes it active with today's start date and a revision."""
    partnership = partnership_start(partnership=agreed, actor=need_owner)
    agreed.refresh_from_db()
    assert agreed.progress == PartnershipProgress.ACTIVE
    assert agreed.start_date == timezone.localdate()
    assert partnership.progress == PartnershipProgress.ACTIVE
    assert Revision.objects.filter(record_uid=agreed.uid, note="progress: active").exists()


def test_stranger_cannot_move_a_partnership(agreed, contributor, focal_point_br):
    """Neither a stranger nor another country's focal point may start it; nothing changes."""
    for actor in (contributor, focal_point_br):
        with pytest.raises(NotAParty):
            partnership_start(partnership=agreed, actor=actor)
    agreed.refresh_from_db()
    assert agreed.progress == PartnershipProgress.AGREED


def test_an_agreed_partnership_cannot_be_completed(agreed, need_owner):
    """Completion comes after the work: from agreed it is refused, naming both steps."""
    with pytest.raises(InvalidProgress) as raised:
        partnership_complete(partnership=agreed, actor=need_owner)
    assert "Agreed" in raised.value.message
    assert "Completed" in raised.value.message
    assert not CaseStudy.objects.exists()


def test_completion_drafts_the_case_study_and_closes_the_need(need, agreed, expert_owner):
    """Completing makes a draft case study from the need and the partnership."""
    need.subjects.set(["marine-coastal", "monitoring-indicators"])
    need.gbf_targets.set(["GBF-TARGET-02"])
    need.title = {"fr": "Suivi des mangroves par drone", "en": "Mangrove monitoring by drone"}
    need.save()
    partnership_start(partnership=agreed, actor=expert_owner)
    partnership_complete(
        partnership=agreed,
        actor=expert_owner,
        outcome={"en": "Forty rangers trained to fly drones."},
        end_date=timezone.localdate() + dt.timedelta(days=30),
    )
    agreed.refresh_from_db()
    assert agreed.progress == PartnershipProgress.COMPLETED
    case_study = CaseStudy.objects.get()
    assert case_study.status == RecordStatus.DRAFT
    assert case_study.submitted_by == expert_owner
    assert case_study.title == need.title
    assert {c.code for c in case_study.provider_countries.all()} == {"BR"}
    assert {c.code for c in case_study.beneficiary_countries.all()} == {"SN"}
    assert case_study.modality == "bilateral"
    assert {s.pk for s in case_study.subjects.all()} == {"marine-coastal", "monitoring-indicators"}
    assert {t.pk for t in case_study.gbf_targets.all()} == {"GBF-TARGET-02"}
    assert case_study.start_date == agreed.start_date
    assert case_study.end_date == agreed.end_date
    assert case_study.results == {"en": "Forty rangers trained to fly drones."}
    assert Proposal.objects.get().case_study == case_study
    need.refresh_from_db()
    assert need.progress == NeedProgress.CLOSED
    assert Notice.objects.filter(verb=NoticeVerb.COMPLETED, recipient=need.submitted_by).exists()


def test_triangular_case_study_names_organizations_and_funders(need, need_owner):
    """An expert's organization is a partner organization; a funder makes it triangular."""
    organization = published_organization()
    funder = published_organization(organization_type="funder", country_id="NO")
    expert = published_expert(organization=organization, country_id="BR")
    proposal = proposal_create(need=need, provider=expert, actor=need_owner, funder=funder)
    proposal_accept(proposal=proposal, actor=expert.submitted_by)
    partnership = proposal.partnership
    assert partnership is not None
    partnership_start(partnership=partnership, actor=need_owner)
    partnership_complete(partnership=partnership, actor=need_owner)
    case_study = CaseStudy.objects.get()
    assert case_study.modality == "triangular"
    assert list(case_study.organizations.all()) == [organization]
    assert list(case_study.funders.all()) == [funder]
    assert case_study.results == {}


def test_end_before_start_is_refused(agreed, need_owner):
    """An end date before the start is refused with both dates; nothing is completed."""
    partnership_start(partnership=agreed, actor=need_owner)
    with pytest.raises(ValidationFailed) as raised:
        partnership_complete(partnership=agreed, actor=need_owner, end_date=dt.date(2000, 1, 1))
    assert "2000-01-01" in raised.value.message
    agreed.refresh_from_db()
    assert agreed.progress == PartnershipProgress.ACTIVE
    assert not CaseStudy.objects.exists()


def test_cancel_reopens_the_need(need, agreed, expert_owner):
    """A cancelled partnership leaves the need open for other providers."""
    partnership_cancel(partnership=agreed, actor=expert_owner)
    agreed.refresh_from_db()
    assert agreed.progress == PartnershipProgress.CANCELLED
    need.refresh_from_db()
    assert need.progress == NeedProgress.OPEN
    with pytest.raises(InvalidProgress):
        partnership_start(partnership=agreed, actor=expert_owner)


def test_the_cross_tabulation_counts_follow_the_need_back_to_open(need, agreed, need_owner):
    """A cancelled partnership opens the need again, and the stored counts follow at once."""
    from ayni.matching.crosstab import crosstab_table
    from ayni.matching.services import crosstab_counts_rebuild

    need.subjects.set(["marine-coastal"])
    crosstab_counts_rebuild()
    before = crosstab_table(source="counts", parallel=False).cell(need.country_id, "marine-coastal")
    partnership_cancel(partnership=agreed, actor=need_owner)
    counted = crosstab_table(source="counts", parallel=False)
    assert counted == crosstab_table(source="records", parallel=False)
    assert counted.cell(need.country_id, "marine-coastal").needs == before.needs + 1


def test_both_partners_may_complete_the_drafted_case_study_and_strangers_may_not(
    agreed, need_owner, expert_owner, contributor
):
    """The draft belongs to who completed the partnership; the other side edits it too."""
    from ayni.core.exchange import record_to_exchange
    from ayni.core.permissions import can_edit, can_view
    from ayni.core.services import record_update

    partnership_start(partnership=agreed, actor=expert_owner)
    partnership_complete(partnership=agreed, actor=expert_owner, outcome={"en": "Done."})
    case_study = CaseStudy.objects.get()
    assert case_study.submitted_by == expert_owner
    assert can_edit(need_owner, case_study)
    assert not can_view(contributor, case_study)
    assert not can_edit(contributor, case_study)
    data = record_to_exchange(case_study)
    data["lessons"] = {"en": "Start with the rangers' own maps."}
    record_update(record=case_study, data=data, actor=need_owner)
    case_study.refresh_from_db()
    assert case_study.lessons == {"en": "Start with the rangers' own maps."}
