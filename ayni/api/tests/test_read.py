"""Reading records: lists, filters, cursor pagination, details and who sees what."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ayni.api.tests.conftest import ApiClient, client_for
from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.needs.models import Need
from ayni.needs.tests.factories import NeedFactory
from ayni.roster.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db

ALL_PATHS = {
    "organization": "organizations",
    "expert": "experts",
    "resource": "resources",
    "need": "needs",
    "offer": "offers",
    "case-study": "case-studies",
    "event": "events",
    "partnership": "partnerships",
    "country-profile": "country-profiles",
    "clearing-house": "clearing-houses",
}


@pytest.mark.parametrize("record_type", list(ALL_PATHS))
def test_every_record_type_lists_and_shows_its_published_records(visitor_api, record_type):
    """Each type has its list and detail, the body in the exchange format."""
    record = make_record(record_type, status=RecordStatus.PUBLISHED)
    listing = visitor_api.get(f"/api/v1/{ALL_PATHS[record_type]}")
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()["items"]] == [record.uid]
    detail = visitor_api.get(f"/api/v1/{ALL_PATHS[record_type]}/{record.uid}")
    assert detail.status_code == 200
    assert detail.json()["type"] == record_type
    assert detail.json()["status"] == "published"


def test_visitor_sees_only_published_records(visitor_api):
    """Drafts, submitted and archived records are not listed for a visitor, nor readable."""
    published = NeedFactory(status=RecordStatus.PUBLISHED)
    hidden = [NeedFactory(status=status) for status in ("draft", "submitted", "archived")]
    listing = visitor_api.get("/api/v1/needs").json()
    assert [item["id"] for item in listing["items"]] == [published.uid]
    for need in hidden:
        assert visitor_api.get(f"/api/v1/needs/{need.uid}").status_code == 404


def test_visitor_cannot_ask_for_other_statuses(visitor_api):
    """?status=submitted gives a visitor nothing: the role decides what is visible."""
    NeedFactory(status=RecordStatus.SUBMITTED)
    listing = visitor_api.get("/api/v1/needs", {"status": "submitted"}).json()
    assert listing["items"] == []


def test_focal_point_lists_submitted_records_of_their_country(focal_point_api):
    """A focal point's moderation queue: submitted needs of Senegal, not of Brazil."""
    senegal = NeedFactory(status=RecordStatus.SUBMITTED, country_id="SN")
    NeedFactory(status=RecordStatus.SUBMITTED, country_id="BR")
    listing = focal_point_api.get("/api/v1/needs", {"status": "submitted"}).json()
    assert [item["id"] for item in listing["items"]] == [senegal.uid]


def test_visitor_never_sees_an_experts_email(visitor_api):
    """An expert's e-mail is private: neither the list nor the detail shows it."""
    expert = ExpertFactory(email="ana@example.org")
    listing = visitor_api.get("/api/v1/experts")
    detail = visitor_api.get(f"/api/v1/experts/{expert.uid}")
    assert "email" not in listing.json()["items"][0]
    assert "email" not in detail.json()
    assert "ana@example.org" not in listing.content.decode() + detail.content.decode()


def test_experts_without_consent_are_not_public(visitor_api):
    """An expert who did not consent to be listed is neither listed nor readable."""
    expert = ExpertFactory(consent_public=False)
    assert visitor_api.get("/api/v1/experts").json()["items"] == []
    assert visitor_api.get(f"/api/v1/experts/{expert.uid}").status_code == 404


def test_curator_reads_an_experts_email_to_edit_it(curator_api):
    """Who may edit an expert reads the private fields, so a GET → PUT loses nothing."""
    expert = ExpertFactory(email="ana@example.org", consent_public=False)
    detail = curator_api.get(f"/api/v1/experts/{expert.uid}")
    assert detail.json()["email"] == "ana@example.org"


def test_filters_narrow_the_list(visitor_api):
    """country, subject, target, assistance_type and language each keep only matching needs."""
    match: Any = NeedFactory(status=RecordStatus.PUBLISHED, country_id="SN")
    match.subjects.set(["marine-coastal"])
    match.gbf_targets.set(["GBF-TARGET-02"])
    match.assistance_types.set(["training"])
    match.languages.set(["fr"])
    other: Any = NeedFactory(status=RecordStatus.PUBLISHED, country_id="BR")
    other.subjects.set(["forest"])
    for name, value in [
        ("country", "SN"),
        ("country", "sn"),
        ("subject", "marine-coastal"),
        ("target", "GBF-TARGET-02"),
        ("assistance_type", "training"),
        ("language", "fr"),
    ]:
        listing = visitor_api.get("/api/v1/needs", {name: value}).json()
        assert [item["id"] for item in listing["items"]] == [match.uid], name


def test_repeated_filter_accepts_any_of_its_values(visitor_api):
    """?country=SN&country=BR lists the needs of both countries, each once."""
    needs: list[Any] = [
        NeedFactory(status=RecordStatus.PUBLISHED, country_id=c) for c in ("SN", "BR")
    ]
    NeedFactory(status=RecordStatus.PUBLISHED, country_id="KE")
    listing = visitor_api.get("/api/v1/needs?country=SN&country=BR").json()
    assert sorted(item["id"] for item in listing["items"]) == sorted(n.uid for n in needs)


