"""Records for the partnership loop's tests: a published need and providers, each owned by
a person who speaks for its side."""

from typing import Any

from ayni.accounts.tests.factories import UserFactory
from ayni.core.choices import RecordStatus
from ayni.needs.tests.factories import NeedFactory, OfferFactory
from ayni.roster.tests.factories import ExpertFactory, OrganizationFactory

PUBLISHED = RecordStatus.PUBLISHED


def published_need(**fields: Any) -> Any:
    """A published need of Senegal, submitted by a person of its own."""
    fields.setdefault("status", PUBLISHED)
    fields.setdefault("submitted_by", UserFactory(email="need.owner@sn.example"))
    return NeedFactory(**fields)


def published_expert(**fields: Any) -> Any:
    """A published Brazilian expert, whose record a person submitted."""
    fields.setdefault("status", PUBLISHED)
    fields.setdefault("submitted_by", UserFactory(email="expert.owner@br.example"))
    fields.setdefault("email", "private.expert@br.example")
    return ExpertFactory(**fields)


def published_organization(**fields: Any) -> Any:
    fields.setdefault("status", PUBLISHED)
    fields.setdefault("country_id", "BR")
    fields.setdefault("submitted_by", UserFactory())
    return OrganizationFactory(**fields)


def published_offer(**fields: Any) -> Any:
    fields.setdefault("status", PUBLISHED)
    fields.setdefault("submitted_by", UserFactory())
    return OfferFactory(**fields)
