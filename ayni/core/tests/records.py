"""One record of each type, placed in a country, for tests that run over every type."""

from typing import Any

from ayni.casestudies.tests.factories import CaseStudyFactory
from ayni.countries.tests.factories import CountryProfileFactory
from ayni.events.tests.factories import EventFactory
from ayni.federation.tests.factories import ClearingHouseFactory
from ayni.library.tests.factories import ResourceFactory
from ayni.needs.tests.factories import NeedFactory, OfferFactory, PartnershipFactory
from ayni.roster.tests.factories import ExpertFactory, OrganizationFactory

COUNTRY_TYPES = (
    "organization",
    "expert",
    "resource",
    "need",
    "offer",
    "case-study",
    "event",
    "partnership",
    "country-profile",
)


def make_record(record_type: str, *, country: str = "SN", **extra: Any) -> Any:
    """A record of the type that belongs to the country (as the focal-point rules read it)."""
    if record_type == "organization":
        return OrganizationFactory(country_id=country, **extra)
    if record_type == "expert":
        return ExpertFactory(country_id=country, **extra)
    if record_type == "resource":
        return ResourceFactory(countries=[country], **extra)
    if record_type == "need":
        return NeedFactory(country_id=country, **extra)
    if record_type == "offer":
        return OfferFactory(provider_country_id=country, **extra)
    if record_type == "case-study":
        record: Any = CaseStudyFactory(**extra)
        record.beneficiary_countries.set([country])
        record.provider_countries.set([country])
        return record
    if record_type == "event":
        return EventFactory(country_id=country, **extra)
    if record_type == "partnership":
        return PartnershipFactory(need=NeedFactory(country_id=country), **extra)
    if record_type == "country-profile":
        return CountryProfileFactory(country_id=country, **extra)
    if record_type == "clearing-house":
        return ClearingHouseFactory(**extra)
    raise KeyError(record_type)