def test_country_filter_follows_a_case_studys_countries(visitor_api):
    """A case study is found by a provider or beneficiary country."""
    case_study = make_record("case-study", country="KE", status=RecordStatus.PUBLISHED)
    listing = visitor_api.get("/api/v1/case-studies", {"country": "KE"}).json()
    assert [item["id"] for item in listing["items"]] == [case_study.uid]
    assert visitor_api.get("/api/v1/case-studies", {"country": "SN"}).json()["items"] == []


def test_updated_since_keeps_recent_changes(visitor_api):
    """updated_since keeps the records changed here at or after the moment."""
    old: Any = NeedFactory(status=RecordStatus.PUBLISHED)
    Need.objects.filter(pk=old.pk).update(datestamp=timezone.now() - dt.timedelta(days=3))
    recent = NeedFactory(status=RecordStatus.PUBLISHED)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    listing = visitor_api.get("/api/v1/needs", {"updated_since": since}).json()
    assert [item["id"] for item in listing["items"]] == [recent.uid]


def test_filter_the_type_does_not_offer_is_a_422(visitor_api):
    """A resource has no assistance types: the error names the query parameter."""
    response = visitor_api.get("/api/v1/resources", {"assistance_type": "training"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "assistance_type"


def test_bad_query_parameter_is_a_422_in_the_error_shape(visitor_api):
    """django-ninja's own validation answers in the one error shape, naming the parameter."""
    response = visitor_api.get("/api/v1/needs", {"limit": "many"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["location"] == "query"
    assert error["details"][0]["field"] == "limit"


def test_pages_follow_next_without_skipping_or_repeating(visitor_api):
    """Following `next` gives every record once, even when records share a datestamp."""
    needs = NeedFactory.create_batch(7, status=RecordStatus.PUBLISHED)
    same_moment = timezone.now()
    Need.objects.filter(pk__in=[n.pk for n in needs[2:5]]).update(datestamp=same_moment)
    seen = []
    url = "/api/v1/needs?limit=2"
    pages = 0
    while url:
        page = visitor_api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        pages += 1
    assert pages == 4
    assert sorted(seen) == sorted(n.uid for n in needs)
    assert len(seen) == len(set(seen))


def test_record_changed_while_paging_is_not_skipped(visitor_api):
    """A record changed between two pages comes again at the end, never lost."""
    needs = NeedFactory.create_batch(4, status=RecordStatus.PUBLISHED)
    first = visitor_api.get("/api/v1/needs?limit=2").json()
    changed = Need.objects.get(uid=first["items"][0]["id"])
    changed.save()  # a new datestamp
    seen = [item["id"] for item in first["items"]]
    url = first["next"]
    while url:
        page = visitor_api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert set(seen) == {n.uid for n in needs}


def test_bad_cursor_is_a_422(visitor_api):
    """A cursor this API did not give is refused, naming the parameter."""
    response = visitor_api.get("/api/v1/needs", {"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "cursor"


def test_unknown_id_is_a_404(visitor_api):
    """An id that names no record gives 404 in the error shape."""
    response = visitor_api.get("/api/v1/needs/sn-dpn:need-404")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_ids_with_slashes_are_readable(visitor_api):
    """Harvested ids may hold slashes; the detail still finds them."""
    need = NeedFactory(uid="cbd:records/need-7", status=RecordStatus.PUBLISHED)
    response = visitor_api.get(f"/api/v1/needs/{need.uid}")
    assert response.status_code == 200
    assert response.json()["id"] == "cbd:records/need-7"


@pytest.mark.parametrize("role", ["visitor", "contributor", "focal_point", "curator"])
@pytest.mark.parametrize("record_type", ["need", "expert", "case-study", "clearing-house"])
def test_list_shows_exactly_the_records_whose_detail_opens(
    role, record_type, contributor, focal_point_sn, curator
):
    """For every role and status, a record is listed if and only if its detail opens."""
    actor = {"contributor": contributor, "focal_point": focal_point_sn, "curator": curator}
    api = ApiClient() if role == "visitor" else client_for(actor[role])
    records = []
    for status in ("draft", "submitted", "published", "archived", "rejected"):
        for country in ("SN", "BR"):
            for consent in (True, False):
                extra: dict[str, Any] = {"status": status}
                if record_type == "expert":
                    extra["consent_public"] = consent
                elif not consent:
                    continue
                record = make_record(record_type, country=country, **extra)
                if country == "SN" and status != "published":
                    record.submitted_by = contributor
                    record.save()
                records.append(record)
    segment = ALL_PATHS[record_type]
    listed = set()
    for status in ("draft", "submitted", "published", "archived", "rejected"):
        page = api.get(f"/api/v1/{segment}", {"status": status, "limit": 200}).json()
        listed |= {item["id"] for item in page["items"]}
    readable = {r.uid for r in records if api.get(f"/api/v1/{segment}/{r.uid}").status_code == 200}
    assert listed == readable
    assert listed  # every role sees something
