"""Submitters are told by e-mail (a real SMTP server on loopback) what became of their record."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.core.services import record_publish, record_reject
from ayni.core.tests.records import make_record

pytestmark = pytest.mark.django_db


def test_submitter_is_told_when_record_is_published(
    smtp_server, curator, contributor, django_capture_on_commit_callbacks
):
    """Publishing a contributor's record sends them one message naming the record."""
    need = make_record("need", status=RecordStatus.SUBMITTED, submitted_by=contributor)
    with django_capture_on_commit_callbacks(execute=True):
        record_publish(record=need, actor=curator)
    (sent,) = smtp_server.messages
    assert sent["to"] == [contributor.email]
    assert "Published" in sent["message"]["Subject"]
    body = sent["message"].get_content()
    assert need.uid in body
    assert curator.email not in sent["message"].as_string()


def test_submitter_is_told_the_reason_of_a_rejection(
    smtp_server, focal_point_sn, contributor, django_capture_on_commit_callbacks
):
    """A rejection e-mail carries the moderator's reason."""
    need = make_record("need", status=RecordStatus.SUBMITTED, submitted_by=contributor)
    with django_capture_on_commit_callbacks(execute=True):
        record_reject(record=need, actor=focal_point_sn, reason="Please name the institution.")
    (sent,) = smtp_server.messages
    assert "Not published" in sent["message"]["Subject"]
    assert "Please name the institution." in sent["message"].get_content()
    assert focal_point_sn.email not in sent["message"].as_string()


def test_no_mail_for_records_without_submitter(
    smtp_server, curator, django_capture_on_commit_callbacks
):
    """An imported record has no submitter: publishing it sends nothing."""
    need = make_record("need", status=RecordStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        record_publish(record=need, actor=curator)
    assert smtp_server.messages == []


def test_refused_step_sends_nothing(smtp_server, contributor, django_capture_on_commit_callbacks):
    """A contributor's refused publish changes nothing and tells nobody."""
    need = make_record("need", status=RecordStatus.SUBMITTED, submitted_by=contributor)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        record_publish(record=need, actor=contributor)
    assert smtp_server.messages == []
