"""The admin as the curators' back office: lists, pages, workflow actions, history, queue."""

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from ayni.accounts.tests.factories import FocalPointFactory
from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.models import Revision
from ayni.core.registry import record_model
from ayni.core.services import revision_record
from ayni.core.tests.records import make_record
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER
from ayni.federation.models import ClearingHouse
from ayni.subscriptions.models import Subscription

pytestmark = pytest.mark.django_db


def _url(record_or_model, action, *args):
    opts = record_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def _run_action(client, record, action, **extra):
    """Post an admin action from the record list, as the action bar does."""
    data = {"action": action, "index": 0, ACTION_CHECKBOX_NAME: [record.pk], **extra}
    return client.post(_url(record, "changelist"), data, follow=True)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _form_data(response):
    """The values of the admin form on a change page, as the browser would post them back."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {"_save": "Save"}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    return data


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.mark.parametrize("record_type", TYPE_ORDER)
def test_curator_opens_list_add_and_change_pages_of_every_record_type(curator_client, record_type):
    """A curator (staff, no Django permissions) opens every record admin by their role."""
    record = make_record(record_type, country="SN", status=RecordStatus.SUBMITTED)
    model = record_model(record_type)

    listing = curator_client.get(_url(model, "changelist"))
    change = curator_client.get(_url(record, "change", record.pk))
    add = curator_client.get(_url(model, "add"))

    assert listing.status_code == 200
    assert record.uid in listing.text
    assert change.status_code == 200
    assert add.status_code == 200


def test_curator_opens_revisions_users_vocabularies_and_subscriptions(curator_client, curator):
    """The history, accounts, vocabularies and subscriptions have admin lists a curator reads."""
    Subscription.objects.create(email="reader@example.org")
    need = make_record("need")
    revision_record(record=need, action=RevisionAction.CREATE, actor=curator)

    for name in ("core_revision", "vocabularies_country", "subscriptions_subscription"):
        response = curator_client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
    assert (
        "reader@example.org"
        in curator_client.get(reverse("admin:subscriptions_subscription_changelist")).text
    )


def test_moderation_queue_lists_submitted_records_oldest_first(curator_client):
    """The queue shows every submitted record of every type, the longest waiting first."""
    newer = make_record("need", status=RecordStatus.SUBMITTED)
    older = make_record("event", status=RecordStatus.SUBMITTED)
    published = make_record("need", status=RecordStatus.PUBLISHED)
    type(older)._default_manager.filter(pk=older.pk).update(
        updated=newer.updated.replace(year=2020)
    )

    response = curator_client.get(reverse("admin:moderation_queue"))

    assert response.status_code == 200
    text = response.text
    assert older.uid in text
    assert newer.uid in text
    assert published.uid not in text
    assert text.index(older.uid) < text.index(newer.uid)
    assert _url(newer, "change", newer.pk) in text


def test_admin_index_links_to_the_moderation_queue(curator_client):
    """The admin's front page has a link to the moderation queue."""
    response = curator_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:moderation_queue") in response.text


