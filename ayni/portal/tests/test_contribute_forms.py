"""Submitting and editing records through the portal's forms: what is stored, and what is not."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.core.registry import record_model
from ayni.needs.tests import factories as needs_factories

pytestmark = pytest.mark.django_db
NeedFactory: Any = needs_factories.NeedFactory  # factories build model instances

#: A valid form per record type (``title__en`` is the English box of the title).
VALID: dict[str, dict[str, Any]] = {
    "need": {"title__en": "Mangrove monitoring by drone", "country": "SN"},
    "offer": {"title__en": "Drone training", "provider_country": "BR"},
    "expert": {"name": "Ana Souza", "country": "BR", "email": "ana@example.org"},
    "organization": {
        "name__en": "Herbarium of Nairobi",
        "country": "KE",
        "organization_type": "research",
    },
    "case-study": {
        "title__en": "Seed banks twinned",
        "provider_countries": ["BR"],
        "beneficiary_countries": ["SN"],
    },
    "resource": {"title__en": "A toolkit", "url": "https://example.org/toolkit"},
    "event": {
        "title__en": "Workshop on mangroves",
        "start": "2027-03-01T09:00",
        "timezone": "Africa/Dakar",
    },
    "country-profile": {"country": "SN", "ssc_policy": "on"},
}

#: Bad input per record type, and the field whose message must be shown next to it.
INVALID: dict[str, tuple[dict[str, Any], str]] = {
    "need": ({"title__en": "Mangroves", "country": "XX"}, "country"),
    "offer": ({"title__en": "Drone training"}, "provider_country"),
    "expert": ({"name": "Ana", "country": "BR", "email": "not-an-address"}, "email"),
    "organization": (
        {"name__en": "", "country": "KE", "organization_type": "research"},
        "name__en",
    ),
    "case-study": (
        {
            "title__en": "Seed banks",
            "provider_countries": ["BR"],
            "beneficiary_countries": ["SN"],
            "start_date": "2024-05-01",
            "end_date": "2023-01-01",
        },
        "end_date",
    ),
    "resource": ({"title__en": "A toolkit", "url": "not a web address"}, "url"),
    "event": ({"title__en": "Workshop", "start": "tomorrow", "timezone": "Africa/Dakar"}, "start"),
    "country-profile": ({"country": "SN", "ssc_policy_url": "ftp://x"}, "ssc_policy_url"),
}


def create_url(record_type: str) -> str:
    with translation.override("en"):
        return reverse("portal:record_create", kwargs={"record_type": record_type})


def edit_url(record_type: str, uid: str) -> str:
    with translation.override("en"):
        return reverse("portal:record_edit", kwargs={"record_type": record_type, "uid": uid})


def count(record_type: str) -> int:
    return record_model(record_type)._default_manager.count()


@pytest.mark.parametrize("record_type", sorted(VALID))
def test_each_form_saves_a_draft_of_its_author(client, focal_point_sn, record_type):
    """A valid form stores a draft owned by the person, through the services."""
    client.force_login(focal_point_sn)
    response = client.post(create_url(record_type), {**VALID[record_type], "action": "save"})
    assert response.status_code == 302
    record = record_model(record_type)._default_manager.get()
    assert record.status == RecordStatus.DRAFT
    assert record.submitted_by == focal_point_sn
    assert response["Location"] == edit_url(record_type, record.uid)


@pytest.mark.parametrize("record_type", sorted(INVALID))
def test_each_form_rejects_bad_input_next_to_the_field_and_stores_nothing(
    client, focal_point_sn, record_type
):
    """Bad input shows the form again with a message at the field, and nothing is stored."""
    client.force_login(focal_point_sn)
    data, field = INVALID[record_type]
    response = client.post(create_url(record_type), {**data, "action": "submit"})
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html  # Django renders the message next to its field
    assert count(record_type) == 0


def test_submit_for_review_sends_the_new_record_to_moderation(client, contributor):
    """'Submit for review' creates the record and submits it at once."""
    client.force_login(contributor)
    response = client.post(create_url("need"), {**VALID["need"], "action": "submit"})
    assert response.status_code == 302
    need: Any = record_model("need")._default_manager.get()
    assert need.status == RecordStatus.SUBMITTED


def test_text_in_two_languages_becomes_one_language_map(client, contributor):
    """A box per chosen language; the texts land as one language map."""
    client.force_login(contributor)
    page = client.get(create_url("need") + "?add=fr")
    assert 'name="title__fr"' in page.content.decode()
    client.post(
        create_url("need"),
        {
            "text_languages": "en,fr",
            "title__en": "Mangroves",
            "title__fr": "Mangroves du Saloum",
            "country": "SN",
            "subjects": ["marine-coastal"],
            "action": "save",
        },
    )
    need: Any = record_model("need")._default_manager.get()
    assert need.title == {"en": "Mangroves", "fr": "Mangroves du Saloum"}
    assert list(need.subjects.values_list("pk", flat=True)) == ["marine-coastal"]


def test_event_time_is_stored_with_the_offset_of_its_time_zone(client, contributor):
    """A local time and a time zone give the moment with its offset."""
    client.force_login(contributor)
    client.post(
        create_url("event"),
        {**VALID["event"], "timezone": "America/Sao_Paulo", "action": "save"},
    )
    event: Any = record_model("event")._default_manager.get()
    assert event.start.isoformat() == "2027-03-01T12:00:00+00:00"


def test_owner_edits_their_draft_and_the_change_is_stored(client, contributor):
    """The edit page shows the draft's values and saves the change."""
    need = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor, title={"en": "Old"})
    client.force_login(contributor)
    page = client.get(edit_url("need", need.uid))
    assert page.status_code == 200
    assert 'value="Old"' in page.content.decode()
    response = client.post(
        edit_url("need", need.uid), {"title__en": "New", "country": "SN", "action": "save"}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == {"en": "New"}


def test_bad_edit_leaves_the_record_as_it_was(client, contributor):
    """An edit with a bad value stores nothing."""
    need = NeedFactory(status=RecordStatus.DRAFT, submitted_by=contributor, title={"en": "Old"})
    client.force_login(contributor)
    response = client.post(
        edit_url("need", need.uid), {"title__en": "New", "country": "", "action": "save"}
    )
    assert response.status_code == 400
    need.refresh_from_db()
    assert need.title == {"en": "Old"}


def test_contributor_cannot_edit_a_submitted_record(client, contributor):
    """Once submitted, the author's record is the moderators' to change: 403."""
    need = NeedFactory(status=RecordStatus.SUBMITTED, submitted_by=contributor)
    client.force_login(contributor)
    assert client.get(edit_url("need", need.uid)).status_code == 403


def test_someone_elses_draft_is_not_found(client, contributor):
    """A draft of another person does not show at all (404)."""
    need = NeedFactory(status=RecordStatus.DRAFT)
    client.force_login(contributor)
    assert client.get(edit_url("need", need.uid)).status_code == 404


def test_contributor_cannot_create_a_country_profile(client, contributor):
    """Country profiles are for focal points and curators: refused, nothing stored."""
    client.force_login(contributor)
    response = client.post(create_url("country-profile"), {**VALID["country-profile"]})
    assert response.status_code == 403
    assert count("country-profile") == 0


def test_visitor_is_sent_to_sign_in(client):
    """Contributing needs an account: a visitor goes to the sign-in page."""
    response = client.get(create_url("need"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_choose_page_lists_the_types_the_person_may_create(client, contributor):
    """The contribute page links to each form the person may use."""
    client.force_login(contributor)
    html = client.get("/en/contribute/").content.decode()
    assert create_url("need") in html
    assert create_url("country-profile") not in html


@pytest.mark.parametrize("record_type", sorted(VALID))
def test_each_form_page_renders_in_french_with_french_text_boxes(client, curator, record_type):
    """Under /fr/ every form opens with French text boxes and French vocabulary names."""
    client.force_login(curator)
    with translation.override("fr"):
        address = reverse("portal:record_create", kwargs={"record_type": record_type})
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].text_languages == ["fr"]
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">Sénégal</option>" in html  # every type has a country field, named in French
