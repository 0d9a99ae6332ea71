"""``manage.py match``: the ranked providers of a need, as text or JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ayni.core.choices import RecordStatus
from ayni.matching.models import ProviderVector
from ayni.matching.tests.services.scenario import (
    published_case_study,
    published_expert,
    published_need,
    published_offer,
)

pytestmark = pytest.mark.usefixtures("lexical_matching")


def run(*args: str) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_is_an_array_of_id_type_score_reasons():
    """--json prints the ranked providers as objects with id, type, score and reasons."""
    need = published_need(uid="sn-dpn:need-7")
    offer = published_offer(title={"fr": "Suivi des mangroves par drone"})
    published_case_study(title={"fr": "Restauration des mangroves"}, provider_countries=["GN"])
    rows = json.loads(run(need.uid, "--json", "--language", "fr"))
    assert [set(row) for row in rows] == [{"id", "type", "score", "reasons"}] * 2
    by_id = {row["id"]: row for row in rows}
    assert by_id[offer.uid]["type"] == "offer"
    assert 0 < by_id[offer.uid]["score"] <= 1
    assert "fournisseur du Sud : coopération Sud-Sud" in by_id[offer.uid]["reasons"]
    assert rows[0]["score"] >= rows[1]["score"]


def test_kind_and_limit_narrow_the_list():
    """--kind case-study --limit 1 gives one case study."""
    need = published_need()
    published_offer(title={"fr": "Suivi des mangroves"})
    studies = [
        published_case_study(title={"fr": f"Mangroves {n}"}, provider_countries=["GN"])
        for n in range(2)
    ]
    rows = json.loads(run(need.uid, "--json", "--kind", "case-study", "--limit", "1"))
    assert len(rows) == 1
    assert rows[0]["id"] in {s.uid for s in studies}


def test_countries_are_their_own_list():
    """--countries ranks countries (id is the ISO code, type "country")."""
    need = published_need()
    published_offer(title={"fr": "Suivi des mangroves"}, provider_country_id="GN")
    rows = json.loads(run(need.uid, "--countries", "--json"))
    assert rows[0]["id"] == "GN"
    assert rows[0]["type"] == "country"


def test_text_output_marks_experts_without_consent():
    """The operator sees an expert without consent, marked; --public hides it."""
    need = published_need()
    expert = published_expert(
        bio={"fr": "Suivi des mangroves"}, country_id="GN", consent_public=False
    )
    assert f"{expert.uid}" in run(need.uid)
    assert "[not public]" in run(need.uid)
    assert expert.uid not in run(need.uid, "--public")


def test_unknown_need_is_a_clear_error():
    """An id that is no need stops the command with a message (exit status 1)."""
    with pytest.raises(CommandError, match="No need with id 'nowhere:need-1'"):
        run("nowhere:need-1")


def test_public_view_refuses_an_unpublished_need():
    """--public on a draft need says it is not published."""
    need = published_need(status=RecordStatus.DRAFT)
    with pytest.raises(CommandError, match="not published"):
        run(need.uid, "--public")


def test_refresh_vectors_stores_the_providers_vectors():
    """--refresh-vectors (no need) encodes and stores the providers' texts."""
    offer = published_offer()
    run("--refresh-vectors", "--encoder", "lexical")
    assert ProviderVector.objects.filter(uid=offer.uid, encoder="lexical").exists()
