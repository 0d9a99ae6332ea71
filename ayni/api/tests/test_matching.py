"""The matching endpoints: a need's providers, an offer's or expert's needs, errors."""

import pytest

from ayni.api.tests.conftest import client_for
from ayni.core.choices import RecordStatus
from ayni.matching.tests.services.scenario import (
    lexical_matching,  # noqa: F401
    published_expert,
    published_need,
    published_offer,
    published_organization,
)

pytestmark = pytest.mark.usefixtures("lexical_matching")


def test_need_matches_lists_ranked_providers_with_reasons(visitor_api):
    """200: the South-South providers, best first, with reasons in the language asked."""
    need = published_need()
    offer = published_offer(
        title={"pt": "Monitoramento de manguezais com drones"}, subjects=["marine-coastal"]
    )
    north = published_organization(name={"fr": "Mangroves et drones"}, country_id="FR")
    response = visitor_api.get(f"/api/v1/needs/{need.uid}/matches", {"language": "fr"})
    assert response.status_code == 200
    body = response.json()
    assert body["need"] == need.uid
    assert [item["id"] for item in body["items"]] == [offer.uid]
    item = body["items"][0]
    assert item["type"] == "offer"
    assert 0 < item["score"] <= 1
    assert item["role"] == "south-south"
    assert "fournisseur du Sud : coopération Sud-Sud" in item["reasons"]
    assert {"code": "south_south", "params": {}} in item["structured_reasons"]
    assert [p["id"] for p in body["triangular_partners"]] == [north.uid]


def test_need_matches_take_limit_and_kind(visitor_api):
    """?kind=expert&limit=1 gives one expert."""
    need = published_need()
    published_offer(title={"fr": "Mangroves"})
    experts = [published_expert(bio={"fr": f"Mangroves {n}"}) for n in range(2)]
    body = visitor_api.get(
        f"/api/v1/needs/{need.uid}/matches", {"kind": "expert", "limit": 1}
    ).json()
    assert len(body["items"]) == 1
    assert body["items"][0]["id"] in {e.uid for e in experts}


def test_need_matches_hide_experts_without_consent_from_visitors(visitor_api, curator):
    """A visitor never sees an expert without consent; a curator does, flagged."""
    need = published_need()
    shy = published_expert(bio={"fr": "Suivi des mangroves"}, consent_public=False)
    path = f"/api/v1/needs/{need.uid}/matches"
    assert shy.uid not in visitor_api.get(path).content.decode()
    items = client_for(curator).get(path).json()["items"]
    assert [(item["id"], item["public"]) for item in items] == [(shy.uid, False)]


def test_unknown_need_is_a_404_in_the_error_shape(visitor_api):
    """An id that is no need: 404 with code, message and the path parameter at fault."""
    response = visitor_api.get("/api/v1/needs/nowhere:need-1/matches")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "nowhere:need-1" in error["message"]
    assert error["details"] == [
        {"location": "path", "field": "record_id", "message": "nowhere:need-1"}
    ]


def test_unpublished_need_is_a_404_for_a_visitor(visitor_api):
    """A draft need's matches are not for visitors (as its detail is not)."""
    need = published_need(status=RecordStatus.DRAFT)
    assert visitor_api.get(f"/api/v1/needs/{need.uid}/matches").status_code == 404


def test_bad_parameters_are_a_422_in_the_error_shape(visitor_api):
    """An unknown kind or a limit out of range: 422 naming the query parameter."""
    need = published_need()
    response = visitor_api.get(f"/api/v1/needs/{need.uid}/matches", {"kind": "country"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "kind"
    too_many = visitor_api.get(f"/api/v1/needs/{need.uid}/matches", {"limit": 500})
    assert too_many.status_code == 422


def test_country_matches_rank_countries(visitor_api):
    """The countries that could meet a need, best first."""
    need = published_need()
    published_offer(title={"fr": "Suivi des mangroves"}, provider_country_id="GN")
    body = visitor_api.get(f"/api/v1/needs/{need.uid}/country-matches").json()
    assert [item["country"] for item in body["items"]] == ["GN"]


def test_offer_matches_list_the_needs_it_could_meet(visitor_api):
    """An offer's matches are needs, with reasons."""
    need = published_need()
    offer = published_offer(title={"fr": "Suivi des mangroves"}, languages=["fr"])
    response = visitor_api.get(f"/api/v1/offers/{offer.uid}/matches", {"language": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["provider"] == offer.uid
    assert [item["id"] for item in body["items"]] == [need.uid]
    assert body["items"][0]["type"] == "need"
    assert "both work in French" in body["items"][0]["reasons"]


def test_expert_matches_list_needs_and_hide_experts_without_consent(visitor_api):
    """A consenting expert's matches are needs; one without consent is a 404 to a visitor."""
    need = published_need()
    expert = published_expert(bio={"fr": "Suivi des mangroves"})
    shy = published_expert(consent_public=False)
    body = visitor_api.get(f"/api/v1/experts/{expert.uid}/matches").json()
    assert [item["id"] for item in body["items"]] == [need.uid]
    assert visitor_api.get(f"/api/v1/experts/{shy.uid}/matches").status_code == 404


def test_unknown_offer_is_a_404(visitor_api):
    """An offer id that does not exist: 404 in the error shape."""
    response = visitor_api.get("/api/v1/offers/nowhere:offer-1/matches")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_record_detail_still_answers_beside_the_matches(visitor_api):
    """The need's own detail is untouched by the matches route."""
    need = published_need()
    assert visitor_api.get(f"/api/v1/needs/{need.uid}").json()["id"] == need.uid


def test_need_ids_with_slashes_reach_their_matches(visitor_api):
    """Harvested ids may hold slashes: the matches route still finds the need."""
    need = published_need(uid="cbd:needs/2024/7")
    response = visitor_api.get(f"/api/v1/needs/{need.uid}/matches")
    assert response.status_code == 200
    assert response.json()["need"] == "cbd:needs/2024/7"
