"""What the provider shows: published records only, sets, date windows, deletions, privacy."""

import datetime as dt

import pytest

from ayni.core.choices import RecordStatus, RevisionAction
from ayni.core.services import revision_record
from ayni.core.tests.records import make_record
from ayni.federation.tests.oai.helpers import NS, error_codes, identifiers, oai, validate

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def listed(client, **params):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni", **params)
    return [i.removeprefix("oai:ayni:") for i in identifiers(root)]


def stamp(record, when):
    """Set a record's datestamp (update() leaves auto_now alone)."""
    type(record).objects.filter(pk=record.pk).update(datestamp=when)


def test_unpublished_records_are_absent(client):
    """Drafts, submissions and rejected records never appear."""
    published = make_record("need", status=RecordStatus.PUBLISHED)
    for status in (RecordStatus.DRAFT, RecordStatus.SUBMITTED, RecordStatus.REJECTED):
        make_record("need", status=status)
    assert listed(client) == [published.uid]


def test_experts_without_consent_are_absent(client):
    """A published expert appears only with consent to be listed."""
    listed_expert = make_record("expert", consent_public=True)
    make_record("expert", consent_public=False)
    assert listed(client) == [listed_expert.uid]


def test_private_fields_never_appear(client):
    """An expert's e-mail and a moderation note appear in no format."""
    expert = make_record("expert", consent_public=True, email="secret@example.org")
    type(expert).objects.filter(pk=expert.pk).update(moderation_note="private note")
    for prefix in ("ayni", "oai_dc"):
        response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": prefix})
        content = b"".join(response.streaming_content)
        validate(content)
        assert expert.uid.encode() in content
        assert b"secret@example.org" not in content
        assert b"private note" not in content
        assert b"email" not in content


def test_type_set_selects_one_record_type(client):
    """set=type:need gives needs only; set=type gives everything."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    event = make_record("event", status=RecordStatus.PUBLISHED)
    assert listed(client, set="type:need") == [need.uid]
    assert sorted(listed(client, set="type")) == sorted([need.uid, event.uid])


def test_subject_set_selects_by_subject(client):
    """set=subject:marine-coastal gives the records of that subject."""
    marine = make_record("resource", status=RecordStatus.PUBLISHED)
    marine.subjects.set(["marine-coastal", "forest"])
    forest = make_record("need", status=RecordStatus.PUBLISHED)
    forest.subjects.set(["forest"])
    make_record("country-profile", status=RecordStatus.PUBLISHED)
    assert listed(client, set="subject:marine-coastal") == [marine.uid]
    assert sorted(listed(client, set="subject:forest")) == sorted([marine.uid, forest.uid])


def test_country_set_selects_by_any_country_of_the_record(client):
    """set=country:SN gives records of Senegal, whichever field holds the country."""
    senegal = [
        make_record(t, country="SN", status=RecordStatus.PUBLISHED).uid
        for t in ("need", "case-study", "resource", "partnership")
    ]
    make_record("need", country="BR", status=RecordStatus.PUBLISHED)
    assert sorted(listed(client, set="country:SN")) == sorted(senegal)


def test_region_set_selects_by_m49_area_of_the_country(client):
    """set=region:011 (Western Africa) gives Senegal's records, region:002 (Africa) too."""
    senegal = make_record("need", country="SN", status=RecordStatus.PUBLISHED)
    brazil = make_record("need", country="BR", status=RecordStatus.PUBLISHED)
    assert listed(client, set="region:011") == [senegal.uid]
    assert listed(client, set="region:002") == [senegal.uid]
    assert listed(client, set="region:419") == [brazil.uid]


def test_from_and_until_at_seconds_granularity(client):
    """from and until are inclusive, to the second."""
    early = make_record("need", status=RecordStatus.PUBLISHED)
    late = make_record("need", status=RecordStatus.PUBLISHED)
    stamp(early, dt.datetime(2026, 3, 1, 10, 0, 0, 500000, tzinfo=UTC))
    stamp(late, dt.datetime(2026, 3, 1, 10, 0, 1, tzinfo=UTC))
    assert listed(client, until="2026-03-01T10:00:00Z") == [early.uid]
    assert listed(client, **{"from": "2026-03-01T10:00:01Z"}) == [late.uid]
    both = listed(client, **{"from": "2026-03-01T10:00:00Z", "until": "2026-03-01T10:00:01Z"})
    assert both == [early.uid, late.uid]


