"""The publication workflow and who may move a record through it (every role × action)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from ayni.core.models import Revision
from ayni.core.services import (
    record_archive,
    record_create,
    record_publish,
    record_reject,
    record_submit,
    record_update,
)
from ayni.core.tests.records import COUNTRY_TYPES, make_record
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER
from ayni.needs.models import Need
from ayni.roster.services import expert_endorse

pytestmark = pytest.mark.django_db

ACTIONS = {
    "submit": (RecordStatus.DRAFT, lambda record, actor: record_submit(record=record, actor=actor)),
    "publish": (
        RecordStatus.SUBMITTED,
        lambda record, actor: record_publish(record=record, actor=actor),
    ),
    "reject": (
        RecordStatus.SUBMITTED,
        lambda record, actor: record_reject(record=record, actor=actor, reason="No results yet."),
    ),
    "archive": (
        RecordStatus.PUBLISHED,
        lambda record, actor: record_archive(record=record, actor=actor),
    ),
}
EXPECTED_STATUS = {
    "submit": RecordStatus.SUBMITTED,
    "publish": RecordStatus.PUBLISHED,
    "reject": RecordStatus.REJECTED,
    "archive": RecordStatus.ARCHIVED,
}
# role → actions it may take on a Senegalese record it did not write.
ALLOWED = {
    "visitor": set(),
    "contributor": set(),
    "focal_point_sn": {"submit", "publish", "reject", "archive"},
    "focal_point_br": set(),
    "curator": {"submit", "publish", "reject", "archive"},
    "administrator": {"submit", "publish", "reject", "archive"},
}


def _actor(request, role):
    if role == "visitor":
        return AnonymousUser()
    return request.getfixturevalue(role)


@pytest.mark.parametrize("record_type", TYPE_ORDER)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_may_take_only_its_actions(request, role, action, record_type):
    """Every role × action × record type: allowed ones move the record, others are refused."""
    start, perform = ACTIONS[action]
    record = make_record(record_type, country="SN", status=start)
    actor = _actor(request, role)
    allowed = action in ALLOWED[role]
    if record_type == "clearing-house" and role == "focal_point_sn":
        allowed = False  # partner clearing-houses are the curators' business
    if allowed:
        perform(record, actor)
        record.refresh_from_db()
        assert record.status == EXPECTED_STATUS[action]
    else:
        with pytest.raises(PermissionDenied):
            perform(record, actor)
        record.refresh_from_db()
        assert record.status == start


@pytest.mark.parametrize("record_type", COUNTRY_TYPES)
def test_focal_point_cannot_publish_other_country(focal_point_br, record_type):
    """Brazil's focal point cannot publish a Senegalese record of any type."""
    record = make_record(record_type, country="SN", status=RecordStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        record_publish(record=record, actor=focal_point_br)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED


@pytest.mark.parametrize("record_type", COUNTRY_TYPES)
def test_focal_point_publishes_own_country(focal_point_br, record_type):
    """Brazil's focal point publishes a Brazilian record of any type."""
    record = make_record(record_type, country="BR", status=RecordStatus.SUBMITTED)
    record_publish(record=record, actor=focal_point_br)
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED


@pytest.mark.parametrize("record_type", TYPE_ORDER)
def test_contributor_cannot_publish_own_record(contributor, record_type):
    """A contributor cannot publish at all, not even what they wrote."""
    record = make_record(record_type, status=RecordStatus.SUBMITTED, submitted_by=contributor)
    with pytest.raises(PermissionDenied):
        record_publish(record=record, actor=contributor)


def test_author_submits_own_draft(contributor):
    """A contributor sends their own draft to moderation."""
    record = make_record("need", status=RecordStatus.DRAFT, submitted_by=contributor)
    record_submit(record=record, actor=contributor)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED


def test_author_resubmits_rejected_record(contributor):
    """A rejected record, revised, can be submitted again by its author."""
    record = make_record("need", status=RecordStatus.REJECTED, submitted_by=contributor)
    record_submit(record=record, actor=contributor)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED


def test_reject_keeps_reason_for_author(curator):
    """The reason of a rejection is stored for the author to read."""
    record = make_record("need", status=RecordStatus.SUBMITTED)
    record_reject(record=record, actor=curator, reason="Please name the institution.")
    record.refresh_from_db()
    assert record.status == RecordStatus.REJECTED
    assert record.moderation_note == "Please name the institution."


def test_reject_without_reason_is_refused(curator):
    """A rejection must say why; without a reason nothing changes."""
    record = make_record("need", status=RecordStatus.SUBMITTED)
    with pytest.raises(ValidationFailed):
        record_reject(record=record, actor=curator, reason="  ")
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED


def test_archiving_a_draft_is_an_invalid_transition(curator):
    """Only a published record can be archived."""
    record = make_record("need", status=RecordStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        record_archive(record=record, actor=curator)


def test_each_step_is_written_to_history(curator):
    """Publishing writes a revision with the actor and the full record."""
    record = make_record("need", status=RecordStatus.SUBMITTED)
    record_publish(record=record, actor=curator)
    revision = Revision.objects.get(record_uid=record.uid, action=RevisionAction.PUBLISH)
    assert revision.actor == curator
    assert revision.data["status"] == "published"
    assert revision.data["country"] == "SN"


def test_focal_point_endorses_expert_of_own_country(focal_point_sn):
    """Senegal's focal point endorses a Senegalese expert."""
    expert = make_record("expert", country="SN")
    expert_endorse(expert=expert, actor=focal_point_sn)
    expert.refresh_from_db()
    assert expert.endorsed_by == focal_point_sn
    assert expert.last_verified is not None


def test_focal_point_cannot_endorse_expert_of_other_country(focal_point_br):
    """Brazil's focal point cannot endorse a Senegalese expert."""
    expert = make_record("expert", country="SN")
    with pytest.raises(PermissionDenied):
        expert_endorse(expert=expert, actor=focal_point_br)
    expert.refresh_from_db()
    assert expert.endorsed_by is None


def test_contributor_cannot_endorse_expert(contributor):
    """Endorsement is for focal points and curators only."""
    expert = make_record("expert", country="SN")
    with pytest.raises(PermissionDenied):
        expert_endorse(expert=expert, actor=contributor)


def test_focal_point_edits_record_of_own_country(focal_point_sn):
    """Senegal's focal point edits a Senegalese need through the update service."""
    need = make_record("need", country="SN")
    record_update(
        record=need,
        data={"country": "SN", "title": {"fr": "Suivi des mangroves"}},
        actor=focal_point_sn,
    )
    need.refresh_from_db()
    assert need.title == {"fr": "Suivi des mangroves"}


def test_focal_point_cannot_move_record_to_other_country(focal_point_sn):
    """Changing a record's country to one outside the focal point's scope is refused, unsaved."""
    need = make_record("need", country="SN")
    with pytest.raises(PermissionDenied):
        record_update(
            record=need, data={"country": "BR", "title": {"fr": "Autre"}}, actor=focal_point_sn
        )
    need.refresh_from_db()
    assert need.country_id == "SN"
    assert not Revision.objects.filter(record_uid=need.uid, action=RevisionAction.UPDATE).exists()


def test_contributor_creates_draft_of_own(contributor):
    """A contributor's new record is a draft they own, with a local id and a revision."""
    need = record_create(
        record_type="need",
        data={"country": "SN", "title": {"fr": "Banque de semences"}, "status": "published"},
        actor=contributor,
    )
    assert need.status == RecordStatus.DRAFT
    assert need.submitted_by == contributor
    assert need.uid.startswith("ayni:need-")
    assert Revision.objects.filter(record_uid=need.uid, action=RevisionAction.CREATE).exists()


def test_visitor_cannot_create(db):
    """Someone not signed in cannot create records."""
    with pytest.raises(PermissionDenied):
        record_create(
            record_type="need",
            data={"country": "SN", "title": {"fr": "Banque de semences"}},
            actor=AnonymousUser(),
        )


def test_create_with_bad_data_names_the_field(contributor):
    """Bad data gives a ValidationFailed naming the field, and nothing is stored."""
    with pytest.raises(ValidationFailed, match="field 'subjects': unknown code 'mangroves'"):
        record_create(
            record_type="need",
            data={"country": "SN", "title": {"fr": "X"}, "subjects": ["mangroves"]},
            actor=contributor,
        )
    assert Need.objects.count() == 0
