"""The benchmarks page: who excels in a subject from published evidence, with the method."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.matching.tests.services.scenario import (
    published_case_study,
    published_offer,
    published_organization,
)

pytestmark = pytest.mark.django_db


def _url(language: str = "en") -> str:
    with translation.override(language):
        return reverse("portal:benchmarks")


def _evidence() -> Any:
    """Brazil and one of its organizations: a case study and an offer on forests."""
    organization = published_organization(
        name={"pt": "Instituto de Florestas"}, country_id="BR", subjects=["forest"]
    )
    case = published_case_study(provider_countries=["BR"], subjects=["forest"])
    case.organizations.set([organization])
    published_offer(
        provider_country_id="BR", provider_organization=organization, subjects=["forest"]
    )
    # A draft case study of Peru counts for nothing.
    published_case_study(provider_countries=["PE"], subjects=["forest"], status=RecordStatus.DRAFT)
    published_offer(provider_country_id="PE", subjects=["forest"])
    return organization


def test_subject_ranking_shows_countries_and_organizations_with_evidence(client):
    """For forests, Brazil and its institute are ranked with their counts; Peru, whose case
    study is a draft, is not."""
    organization = _evidence()
    response = client.get(_url() + "?subject=forest")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/en/countries/BR/"' in html
    assert f'href="/en/organizations/{organization.uid}/"' in html
    assert "Instituto de Florestas" in html
    assert 'href="/en/countries/PE/"' not in html
    assert '<option value="forest" selected>' in html


def test_without_a_subject_the_page_shows_each_subjects_leaders(client):
    """The overview names the leading country of each subject and links its ranking."""
    _evidence()
    html = client.get(_url()).content.decode()
    assert 'href="?subject=forest"' in html
    assert 'href="/en/countries/BR/"' in html


def test_method_is_shown_on_the_page(client):
    """The page explains its method (weights, minimum evidence) and names the docs file."""
    html = client.get(_url()).content.decode()
    assert 'id="method"' in html
    assert "log2(1 + count)" in html
    assert "docs/benchmarks-method.md" in html


def test_unknown_subject_gets_a_message(client):
    """An unknown subject is a 400 naming it."""
    response = client.get(_url() + "?subject=astrology")
    assert response.status_code == 400
    assert "astrology" in response.content.decode()