def test_moderation_queue_is_for_staff_only(client, contributor):
    """A signed-in person without staff status is sent to the admin login."""
    client.force_login(contributor)

    response = client.get(reverse("admin:moderation_queue"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_publish_action_publishes_a_submitted_record_and_records_it(curator_client, curator):
    """The publish action moves the record to published and adds a revision by the curator."""
    need = make_record("need", status=RecordStatus.SUBMITTED)

    response = _run_action(curator_client, need, "publish_records")

    need.refresh_from_db()
    assert need.status == RecordStatus.PUBLISHED
    revision = Revision.objects.get(record_uid=need.uid, action=RevisionAction.PUBLISH)
    assert revision.actor == curator
    assert any("published" in message for message in _messages(response))


def test_focal_point_of_another_country_gets_a_message_and_the_record_stays(client):
    """Brazil's focal point cannot publish the Senegalese need they wrote: a message, no 500."""
    focal_point = FocalPointFactory(country_id="BR", is_staff=True)
    need = make_record("need", country="SN", status=RecordStatus.SUBMITTED)
    type(need)._default_manager.filter(pk=need.pk).update(submitted_by=focal_point)
    client.force_login(focal_point)

    response = _run_action(client, need, "publish_records")

    assert response.status_code == 200
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED
    assert any(need.uid in message and "curator" in message for message in _messages(response))
    assert not Revision.objects.filter(record_uid=need.uid, action=RevisionAction.PUBLISH)


def test_publishing_an_archived_and_a_rejected_record_reports_each(curator_client):
    """A record the workflow does not allow to move is reported, the others still move."""
    rejected = make_record("need", status=RecordStatus.REJECTED)
    submitted = make_record("need", status=RecordStatus.SUBMITTED)
    data = {
        "action": "publish_records",
        "index": 0,
        ACTION_CHECKBOX_NAME: [rejected.pk, submitted.pk],
    }

    response = curator_client.post(_url(submitted, "changelist"), data, follow=True)

    rejected.refresh_from_db()
    submitted.refresh_from_db()
    assert rejected.status == RecordStatus.REJECTED
    assert submitted.status == RecordStatus.PUBLISHED
    assert any(rejected.uid in message for message in _messages(response))


def test_reject_action_asks_for_a_reason_then_rejects(curator_client):
    """Rejecting shows a page asking why; with the reason the record goes back to its author."""
    need = make_record("need", status=RecordStatus.SUBMITTED)

    ask = _run_action(curator_client, need, "reject_records")
    assert ask.status_code == 200
    assert "reason" in ask.text
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED

    data = {
        "action": "reject_records",
        "apply": "yes",
        ACTION_CHECKBOX_NAME: [need.pk],
        "reason": "Please add the expected results.",
    }
    curator_client.post(_url(need, "changelist"), data, follow=True)

    need.refresh_from_db()
    assert need.status == RecordStatus.REJECTED
    assert need.moderation_note == "Please add the expected results."
    revision = Revision.objects.get(record_uid=need.uid, action=RevisionAction.REJECT)
    assert revision.note == "Please add the expected results."


def test_reject_without_a_reason_changes_nothing(curator_client):
    """An empty reason shows the page again with an error; the record stays submitted."""
    need = make_record("need", status=RecordStatus.SUBMITTED)
    data = {"action": "reject_records", "apply": "yes", ACTION_CHECKBOX_NAME: [need.pk]}

    response = curator_client.post(_url(need, "changelist"), data)

    assert response.status_code == 200
    assert "errorlist" in response.text
    need.refresh_from_db()
    assert need.status == RecordStatus.SUBMITTED


def test_archive_action_archives_a_published_record(curator_client):
    """The archive action withdraws a published record."""
    need = make_record("need", status=RecordStatus.PUBLISHED)

    _run_action(curator_client, need, "archive_records")

    need.refresh_from_db()
    assert need.status == RecordStatus.ARCHIVED


def test_saving_through_the_admin_form_writes_a_revision(curator_client, curator):
    """A change made in the admin form lands in the record's history, with its author."""
    need = make_record("need", status=RecordStatus.SUBMITTED)
    page = curator_client.get(_url(need, "change", need.pk))
    data = _form_data(page)
    data["title"] = '{"fr": "Formation au suivi des mangroves", "en": "Mangrove training"}'

    response = curator_client.post(_url(need, "change", need.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    need.refresh_from_db()
    assert need.title["en"] == "Mangrove training"
    revision = Revision.objects.get(record_uid=need.uid, action=RevisionAction.UPDATE)
    assert revision.actor == curator
    assert revision.data["title"]["en"] == "Mangrove training"


def test_adding_through_the_admin_form_writes_a_creation_revision(curator_client, curator):
    """A record added in the admin starts as a draft of its author, with a creation revision."""
    page = curator_client.get(_url(ClearingHouse, "add"))
    data = _form_data(page)
    data.update(
        {
            "name": "Clearing-house of Senegal",
            "protocol": "oai-pmh",
            "endpoint": "https://chm.example.org/oai",
            "schedule": "weekly",
        }
    )

    response = curator_client.post(_url(ClearingHouse, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    record = ClearingHouse.objects.get(name="Clearing-house of Senegal")
    assert record.status == RecordStatus.DRAFT
    assert record.submitted_by == curator
    assert Revision.objects.filter(record_uid=record.uid, action=RevisionAction.CREATE).exists()


def test_admin_form_refuses_a_language_map_with_a_bad_language(curator_client):
    """A title keyed by something that is not an ISO 639-1 code is refused, nothing saved."""
    need = make_record("need", status=RecordStatus.SUBMITTED)
    page = curator_client.get(_url(need, "change", need.pk))
    data = _form_data(page)
    data["title"] = '{"french": "Formation"}'

    response = curator_client.post(_url(need, "change", need.pk), data)

    assert response.status_code == 200
    assert "ISO 639-1" in str(response.context["adminform"].form.errors["title"])
    assert not Revision.objects.filter(record_uid=need.uid).exists()


def test_search_finds_records_by_the_text_of_their_language_maps(curator_client):
    """Searching the list matches words in any language of a title, accents included."""
    found = make_record("need", title={"fr": "Suivi des mangroves au Sénégal"})
    other = make_record("need", title={"fr": "Gestion des forêts"})

    response = curator_client.get(_url(found, "changelist"), {"q": "sénégal"})

    assert found.uid in response.text
    assert other.uid not in response.text


def test_change_page_shows_the_history_escaped(curator_client, curator):
    """The record's history is shown on its page, and a note cannot inject markup."""
    need = make_record("need", status=RecordStatus.SUBMITTED)
    revision_record(
        record=need, action=RevisionAction.UPDATE, actor=curator, note="<script>alert(1)</script>"
    )

    response = curator_client.get(_url(need, "change", need.pk))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert curator.username in response.text


def test_revisions_cannot_be_added_changed_or_deleted(curator_client, curator):
    """The history is read-only, even for a curator."""
    need = make_record("need")
    revision = revision_record(record=need, action=RevisionAction.CREATE, actor=curator)

    add = curator_client.get(reverse("admin:core_revision_add"))
    view = curator_client.get(reverse("admin:core_revision_change", args=[revision.pk]))
    delete = curator_client.get(reverse("admin:core_revision_delete", args=[revision.pk]))

    assert add.status_code == 403
    assert view.status_code == 200
    assert 'name="_save"' not in view.text
    assert delete.status_code == 403


def test_vocabularies_are_read_only_but_searchable_for_autocomplete(client):
    """A focal point picks a country by name in a record form; nobody edits vocabularies here."""
    focal_point = FocalPointFactory(country_id="SN", is_staff=True)
    client.force_login(focal_point)

    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "senegal", "app_label": "needs", "model_name": "need", "field_name": "country"},
    )
    add = client.get(reverse("admin:vocabularies_country_add"))

    assert found.status_code == 200
    assert "SN" in [result["id"] for result in found.json()["results"]]
    assert add.status_code == 403


def test_focal_point_sees_no_private_email_of_another_countrys_expert(client):
    """An expert's e-mail stays hidden from a focal point who may not edit the expert."""
    focal_point = FocalPointFactory(country_id="SN", is_staff=True)
    expert = make_record("expert", country="BR", status=RecordStatus.PUBLISHED)
    client.force_login(focal_point)

    response = client.get(_url(expert, "change", expert.pk))

    assert response.status_code == 200
    assert expert.email not in response.text


def test_deleting_in_the_admin_keeps_the_record_in_history(curator_client):
    """A record deleted in the admin leaves a deletion revision with its last data."""
    need = make_record("need")
    uid = need.uid

    curator_client.post(_url(need, "delete", need.pk), {"post": "yes"})

    assert not type(need)._default_manager.filter(uid=uid).exists()
    revision = Revision.objects.get(record_uid=uid, action=RevisionAction.DELETE)
    assert revision.data["id"] == uid


def test_user_admin_shows_role_and_country(client, administrator, focal_point_sn):
    """The user page has the Ayni role and the focal point's country."""
    client.force_login(administrator)

    listing = client.get(reverse("admin:accounts_user_changelist"), {"role": "focal-point"})
    page = client.get(reverse("admin:accounts_user_change", args=[focal_point_sn.pk]))

    assert focal_point_sn.username in listing.text
    assert 'name="role"' in page.text
    assert 'name="country"' in page.text
