"""Writing records: create, update and the workflow, with the roles of the portal."""

from typing import Any

import pytest
from django.test import override_settings

from ayni.core.choices import RecordStatus
from ayni.core.models import Revision
from ayni.needs.models import Need
from ayni.needs.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db

NEED = {
    "type": "need",
    "country": "SN",
    "title": {"fr": "Formation au suivi des mangroves par drone"},
    "subjects": ["marine-coastal", "monitoring-indicators"],
    "gbf_targets": ["GBF-TARGET-02"],
    "assistance_types": ["training"],
    "languages": ["fr"],
    "partner_scope": "regional",
}


def test_contributor_creates_a_draft_and_submits_it(contributor_api, contributor):
    """A contributor's new need is their draft; submitting sends it to moderation."""
    created = contributor_api.post("/api/v1/needs", NEED)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert body["title"] == NEED["title"]
    assert created["Location"] == f"/api/v1/needs/{body['id']}"
    assert Need.objects.get(uid=body["id"]).submitted_by == contributor

    submitted = contributor_api.post(f"/api/v1/needs/{body['id']}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"


def test_created_record_keeps_the_id_given(contributor_api):
    """An id in the body is kept (namespace:local)."""
    response = contributor_api.post("/api/v1/needs", {**NEED, "id": "sn-dpn:need-7"})
    assert response.status_code == 201
    assert response.json()["id"] == "sn-dpn:need-7"


def test_creating_an_existing_id_is_a_409(contributor_api):
    """The same id twice is a conflict: the record is updated with PUT, never duplicated."""
    NeedFactory(uid="sn-dpn:need-7")
    response = contributor_api.post("/api/v1/needs", {**NEED, "id": "sn-dpn:need-7"})
    assert response.status_code == 409
    assert response.json()["error"]["details"][0]["field"] == "id"
    assert Need.objects.filter(uid="sn-dpn:need-7").count() == 1


def test_focal_point_publishes_a_submitted_need_of_their_country(contributor_api, focal_point_api):
    """The focal point of Senegal publishes a Senegalese need; then visitors read it."""
    uid = contributor_api.post("/api/v1/needs", NEED).json()["id"]
    contributor_api.post(f"/api/v1/needs/{uid}/submit")
    published = focal_point_api.post(f"/api/v1/needs/{uid}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert Revision.objects.filter(record_uid=uid, action="publish").exists()


def test_contributor_cannot_publish(contributor_api):
    """Publishing is for moderators: a contributor gets 403 in the error shape."""
    uid = contributor_api.post("/api/v1/needs", NEED).json()["id"]
    contributor_api.post(f"/api/v1/needs/{uid}/submit")
    response = contributor_api.post(f"/api/v1/needs/{uid}/publish")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "forbidden"
    assert error["message"]
    assert error["details"] == []
    assert Need.objects.get(uid=uid).status == RecordStatus.SUBMITTED


def test_focal_point_rejects_with_a_reason(focal_point_api):
    """A rejection carries the reason; without one it is a 422 naming the field."""
    need: Any = NeedFactory(status=RecordStatus.SUBMITTED, country_id="SN")
    missing = focal_point_api.post(f"/api/v1/needs/{need.uid}/reject", {})
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0]["field"] == "reason"
    rejected = focal_point_api.post(
        f"/api/v1/needs/{need.uid}/reject", {"reason": "Say which sites."}
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    need.refresh_from_db()
    assert need.moderation_note == "Say which sites."


def test_focal_point_archives_a_published_need(focal_point_api, visitor_api):
    """An archived need leaves the public list."""
    need = NeedFactory(status=RecordStatus.PUBLISHED, country_id="SN")
    response = focal_point_api.post(f"/api/v1/needs/{need.uid}/archive")
    assert response.status_code == 200
    assert visitor_api.get("/api/v1/needs").json()["items"] == []


def test_wrong_step_of_the_workflow_is_a_409(focal_point_api):
    """Archiving a draft is not a step of the workflow: 409."""
    need = NeedFactory(status=RecordStatus.DRAFT, country_id="SN")
    response = focal_point_api.post(f"/api/v1/needs/{need.uid}/archive")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_bad_body_is_a_422_naming_the_field(contributor_api):
    """A body against the exchange format answers 422 with the field at fault."""
    response = contributor_api.post("/api/v1/needs", {**NEED, "country": "XX"})
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["field"] for d in details] == ["country"]
    assert Need.objects.count() == 0


def test_missing_required_field_is_a_422_naming_it(contributor_api):
    """A need without a title is refused, saying which field is missing."""
    body = {key: value for key, value in NEED.items() if key != "title"}
    response = contributor_api.post("/api/v1/needs", body)
    assert response.status_code == 422
    assert "title" in [d["field"] for d in response.json()["error"]["details"]]


def test_wrongly_typed_field_is_a_422_naming_it(contributor_api):
    """A language map given as a string is refused by the schema, naming the field."""
    response = contributor_api.post("/api/v1/needs", {**NEED, "title": "Mangroves"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "title"


def test_body_that_is_not_json_is_a_400(contributor_api):
    """Broken JSON is a 400 in the error shape."""
    response = contributor_api.post("/api/v1/needs", "{not json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_author_updates_their_draft(contributor_api):
    """PUT replaces the fields; id and status stay."""
    uid = contributor_api.post("/api/v1/needs", NEED).json()["id"]
    changed = {**NEED, "title": {"fr": "Suivi des mangroves", "en": "Mangrove monitoring"}}
    response = contributor_api.put(f"/api/v1/needs/{uid}", changed)
    assert response.status_code == 200
    assert response.json()["title"]["en"] == "Mangrove monitoring"
    assert response.json()["status"] == "draft"


def test_update_with_another_id_is_a_422(contributor_api):
    """The id of the body must be the id of the address."""
    uid = contributor_api.post("/api/v1/needs", NEED).json()["id"]
    response = contributor_api.put(f"/api/v1/needs/{uid}", {**NEED, "id": "ayni:need-other"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "id"


def test_contributor_cannot_edit_someone_elses_published_record(contributor_api):
    """A published need of someone else is readable but not editable: 403."""
    need = NeedFactory(status=RecordStatus.PUBLISHED)
    response = contributor_api.put(f"/api/v1/needs/{need.uid}", NEED)
    assert response.status_code == 403


def test_anonymous_write_is_a_401(visitor_api):
    """Writing needs a token."""
    response = visitor_api.post("/api/v1/needs", NEED)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_contributor_cannot_create_a_clearing_house(contributor_api):
    """Partner clearing-houses are for curators: 403."""
    body = {"name": "CHM", "protocol": "oai-pmh", "endpoint": "https://chm.example.org/oai"}
    response = contributor_api.post("/api/v1/clearing-houses", body)
    assert response.status_code == 403


@override_settings(AYNI_API_WRITES_PER_WINDOW=2, AYNI_API_WRITE_WINDOW_SECONDS=60)
def test_too_many_writes_are_a_429(contributor_api):
    """Past the limit of writes per window the token gets 429 with Retry-After."""
    assert contributor_api.post("/api/v1/needs", NEED).status_code == 201
    assert contributor_api.post("/api/v1/needs", NEED).status_code == 201
    response = contributor_api.post("/api/v1/needs", NEED)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1
    assert Need.objects.count() == 2


def test_status_in_the_body_does_not_publish(contributor_api):
    """A contributor cannot publish by writing the status: create and update keep the workflow."""
    created = contributor_api.post("/api/v1/needs", {**NEED, "status": "published"})
    assert created.json()["status"] == "draft"
    uid = created.json()["id"]
    updated = contributor_api.put(f"/api/v1/needs/{uid}", {**NEED, "status": "published"})
    assert updated.json()["status"] == "draft"
    assert Need.objects.get(uid=uid).status == RecordStatus.DRAFT


def test_system_fields_in_the_body_are_ignored(contributor_api):
    """source, created and the like are the system's: a client cannot forge provenance."""
    body = {**NEED, "source": "cbd", "source_id": "X1", "created": "2001-01-01T00:00:00+00:00"}
    response = contributor_api.post("/api/v1/needs", body)
    assert response.status_code == 201
    assert "source" not in response.json()
    assert not response.json()["created"].startswith("2001")
