"""Importing records in the exchange format: validation, idempotence, references, round trip."""

import json

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.exchange import vocabularies
from ayni.core.models import Revision
from ayni.core.registry import record_models
from ayni.federation.formats.ayni_jsonl import FormatError, dump_line, validate_record
from ayni.federation.selectors import records_export
from ayni.federation.services import records_import
from ayni.needs.models import Need
from ayni.roster.models import Expert, Organization

pytestmark = pytest.mark.django_db

ORG = {
    "type": "organization",
    "id": "br-ufpa:org-1",
    "status": "published",
    "name": {"pt": "Laboratório de Manguezais", "en": "Mangrove Laboratory"},
    "country": "BR",
    "organization_type": "academic",
    "subjects": ["marine-coastal"],
    "languages": ["pt", "es"],
    "regions_served": ["005"],
}
EXPERT = {
    "type": "expert",
    "id": "br-ufpa:expert-1",
    "status": "published",
    "name": "Ana Exemplo",
    "country": "BR",
    "organization": "br-ufpa:org-1",
    "subjects": ["marine-coastal", "monitoring-indicators"],
    "languages": ["pt", "fr"],
    "email": "ana@example.org",
    "consent_public": True,
    "available_from": "2027-01-01",
}
NEED = {
    "type": "need",
    "id": "sn-dpn:need-7",
    "country": "SN",
    "title": {"fr": "Formation au suivi des mangroves par drone"},
    "description": {"fr": "Former dix agents au suivi par drone."},
    "subjects": ["marine-coastal", "monitoring-indicators"],
    "gbf_targets": ["GBF-TARGET-02"],
    "assistance_types": ["training"],
    "languages": ["fr"],
    "partner_scope": "regional",
    "status": "published",
    "progress": "open",
    "source": "sn-chm",
    "source_id": "7",
    "created": "2025-06-01T10:00:00+00:00",
}


def _lines(*records):
    return [dump_line(record) if isinstance(record, dict) else record for record in records]


def test_good_lines_land_and_bad_lines_are_named():
    """A file with good and bad lines: the good land, each bad one is reported by number."""
    lines = _lines(
        ORG,
        "{not json",
        {**NEED, "id": "sn-dpn:need-8", "subjects": ["mangroves"]},
        {"type": "spaceship", "id": "x:1", "status": "published"},
        {**EXPERT, "country": None},
        {**NEED, "id": "sn-dpn:need-9", "timeframe_start": "2027-13-01"},
        {**EXPERT, "id": "br-ufpa:expert-2", "organization": "br-ufpa:org-404"},
        EXPERT,
        NEED,
    )
    report = records_import(lines=lines)
    reasons = dict(report.rejected)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7]
    assert "broken JSON" in reasons[2]
    assert "field 'subjects': unknown code 'mangroves'" in reasons[3]
    assert "unknown type 'spaceship'" in reasons[4]
    assert "missing required field 'country'" in reasons[5]
    assert "field 'timeframe_start'" in reasons[6]
    assert "no organization with id 'br-ufpa:org-404'" in reasons[7]
    assert report.created == 3
    assert set(Need.objects.values_list("uid", flat=True)) == {"sn-dpn:need-7"}
    assert set(Expert.objects.values_list("uid", flat=True)) == {"br-ufpa:expert-1"}


def test_importing_the_same_file_twice_changes_nothing():
    """The second import of a file finds every record unchanged and writes nothing."""
    lines = _lines(ORG, EXPERT, NEED)
    first = records_import(lines=lines)
    need = Need.objects.get(uid="sn-dpn:need-7")
    revisions = Revision.objects.count()
    second = records_import(lines=lines)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert Revision.objects.count() == revisions
    assert Need.objects.get(uid="sn-dpn:need-7").updated == need.updated


def test_same_id_updates_never_duplicates():
    """A changed line with a known id updates that record and adds one revision."""
    records_import(lines=_lines(ORG, NEED))
    changed = {**NEED, "title": {"fr": "Suivi des mangroves", "en": "Mangrove monitoring"}}
    report = records_import(lines=_lines(changed))
    assert report.updated == 1
    assert Need.objects.count() == 1
    assert Need.objects.get().title == {"fr": "Suivi des mangroves", "en": "Mangrove monitoring"}
    assert Revision.objects.filter(record_uid="sn-dpn:need-7").count() == 2


def test_file_status_and_provenance_are_kept():
    """Import keeps the status, source, source id and creation time given in the file."""
    records_import(lines=_lines(NEED))
    need = Need.objects.get()
    assert need.status == RecordStatus.PUBLISHED
    assert (need.source, need.source_id) == ("sn-chm", "7")
    assert need.created.isoformat() == "2025-06-01T10:00:00+00:00"


def test_references_resolve_regardless_of_line_order():
    """An expert may come before the organization it works for."""
    report = records_import(lines=_lines(EXPERT, ORG))
    assert report.rejected == []
    assert Expert.objects.get().organization == Organization.objects.get()


def test_reference_to_rejected_line_is_rejected_too():
    """A record that points to a rejected line is rejected, naming that line."""
    bad_org = {**ORG, "organization_type": "spaceport"}
    report = records_import(lines=_lines(bad_org, EXPERT))
    reasons = dict(report.rejected)
    assert "organization_type" in reasons[1]
    assert "was rejected at line 1" in reasons[2]
    assert Expert.objects.count() == 0


def test_duplicate_id_in_file_is_rejected():
    """The second line with an id already used in the file is rejected."""
    report = records_import(lines=_lines(ORG, ORG))
    assert report.rejected == [(2, "id 'br-ufpa:org-1' already appears at line 1")]


