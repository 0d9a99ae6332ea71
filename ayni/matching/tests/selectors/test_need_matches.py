"""The providers of a need: ranking across languages, South-South first, who sees what."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.matching.selectors import (
    need_country_matches,
    need_match_lists,
    need_matches,
    need_triangular_suggestions,
)
from ayni.matching.tests.services.scenario import (
    published_case_study,
    published_expert,
    published_need,
    published_offer,
    published_organization,
)

pytestmark = pytest.mark.usefixtures("lexical_matching")

MANGROVE_PT = {
    "pt": "Formação em monitoramento e restauração de manguezais com drones",
}
MANGROVE_PT_DESCRIPTION = {
    "pt": "Capacitamos agentes no monitoramento e na restauração dos mangues do delta.",
}


def test_french_need_finds_portuguese_offer_on_the_same_topic_first():
    """A French mangrove need ranks the Brazilian offer on mangroves above an unrelated one."""
    need = published_need()
    unrelated = published_offer(
        title={"pt": "Estatísticas da pesca de atum no Atlântico"},
        description={"pt": "Contagem de capturas de atum pelos barcos industriais."},
        provider_country_id="BR",
        subjects=["marine-coastal"],
    )
    mangroves = published_offer(
        title=MANGROVE_PT,
        description=MANGROVE_PT_DESCRIPTION,
        provider_country_id="BR",
        subjects=["marine-coastal"],
    )
    matches = need_matches(need=need, actor=None, language="fr")
    ids = [m.id for m in matches]
    assert ids.index(mangroves.uid) < ids.index(unrelated.uid)
    assert matches[0].type == "offer"
    assert "thèmes communs : Diversité biologique marine et côtière" in matches[0].reasons
    assert {"code": "south_south", "params": {}} in matches[0].structured_reasons


def test_reasons_are_in_the_readers_language():
    """The same match explained in English and in French."""
    need = published_need()
    published_offer(title=MANGROVE_PT, provider_country_id="BR", languages=["fr", "pt"])
    english = need_matches(need=need, actor=None, language="en")[0]
    french = need_matches(need=need, actor=None, language="fr")[0]
    assert "both work in French" in english.reasons
    assert "travaillent tous deux en français" in french.reasons


def test_developed_country_organization_is_a_triangular_partner_not_south_south():
    """A French (developed) organization on the very topic is listed apart as a triangular
    partner, never in the South-South list."""
    need = published_need()
    north = published_organization(
        name={"fr": "Institut de recherche sur les mangroves et leur suivi par drone"},
        country_id="FR",
        subjects=["marine-coastal"],
        languages=["fr"],
    )
    south = published_organization(
        name={"fr": "Centre de suivi des mangroves"}, country_id="GN", languages=["fr"]
    )
    lists = need_match_lists(need=need, actor=None)
    assert [m.id for m in lists.matches] == [south.uid]
    assert [m.id for m in lists.triangular_partners] == [north.uid]
    assert lists.triangular_partners[0].role == "triangular-partner"
    codes = [r["code"] for r in lists.triangular_partners[0].structured_reasons]
    assert "triangular_partner" in codes


def test_expert_without_consent_is_hidden_from_a_visitor():
    """An expert who did not consent to be listed is matched for a curator, never shown to
    a visitor."""
    need = published_need()
    shy = published_expert(
        bio={"fr": "Suivi des mangroves par drone"}, country_id="GN", consent_public=False
    )
    listed = published_expert(bio={"fr": "Restauration des mangroves"}, country_id="CI")
    visitor = [m.id for m in need_matches(need=need, actor=None)]
    assert visitor == [listed.uid]
    assert shy.uid not in visitor


def test_curator_sees_the_expert_without_consent_flagged(curator):
    """The curator sees every match; the expert without consent is flagged not public."""
    need = published_need()
    shy = published_expert(
        bio={"fr": "Suivi des mangroves par drone"}, country_id="GN", consent_public=False
    )
    found = {m.id: m for m in need_matches(need=need, actor=curator)}
    assert found[shy.uid].public is False


def test_visitor_cannot_match_an_unpublished_need():
    """The matches of a draft need are not for visitors."""
    need = published_need(status=RecordStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        need_matches(need=need, actor=None)


def test_kind_narrows_the_list():
    """``kind='case-study'`` keeps only case studies."""
    need = published_need()
    published_offer(title=MANGROVE_PT, provider_country_id="BR")
    study = published_case_study(
        title={"fr": "Restauration des mangroves en Guinée"}, provider_countries=["GN"]
    )
    matches = need_matches(need=need, actor=None, kind="case-study")
    assert [m.id for m in matches] == [study.uid]
    assert matches[0].type == "case-study"


def test_evidence_of_published_case_studies_is_a_reason():
    """An organization named in a published case study has it as evidence."""
    need = published_need()
    organization = published_organization(
        name={"fr": "Centre des mangroves"}, country_id="GN", centre_of_excellence=True
    )
    study = published_case_study(title={"en": "Mangroves"}, provider_countries=["GN"])
    study.organizations.set([organization])
    found = {m.id: m for m in need_matches(need=need, actor=None, kind="organization")}
    match = found[organization.uid]
    assert {"code": "case_studies", "params": {"count": 1}} in match.structured_reasons
    assert match.centre_of_excellence is True


def test_countries_are_ranked_from_their_providers():
    """Guinea, with two fitting providers, comes before Brazil with one unrelated one;
    a developed country is not ranked."""
    need = published_need()
    published_offer(title={"fr": "Suivi des mangroves par drone"}, provider_country_id="GN")
    published_case_study(
        title={"fr": "Restauration des mangroves du delta"}, provider_countries=["GN"]
    )
    published_offer(title={"pt": "Estatísticas de atum"}, provider_country_id="BR")
    published_organization(name={"fr": "Mangroves et drones"}, country_id="FR")
    countries = need_country_matches(need=need, actor=None, language="fr")
    assert [c.country for c in countries] == ["GN", "BR"]
    assert countries[0].provider_count == 2
    assert countries[0].name == "Guinée"


def test_triangular_suggestion_pairs_a_southern_provider_with_a_funder():
    """A funder's financing offer on mangroves joins the best Southern provider."""
    need = published_need(assistance_types=["training"])
    provider = published_offer(
        title={"fr": "Formation au suivi des mangroves"}, provider_country_id="GN"
    )
    funder = published_organization(
        name={"fr": "Fonds pour la restauration des mangroves"},
        country_id="DE",
        organization_type="funder",
        subjects=["marine-coastal"],
    )
    suggestions = need_triangular_suggestions(need=need, actor=None)
    assert suggestions
    assert suggestions[0].provider.id == provider.uid
    assert suggestions[0].funder.id == funder.uid
