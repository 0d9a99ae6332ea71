"""Loading records from the database into the engine's inputs."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ayni.core.choices import RecordStatus
from ayni.matching.loading import load_geography, load_need, load_providers
from ayni.matching.tests.services.scenario import (
    published_case_study,
    published_expert,
    published_need,
    published_offer,
    published_organization,
)
from ayni.needs.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_need_input_carries_the_needs_codes_and_scope():
    """A need becomes a NeedInput with its country, texts, codes, scope and timeframe."""
    need = published_need(
        gbf_targets=["GBF-TARGET-02"],
        aichi_targets=["AICHI-TARGET-11"],
        assistance_types=["training"],
        partner_scope="regional",
        timeframe_start=dt.date(2027, 1, 1),
        timeframe_end=dt.date(2027, 6, 30),
    )
    loaded = load_need(need)
    assert loaded.id == need.uid
    assert loaded.country == "SN"
    assert loaded.title == need.title
    assert loaded.subjects == {"marine-coastal"}
    assert loaded.targets == {"GBF-TARGET-02", "AICHI-TARGET-11"}
    assert loaded.assistance_types == {"training"}
    assert loaded.languages == {"fr"}
    assert loaded.partner_scope == "regional"
    assert loaded.timeframe_end == dt.date(2027, 6, 30)


def test_blank_partner_scope_reads_as_global():
    """A need that states no partner scope looks everywhere."""
    assert load_need(published_need(partner_scope="")).partner_scope == "global"


def test_providers_of_every_kind_are_loaded_published_only():
    """Published organizations, experts, offers and case studies are providers; drafts not."""
    organization = published_organization(country_id="BR", regions_served=["005"])
    expert = published_expert(country_id="GN", available_from=dt.date(2027, 1, 1))
    offer = published_offer(provider_organization=organization, provider_country_id=None)
    study = published_case_study(provider_countries=["FR", "IN"])
    published_offer(status=RecordStatus.DRAFT)
    providers = {p.id: p for p in load_providers().inputs}
    assert set(providers) == {organization.uid, expert.uid, offer.uid, study.uid}
    assert providers[organization.uid].regions == {"005"}
    assert providers[expert.uid].available_from == dt.date(2027, 1, 1)
    assert providers[offer.uid].country == "BR"  # from its provider
    assert providers[study.uid].country == "IN"  # its provider country of the South
    assert all(p.south for p in providers.values())


def test_south_comes_from_the_developing_grouping():
    """Brazil is South, France is not."""
    geography = load_geography()
    assert geography.is_south("BR")
    assert not geography.is_south("FR")
    assert geography.place("SN").intermediate_region == "011"


def test_funders_offer_is_a_funding_offer():
    """An offer of a funder organization carries the funder type (listed apart as funder)."""
    funder = published_organization(country_id="DE", organization_type="funder")
    offer = published_offer(provider_organization=funder, provider_country_id=None)
    loaded = {p.id: p for p in load_providers().inputs}
    assert loaded[offer.uid].is_funder
    assert not loaded[offer.uid].south


def test_evidence_counts_case_studies_and_completed_partnerships():
    """An organization's published case studies and completed partnerships are counted;
    unpublished ones are not."""
    organization = published_organization(country_id="BR")
    for status in (RecordStatus.PUBLISHED, RecordStatus.PUBLISHED, RecordStatus.DRAFT):
        published_case_study(status=status).organizations.set([organization])
    done: Any = PartnershipFactory(status=RecordStatus.PUBLISHED, progress="completed")
    done.provider_organizations.set([organization])
    active: Any = PartnershipFactory(status=RecordStatus.PUBLISHED, progress="active")
    active.provider_organizations.set([organization])
    loaded = {p.id: p for p in load_providers(kinds=["organization"]).inputs}
    assert loaded[organization.uid].published_case_studies == 2
    assert loaded[organization.uid].completed_partnerships == 1


def test_expert_without_consent_is_loaded_but_not_public():
    """Experts without consent are matched (loaded) and marked not public."""
    expert = published_expert(consent_public=False)
    refs = {ref.uid: ref for ref in load_providers().refs}
    assert refs[expert.uid].public is False


def test_loading_takes_the_same_number_of_queries_for_many_records():
    """No N+1: loading 3 or 30 providers of each kind costs the same queries."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            load_providers()
        return len(context.captured_queries)

    def add(count: int) -> None:
        for _ in range(count):
            published_organization(subjects=["forest"], languages=["en"])
            published_expert(subjects=["forest"])
            published_offer(subjects=["forest"])
            published_case_study(subjects=["forest"])

    add(3)
    few = queries()
    add(27)
    assert queries() == few
    assert few <= 30