def test_from_and_until_at_day_granularity(client):
    """Day-granularity from and until cover whole days."""
    first = make_record("need", status=RecordStatus.PUBLISHED)
    second = make_record("need", status=RecordStatus.PUBLISHED)
    stamp(first, dt.datetime(2026, 3, 1, 23, 59, 59, tzinfo=UTC))
    stamp(second, dt.datetime(2026, 3, 2, 0, 0, 0, tzinfo=UTC))
    assert listed(client, until="2026-03-01") == [first.uid]
    assert listed(client, **{"from": "2026-03-02"}) == [second.uid]


def test_datestamps_are_utc_seconds(client):
    """Header datestamps read YYYY-MM-DDThh:mm:ssZ."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    stamp(need, dt.datetime(2026, 3, 1, 10, 0, 0, 999999, tzinfo=UTC))
    root = oai(client, verb="ListIdentifiers", metadataPrefix="ayni")
    assert root.findtext(".//oai:datestamp", namespaces=NS) == "2026-03-01T10:00:00Z"


def deleted_headers(client, **params):
    root = oai(client, verb="ListRecords", metadataPrefix="ayni", **params)
    return {
        header.findtext("oai:identifier", namespaces=NS).removeprefix("oai:ayni:"): header.get(
            "status"
        )
        for header in root.iterfind(".//oai:header", NS)
    }


def test_archived_record_is_reported_deleted(client):
    """An archived record is listed with status="deleted" and no metadata."""
    need = make_record("need", status=RecordStatus.ARCHIVED)
    assert deleted_headers(client) == {need.uid: "deleted"}
    root = oai(client, verb="GetRecord", metadataPrefix="ayni", identifier=f"oai:ayni:{need.uid}")
    assert root.find(".//oai:header", NS).get("status") == "deleted"
    assert root.find(".//oai:metadata", NS) is None


def test_record_deleted_in_the_admin_is_reported_deleted(client):
    """A public record deleted in the admin stays listed as deleted, in its sets."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    need.subjects.set(["forest"])
    uid = need.uid
    revision_record(record=need, action=RevisionAction.DELETE)
    need.delete()
    assert deleted_headers(client) == {uid: "deleted"}
    assert deleted_headers(client, set="subject:forest") == {uid: "deleted"}
    assert deleted_headers(client, set="region:011") == {uid: "deleted"}
    root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:ayni:{uid}")
    assert root.find(".//oai:header", NS).get("status") == "deleted"
    assert error_codes(
        oai(client, verb="ListRecords", metadataPrefix="ayni", set="type:event")
    ) == ["noRecordsMatch"]


def test_record_never_published_is_absent_after_deletion(client):
    """A draft deleted in the admin was never public, so it never appears."""
    draft = make_record("need", status=RecordStatus.DRAFT)
    revision_record(record=draft, action=RevisionAction.CREATE)
    revision_record(record=draft, action=RevisionAction.DELETE)
    uid = draft.uid
    draft.delete()
    assert error_codes(oai(client, verb="ListIdentifiers", metadataPrefix="ayni")) == [
        "noRecordsMatch"
    ]
    root = oai(client, verb="GetRecord", metadataPrefix="ayni", identifier=f"oai:ayni:{uid}")
    assert error_codes(root) == ["idDoesNotExist"]


def test_record_recreated_after_deletion_is_live(client):
    """A record deleted then imported again under the same id is live, listed once."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    revision_record(record=need, action=RevisionAction.DELETE)
    uid = need.uid
    need.delete()
    make_record("need", status=RecordStatus.PUBLISHED, uid=uid)
    assert deleted_headers(client) == {uid: None}


def test_withdrawn_consent_is_reported_deleted(client):
    """An expert who was public and withdrew consent is listed as deleted."""
    expert = make_record("expert", consent_public=True)
    revision_record(record=expert, action=RevisionAction.PUBLISH)
    expert.consent_public = False
    expert.save()
    hidden = make_record("expert", consent_public=False)
    revision_record(record=hidden, action=RevisionAction.PUBLISH)
    assert deleted_headers(client) == {expert.uid: "deleted"}
    response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "ayni"})
    content = b"".join(response.streaming_content)
    validate(content)
    assert hidden.uid.encode() not in content


def test_unpublished_after_publication_is_reported_deleted(client):
    """A record moved back from published to draft is listed as deleted."""
    need = make_record("need", status=RecordStatus.PUBLISHED)
    revision_record(record=need, action=RevisionAction.PUBLISH)
    need.status = RecordStatus.DRAFT
    need.save()
    assert deleted_headers(client) == {need.uid: "deleted"}
