"""Country and region pages and the countries index: place, enabling environment, strengths,
needs, records; focal points' addresses never shown; right-to-left in Arabic."""

import pytest
from django.urls import reverse
from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.matching.tests.services.scenario import (
    published_case_study,
    published_need,
    published_offer,
)

pytestmark = pytest.mark.django_db


def _url(name: str, language: str = "en", **kwargs: str) -> str:
    with translation.override(language):
        return reverse(f"portal:{name}", kwargs=kwargs or None)


def _profile(**extra: object) -> object:
    fields = {
        "status": RecordStatus.PUBLISHED,
        "ssc_policy": True,
        "ssc_policy_in_development_plan": False,
        "budget_earmarked": None,
        "nbsap_url": "https://example.org/nbsap-sn.pdf",
        "focal_points": [
            {"name": "Fatou Ndiaye", "role": "CBD focal point", "email": "fatou@example.sn"}
        ],
        "summary": {"fr": "Le Sénégal coopère avec ses voisins."},
    }
    fields.update(extra)
    profile = make_record("country-profile", country="SN", **fields)
    profile.triangular_partner_countries.set(["JP"])
    return profile


def test_country_page_shows_place_profile_and_map_block(client):
    """Senegal's page names its region and groupings, its profile's fields and the map
    placeholder."""
    _profile()
    response = client.get(_url("country_detail", code="SN"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Senegal</h1>" in html
    assert 'href="/en/regions/002/"' in html  # Africa
    assert "<li>Least developed countries</li>" in html
    assert '<div class="map">' in html
    assert "Fatou Ndiaye (CBD focal point)" in html
    assert 'href="https://example.org/nbsap-sn.pdf"' in html
    assert 'href="/en/countries/JP/"' in html
    assert "Le Sénégal coopère avec ses voisins." in html
    assert "Not stated" in html  # budget earmarked unknown


def test_focal_point_email_is_never_shown(client):
    """The focal point's e-mail address stays out of the page."""
    _profile()
    html = client.get(_url("country_detail", code="SN")).content.decode()
    assert "fatou@example.sn" not in html


def test_unpublished_profile_is_not_shown_to_visitors(client):
    """A submitted profile's fields stay hidden from visitors."""
    _profile(status=RecordStatus.SUBMITTED)
    html = client.get(_url("country_detail", code="SN")).content.decode()
    assert "Fatou Ndiaye" not in html
    assert "No country profile published yet." in html


def test_country_page_lists_needs_unmet_subjects_strengths_and_records(client):
    """Open needs with links to their matches, the cross-tab row with the unmet subject
    highlighted and drill-down links, strengths from evidence, and records by type."""
    need = published_need(subjects=["marine-coastal"])
    published_case_study(provider_countries=["SN"], subjects=["forest"])
    published_offer(provider_country_id="SN", subjects=["forest"])
    html = client.get(_url("country_detail", code="SN")).content.decode()
    assert f'href="/en/needs/{need.uid}/matches/"' in html
    assert '<tr class="unmet">' in html
    assert (
        "/en/crosstab/cell/?rows=country&amp;row=SN&amp;columns=subject&amp;column=marine-coastal"
        in html
    )
    assert 'href="/en/benchmarks/?subject=forest"' in html  # a strength
    assert "Needs (1)" in html
    # The need's French title is marked as French on the English page.
    assert f'<a href="/en/needs/{need.uid}/" lang="fr">' in html
    assert "Offers (1)" in html


def test_unknown_country_is_a_404(client):
    """A code that is no country is a 404; a lower-case code redirects to the upper-case one."""
    assert client.get(_url("country_detail", code="XX")).status_code == 404
    assert client.get(_url("country_detail", code="xx")).status_code == 301
    response = client.get(_url("country_detail", code="sn"))
    assert response.status_code == 301
    assert response["Location"] == "/en/countries/SN/"


def test_country_page_escapes_record_text(client):
    """A need's title with markup is shown as text."""
    published_need(title={"en": "<b>bold</b> mangroves"})
    html = client.get(_url("country_detail", code="SN")).content.decode()
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; mangroves" in html


def test_arabic_country_page_is_right_to_left(client):
    """The Arabic page carries lang="ar" and dir="rtl", and the country's Arabic name."""
    html = client.get(_url("country_detail", "ar", code="SN")).content.decode()
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    assert "السنغال" in html


def test_country_list_groups_countries_by_region_with_open_needs(client):
    """The index links every country's page, with its count of open needs."""
    published_need()
    response = client.get(_url("country_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/en/countries/SN/"' in html
    assert 'href="/en/countries/BR/"' in html
    assert "1 open need" in html
    assert "<h2>Africa</h2>" in html


def test_region_page_lists_countries_needs_and_strengths(client):
    """Western Africa's page lists Senegal, its open need and its strength in forests."""
    need = published_need(subjects=["marine-coastal"])
    published_case_study(provider_countries=["SN"], subjects=["forest"])
    published_offer(provider_country_id="SN", subjects=["forest"])
    response = client.get(_url("region_detail", code="011"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/en/countries/SN/"' in html
    assert f'href="/en/needs/{need.uid}/"' in html
    assert 'href="/en/benchmarks/?subject=forest"' in html
    assert '<tr class="unmet">' in html


def test_unknown_region_is_a_404(client):
    """A code that is no M49 area is a 404."""
    assert client.get(_url("region_detail", code="999")).status_code == 404


def test_country_list_sorts_names_without_regard_to_accents(client):
    """Réunion sorts between Qatar and Rwanda, not after Zimbabwe."""
    html = client.get(_url("country_list")).content.decode()
    assert html.index(">Réunion<") < html.index(">Rwanda<")
    assert html.index(">Réunion<") < html.index(">Zimbabwe<")
