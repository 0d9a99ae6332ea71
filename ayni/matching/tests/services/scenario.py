"""Records for the matching tests: published needs and providers with their codes, and a
fixture that matches with the lexical encoder (fast, no model) and a fresh index."""

from typing import Any

import pytest

from ayni.casestudies.tests.factories import CaseStudyFactory
from ayni.core.choices import RecordStatus
from ayni.matching.services import matching_state_clear
from ayni.needs.tests.factories import NeedFactory, OfferFactory
from ayni.roster.tests.factories import ExpertFactory, OrganizationFactory

PUBLISHED = RecordStatus.PUBLISHED
CODE_FIELDS = (
    "subjects",
    "gbf_targets",
    "aichi_targets",
    "assistance_types",
    "languages",
    "regions_served",
    "regions_of_experience",
    "regions_covered",
    "provider_countries",
)


@pytest.fixture
def lexical_matching(settings: Any, db: Any) -> Any:
    """Matching with the lexical encoder, from a fresh index, forgotten afterwards."""
    settings.AYNI_MATCHING_ENCODER = "lexical"
    settings.AYNI_MATCHING_CHECK_SECONDS = 0
    matching_state_clear()
    yield settings
    matching_state_clear()


def _with_codes(factory: Any, fields: dict[str, Any]) -> Any:
    codes = {name: fields.pop(name) for name in CODE_FIELDS if name in fields}
    record = factory(**fields)
    for name, values in codes.items():
        getattr(record, name).set(values)
    return record


def published_need(**fields: Any) -> Any:
    """A published need of Senegal, in French, for mangrove monitoring training."""
    fields.setdefault("status", PUBLISHED)
    fields.setdefault("title", {"fr": "Formation au suivi des mangroves par drone"})
    fields.setdefault(
        "description",
        {"fr": "Former les agents au suivi et à la restauration des mangroves du delta."},
    )
    fields.setdefault("subjects", ["marine-coastal"])
    fields.setdefault("languages", ["fr"])
    fields.setdefault("partner_scope", "global")
    return _with_codes(NeedFactory, fields)


def published_offer(**fields: Any) -> Any:
    fields.setdefault("status", PUBLISHED)
    return _with_codes(OfferFactory, fields)


def published_organization(**fields: Any) -> Any:
    fields.setdefault("status", PUBLISHED)
    return _with_codes(OrganizationFactory, fields)


def published_expert(**fields: Any) -> Any:
    fields.setdefault("status", PUBLISHED)
    return _with_codes(ExpertFactory, fields)


def published_case_study(**fields: Any) -> Any:
    fields.setdefault("status", PUBLISHED)
    return _with_codes(CaseStudyFactory, fields)