def test_id_of_another_type_is_rejected():
    """An id that already names a record of another type is not reused."""
    records_import(lines=_lines(ORG))
    report = records_import(lines=_lines({**NEED, "id": "br-ufpa:org-1"}))
    assert "already belongs to another record (organization)" in report.rejected[0][1]
    assert Need.objects.count() == 0


def test_second_profile_for_a_country_is_refused_without_losing_the_rest():
    """The database refuses a second profile of a country; the other lines still land."""
    profile = {
        "type": "country-profile",
        "id": "sn:profile",
        "status": "published",
        "country": "SN",
    }
    other = {**profile, "id": "sn:profile-bis"}
    br = {**profile, "id": "br:profile", "country": "BR"}
    report = records_import(lines=_lines(profile, other, br))
    assert [line for line, _ in report.rejected] == [2]
    assert report.created == 2


def test_unknown_fields_are_warnings():
    """A field the format does not know is a warning and the record lands."""
    report = records_import(lines=_lines({**ORG, "x_local_rank": 3}))
    assert report.created == 1
    assert report.warnings == [(1, "unknown field 'x_local_rank' ignored")]


def _export_text(**kwargs):
    return "\n".join(dump_line(record) for record in records_export(**kwargs))


def test_export_then_import_into_empty_database_is_lossless():
    """Export → import into an empty database → export again gives the same file."""
    from ayni.demo.loading import demo_lines

    report = records_import(lines=demo_lines())
    assert report.rejected == []
    first = _export_text()
    assert "@example.org" in first  # the full backup keeps private fields
    for model in reversed(record_models()):
        model._default_manager.all().delete()
    Revision.objects.all().delete()
    assert _export_text() == ""
    again = records_import(lines=first.splitlines())
    assert again.rejected == []
    assert again.created == len(first.splitlines())
    assert _export_text() == first


def test_public_export_leaves_out_private_fields():
    """``--public`` exports have no e-mail addresses."""
    records_import(lines=_lines(ORG, EXPERT))
    public = _export_text(public=True)
    assert "ana@example.org" not in public
    assert json.loads(public.splitlines()[1])["name"] == "Ana Exemplo"


def test_public_export_holds_only_what_anyone_may_read():
    """``--public`` leaves out drafts and experts who did not consent to be listed."""
    hidden_expert = {**EXPERT, "id": "br-ufpa:expert-2", "consent_public": False}
    draft_need = {**NEED, "id": "sn-dpn:need-8", "status": "draft"}
    records_import(lines=_lines(ORG, EXPERT, hidden_expert, NEED, draft_need))
    ids = [json.loads(line)["id"] for line in _export_text(public=True).splitlines()]
    assert ids == ["br-ufpa:org-1", "br-ufpa:expert-1", "sn-dpn:need-7"]
    everything = [json.loads(line)["id"] for line in _export_text().splitlines()]
    assert "br-ufpa:expert-2" in everything
    assert "sn-dpn:need-8" in everything


def test_backup_keeps_moderation_note_and_endorsement():
    """The full backup carries the rejection reason and the endorsement date; public does not."""
    rejected = {**NEED, "status": "rejected", "moderation_note": "Name the institution."}
    endorsed = {**EXPERT, "endorsed_at": "2026-05-04T12:00:00+02:00", "last_verified": "2026-05-04"}
    records_import(lines=_lines(ORG, endorsed, rejected))
    backup = {json.loads(line)["id"]: json.loads(line) for line in _export_text().splitlines()}
    assert backup["sn-dpn:need-7"]["moderation_note"] == "Name the institution."
    assert backup["br-ufpa:expert-1"]["endorsed_at"] == "2026-05-04T10:00:00+00:00"
    assert backup["br-ufpa:expert-1"]["last_verified"] == "2026-05-04"
    public = _export_text(public=True)
    assert "endorsed_at" not in public
    assert "Name the institution." not in public
    again = records_import(lines=_lines(ORG, endorsed, rejected))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_datestamp_marks_changes_made_here():
    """The datestamp moves when an import changes a record, not when it leaves it alone."""
    records_import(lines=_lines(NEED))
    first = Need.objects.get().datestamp
    records_import(lines=_lines(NEED))
    assert Need.objects.get().datestamp == first
    records_import(lines=_lines({**NEED, "title": {"fr": "Nouveau titre"}}))
    need = Need.objects.get()
    assert need.datestamp > first
    assert need.updated > first  # no 'updated' in the line: the change is dated now


def _validated(record, vocab):
    try:
        return validate_record(record, vocab)
    except FormatError as error:
        return error


def test_records_given_already_validated_import_like_their_lines():
    """Records validated beforehand (a harvester's) give the same report and rows as the same
    records given as lines: rejections by number with the validation's reasons, references
    checked, warnings kept."""
    vocab = vocabularies()
    records = [
        ORG,
        {**NEED, "id": "sn-dpn:need-8", "subjects": ["mangroves"]},
        {**EXPERT, "id": "br-ufpa:expert-2", "organization": "br-ufpa:org-404"},
        {**EXPERT, "x_local_rank": 3},
        NEED,
    ]

    report = records_import(lines=[_validated(r, vocab) for r in records], vocab=vocab)

    assert report.rejected == [
        (2, "field 'subjects': unknown code 'mangroves'"),
        (
            3,
            "field 'organization': no organization with id 'br-ufpa:org-404' in the database or "
            "the file",
        ),
    ]
    assert report.warnings == [(4, "unknown field 'x_local_rank' ignored")]
    assert report.created == 3
    assert set(Expert.objects.values_list("uid", flat=True)) == {"br-ufpa:expert-1"}
    again = records_import(lines=_lines(*records))
    assert (again.unchanged, again.rejected) == (3, report.rejected)
