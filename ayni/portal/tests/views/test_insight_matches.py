"""The matches pages: a need's providers with reasons, and the needs an offer or expert could
meet; who may open them; the reader's language; escaping of record text."""

import pytest
from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.matching.tests.services.scenario import (
    lexical_matching,  # noqa: F401
    published_case_study,
    published_expert,
    published_need,
    published_offer,
    published_organization,
)

pytestmark = pytest.mark.usefixtures("lexical_matching")

MANGROVE_PT = {"pt": "Formação em monitoramento e restauração de manguezais com drones"}


def _url(name: str, uid: str, language: str = "en") -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse(f"portal:{name}", kwargs={"uid": uid})


def test_need_matches_page_lists_providers_with_score_and_reasons_in_french(client):
    """The French page of a need ranks the Brazilian offer, with its score and its reasons in
    French, and links the offer's page and the need's country page."""
    need = published_need()
    offer = published_offer(
        title=MANGROVE_PT, provider_country_id="BR", subjects=["marine-coastal"], languages=["fr"]
    )
    response = client.get(_url("need_matches", need.uid, "fr"))
    assert response.status_code == 200
    html = response.content.decode()
    assert MANGROVE_PT["pt"] in html
    assert f'href="/fr/offers/{offer.uid}/"' in html
    assert "travaillent tous deux en français" in html
    assert "score " in html
    assert "%" in html
    assert 'href="/fr/countries/SN/"' in html
    assert 'href="/fr/countries/BR/"' in html  # the countries list


def test_kind_filter_narrows_the_list(client):
    """``?kind=organization`` leaves the offers out and keeps the organizations."""
    need = published_need()
    published_offer(title=MANGROVE_PT, provider_country_id="BR", languages=["fr"])
    organization = published_organization(
        name={"fr": "Centre de suivi des mangroves par drone"}, country_id="GN", languages=["fr"]
    )
    html = client.get(_url("need_matches", need.uid) + "?kind=organization").content.decode()
    assert organization.uid in html
    assert MANGROVE_PT["pt"] not in html
    assert '<option value="organization" selected>' in html


def test_unknown_kind_is_answered_with_a_message(client):
    """An unknown ``kind`` gives a 400 page naming the parameter and the values it takes."""
    need = published_need()
    response = client.get(_url("need_matches", need.uid) + "?kind=robot")
    assert response.status_code == 400
    html = response.content.decode()
    assert "robot" in html
    assert "kind" in html
    assert "case-study" in html


def test_matches_of_a_draft_need_are_a_404_for_visitors(client):
    """A need a visitor may not read has no matches page either."""
    need = published_need(status=RecordStatus.DRAFT)
    assert client.get(_url("need_matches", need.uid)).status_code == 404
    assert client.get(_url("need_matches", "test:no-such-need")).status_code == 404


def test_reciprocity_shows_what_the_need_country_offers_in_return(client):
    """The need's own "offers in return" text shows under what its country could offer."""
    need = published_need(offers_in_return={"fr": "Accueil de stagiaires au parc du Saloum"})
    html = client.get(_url("need_matches", need.uid, "fr")).content.decode()
    assert "Accueil de stagiaires au parc du Saloum" in html


def test_record_text_is_escaped_on_the_matches_page(client):
    """A provider's name with markup is shown as text, never run."""
    need = published_need()
    published_offer(
        title={"fr": "<script>alert(1)</script> suivi des mangroves par drone"},
        provider_country_id="BR",
        languages=["fr"],
    )
    html = client.get(_url("need_matches", need.uid)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_offer_needs_page_lists_the_needs_it_could_meet(client):
    """An offer's page of needs links the open need it could meet, with reasons."""
    need = published_need()
    offer = published_offer(title=MANGROVE_PT, provider_country_id="BR", languages=["fr"])
    response = client.get(_url("offer_needs", offer.uid))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/en/needs/{need.uid}/"' in html
    assert "both work in French" in html


def test_expert_needs_page_and_its_404s(client):
    """A listed expert has a page of needs; one without consent to be listed, or a draft
    offer, is a 404 for a visitor."""
    need = published_need()
    listed = published_expert(name="Awa Diop", country_id="GN", languages=["fr"])
    unlisted = published_expert(name="Hidden Person", country_id="GN", consent_public=False)
    draft = published_offer(status=RecordStatus.DRAFT)
    html = client.get(_url("expert_needs", listed.uid)).content.decode()
    assert "Awa Diop" in html
    assert need.uid in html
    assert client.get(_url("expert_needs", unlisted.uid)).status_code == 404
    assert client.get(_url("offer_needs", draft.uid)).status_code == 404


def test_reciprocity_names_what_the_need_country_could_offer_each_provider_country(client):
    """Under "what Senegal could offer in return", Brazil (the provider's country) is named
    with Senegal's strength from its published case study."""
    need = published_need()
    published_offer(title=MANGROVE_PT, provider_country_id="BR", languages=["fr"])
    published_case_study(provider_countries=["SN"], subjects=["forest"])
    html = client.get(_url("need_matches", need.uid)).content.decode()
    section = html.split('id="reciprocity"', 1)[1]
    assert 'href="/en/countries/BR/"' in section
    assert "Senegal could offer in return: Forest biodiversity" in section


def test_unlisted_expert_is_shown_to_a_curator_only_and_marked(client, curator):
    """An expert without consent to be listed is left out of a visitor's matches; a curator
    sees it, marked "not listed publicly"."""
    need = published_need()
    published_expert(
        name="Mariama Unlisted",
        country_id="GN",
        languages=["fr"],
        bio={"fr": "Suivi des mangroves par drone"},
        consent_public=False,
    )
    url = _url("need_matches", need.uid)
    assert "Mariama Unlisted" not in client.get(url).content.decode()
    client.force_login(curator)
    html = client.get(url).content.decode()
    assert "Mariama Unlisted" in html
    assert "not listed publicly" in html
