"""The dashboard, the moderation queue and its actions, and merging duplicates."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ayni.casestudies.tests import factories as casestudies_factories
from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.core.models import Revision
from ayni.needs.tests import factories as needs_factories
from ayni.portal.services import record_merge
from ayni.roster.tests import factories as roster_factories

pytestmark = pytest.mark.django_db
CaseStudyFactory: Any = casestudies_factories.CaseStudyFactory  # factories build model instances
NeedFactory: Any = needs_factories.NeedFactory  # factories build model instances
ExpertFactory: Any = roster_factories.ExpertFactory  # factories build model instances
OrganizationFactory: Any = roster_factories.OrganizationFactory  # factories build model instances


def url(name: str, **kwargs: str) -> str:
    with translation.override("en"):
        return reverse(f"portal:{name}", kwargs=kwargs)


def test_focal_point_dashboard_shows_their_country_by_status(client, focal_point_sn):
    """Senegal's focal point sees Senegal's submitted records and drafts, not Brazil's."""
    waiting = NeedFactory(status=RecordStatus.SUBMITTED, country_id="SN", title={"en": "Waiting"})
    NeedFactory(status=RecordStatus.DRAFT, country_id="SN", title={"en": "A draft"})
    NeedFactory(status=RecordStatus.SUBMITTED, country_id="BR", title={"en": "Brazilian"})
    client.force_login(focal_point_sn)
    response = client.get(url("dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    submitted = {status: records for _label, status, records in response.context["groups"]}
    assert [record.uid for record in submitted["submitted"]] == [waiting.uid]
    assert "A draft" in html
    assert "Brazilian" not in html
    publish = url("record_moderate", record_type="need", uid=waiting.uid, action="publish")
    assert f'action="{publish}"' in html


def test_contributor_dashboard_lists_their_records_and_status(client, contributor):
    """A contributor sees their own records with their status, and a case study's score."""
    CaseStudyFactory(status=RecordStatus.REJECTED, submitted_by=contributor)
    client.force_login(contributor)
    response = client.get(url("dashboard"))
    html = response.content.decode()
    assert "Rejected" in html
    assert "/ 100" in html
    assert "groups" not in response.context
    assert url("moderation_queue") not in html


def test_curator_dashboard_links_to_the_moderation_queue(client, curator):
    """A curator's dashboard leads to the queue."""
    client.force_login(curator)
    assert url("moderation_queue") in client.get(url("dashboard")).content.decode()


def test_focal_point_publishes_a_record_of_their_country(client, focal_point_sn):
    """The publish button goes through the service: the need is published."""
    need = NeedFactory(status=RecordStatus.SUBMITTED, country_id="SN")
    client.force_login(focal_point_sn)
    response = client.post(
        url("record_moderate", record_type="need", uid=need.uid, action="publish")
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == RecordStatus.PUBLISHED


def test_focal_point_cannot_publish_another_country(client, focal_point_sn):
    """Brazil's record is not Senegal's focal point's to publish: 404, unchanged."""
    need = NeedFactory(status=RecordStatus.SUBMITTED, country_id="BR")
    client.force_login(focal_point_sn)
    response = client.post(
        url("record_moderate", record_type="need", uid=need.uid, action="publish")
    )
    assert response.status_code == 404  # they cannot even see it
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED


def test_owner_cannot_publish_their_own_record(client, contributor):
    """An author sees their record but may not publish it: 403."""
    need = NeedFactory(status=RecordStatus.SUBMITTED, submitted_by=contributor)
    client.force_login(contributor)
    response = client.post(
        url("record_moderate", record_type="need", uid=need.uid, action="publish")
    )
    assert response.status_code == 403
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED


def test_focal_point_endorses_an_expert_of_their_country(client, focal_point_br):
    """The endorse button records who vouched for the expert."""
    expert = ExpertFactory(status=RecordStatus.SUBMITTED, country_id="BR")
    client.force_login(focal_point_br)
    client.post(url("record_moderate", record_type="expert", uid=expert.uid, action="endorse"))
    expert.refresh_from_db()
    assert expert.endorsed_by == focal_point_br


def test_reject_needs_a_reason(client, curator, contributor):
    """No reason: the form says so next to the field and nothing changes; with one, rejected."""
    need = NeedFactory(status=RecordStatus.SUBMITTED, submitted_by=contributor)
    client.force_login(curator)
    reject = url("record_reject", record_type="need", uid=need.uid)
    response = client.post(reject, {"reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED
    response = client.post(reject, {"reason": "Name the partner institution."})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == RecordStatus.REJECTED
    assert need.moderation_note == "Name the partner institution."


def test_reject_email_reaches_the_submitter(
    client, curator, contributor, django_capture_on_commit_callbacks, settings
):
    """The rejection reason is e-mailed to the submitter (existing notifications)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    need = NeedFactory(status=RecordStatus.SUBMITTED, submitted_by=contributor)
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("record_reject", record_type="need", uid=need.uid),
            {"reason": "Name the partner institution."},
        )
    assert [message.to for message in mail.outbox] == [[contributor.email]]
    assert "Name the partner institution." in mail.outbox[0].body


def test_moderation_queue_lists_submitted_records_for_curators(client, curator):
    """The queue shows every submitted record, not the drafts."""
    NeedFactory(status=RecordStatus.SUBMITTED, title={"en": "Waiting need"})
    CaseStudyFactory(status=RecordStatus.SUBMITTED, title={"en": "Waiting study"})
    NeedFactory(status=RecordStatus.DRAFT, title={"en": "Draft need"})
    client.force_login(curator)
    response = client.get(url("moderation_queue"))
    html = response.content.decode()
    assert response.context["count"] == 2
    assert "Waiting need" in html
    assert "Waiting study" in html
    assert "Draft need" not in html


def test_contributor_gets_403_on_the_moderation_queue_and_merge(client, contributor):
    """Moderation is for curators: a contributor is refused."""
    client.force_login(contributor)
    assert client.get(url("moderation_queue")).status_code == 403
    assert client.post(url("record_merge"), {"keep": "a:b", "duplicate": "a:c"}).status_code == 403


def test_merge_archives_the_duplicate_and_repoints_references(client, curator):
    """The duplicate is archived with a note; an expert's organization now is the kept one."""
    keep = OrganizationFactory()
    duplicate = OrganizationFactory()
    expert = ExpertFactory(organization=duplicate)
    client.force_login(curator)
    response = client.post(url("record_merge"), {"keep": keep.uid, "duplicate": duplicate.uid})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    expert.refresh_from_db()
    assert duplicate.status == RecordStatus.ARCHIVED
    assert keep.uid in duplicate.moderation_note
    assert expert.organization == keep
    assert Revision.objects.filter(record_uid=expert.uid, action="update").exists()


def test_merge_repoints_many_to_many_references(curator):
    """A case study's partner organizations name the kept record instead of the duplicate."""
    keep = OrganizationFactory()
    duplicate = OrganizationFactory()
    study = CaseStudyFactory()
    study.organizations.set([duplicate])
    moved = record_merge(keep=keep, duplicate=duplicate, actor=curator)
    assert moved == [study.uid]
    assert list(study.organizations.all()) == [keep]


def test_merge_refuses_records_of_different_types_and_unknown_ids(client, curator):
    """Bad merge input says what is wrong, next to the field, and changes nothing."""
    organization = OrganizationFactory()
    need = NeedFactory()
    client.force_login(curator)
    response = client.post(url("record_merge"), {"keep": organization.uid, "duplicate": need.uid})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    response = client.post(url("record_merge"), {"keep": "nope:1", "duplicate": need.uid})
    assert response.context["form"].errors["keep"]
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED


def test_merge_service_refuses_a_focal_point(focal_point_sn):
    """Merging is a curator's step, whatever the country."""
    with pytest.raises(PermissionDenied):
        record_merge(
            keep=OrganizationFactory(), duplicate=OrganizationFactory(), actor=focal_point_sn
        )
