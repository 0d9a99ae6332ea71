"""Ranking many providers for one need with array operations.

``ProviderIndex.build`` turns a list of providers and their precomputed text vectors into
column arrays once (codes as boolean matrices, places as integer ids, windows as day numbers);
``match`` then scores every provider with numpy in a few milliseconds, and builds the reasons
only for the top k. The numbers are those of ``scoring.score_provider`` (a test checks it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array

from ayni.matching.engine.inputs import Geography, Labels, NeedInput, ProviderInput
from ayni.matching.engine.reasons import Reason, render_reasons
from ayni.matching.engine.scoring import (
    DEFAULT_WEIGHTS,
    EVIDENCE_SATURATION,
    MAX_DAY,
    MIN_DAY,
    SCOPE_FACTORS,
    TOPIC_SCALED,
    UNKNOWN_PLACE_FACTOR,
    Factors,
    Weights,
    explain,
    related_of,
    role_of,
    text_language,
)
from ayni.matching.engine.text import (
    FloatArray,
    SparseRows,
    TextEncoder,
    Vectors,
    normalise_rows,
)


class _Codes:
    """A set of codes per provider as a boolean matrix (providers × codes seen)."""

    def __init__(self, sets: Sequence[Iterable[str]]) -> None:
        vocabulary = sorted({code for codes in sets for code in codes})
        self.columns = {code: i for i, code in enumerate(vocabulary)}
        self.matrix = np.zeros((len(sets), max(1, len(vocabulary))), dtype=bool)
        for row, codes in enumerate(sets):
            for code in codes:
                self.matrix[row, self.columns[code]] = True
        self.empty = ~self.matrix.any(axis=1)

    def count(self, codes: Iterable[str]) -> NDArray[np.float64]:
        """How many of ``codes`` each provider has."""
        cols = [self.columns[code] for code in codes if code in self.columns]
        if not cols:
            return np.zeros(self.matrix.shape[0])
        return self.matrix[:, cols].sum(axis=1, dtype=np.float64)

    def has(self, code: str) -> NDArray[np.bool_]:
        """Whether each provider has ``code``."""
        col = self.columns.get(code)
        if col is None:
            return np.zeros(self.matrix.shape[0], dtype=bool)
        return self.matrix[:, col]


class _Ids:
    """Strings as small integers (-1 for empty), to compare places with array equality."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def of(self, value: str) -> int:
        if not value:
            return -1
        return self.ids.setdefault(value, len(self.ids))

    def get(self, value: str) -> int:
        return self.ids.get(value, -2) if value else -2


class _DenseText:
    """Provider vectors as one matrix: a cosine is a matrix-vector product."""

    def __init__(self, matrix: Vectors) -> None:
        self.matrix = matrix  # rows already L2-normalised by ProviderIndex.build

    def cosines(self, query: FloatArray) -> NDArray[np.float64]:
        return (self.matrix @ np.asarray(query, dtype=np.float32).reshape(-1)).astype(np.float64)

    def between(self, rows: NDArray[np.intp], columns: NDArray[np.intp]) -> NDArray[np.float64]:
        """Dot products of providers ``rows`` with providers ``columns``."""
        product = self.matrix[rows].astype(np.float64) @ self.matrix[columns].T.astype(np.float64)
        return np.asarray(product)

    @property
    def nbytes(self) -> int:
        return int(self.matrix.nbytes)


#: Texts of one language needed for it to have its own mean vector.
MIN_CENTROID_TEXTS = 10


class _Centring:
    """Language centring of the cosines: each text vector less ``amount`` × the mean vector of
    the providers written in its language, computed without ever making the vectors dense.
    A language with fewer than ``MIN_CENTROID_TEXTS`` provider texts (or none) is not centred
    (its mean would be the topic of those few texts, not their language):

        cos_c = (q·p − a q·μp − a μq·p + a² μq·μp) / (‖q − a μq‖ ‖p − a μp‖)

    with q·p the plain cosine, μq·p and p·μp read from a (providers × languages) table built
    once, and q·μ, μ·μ computed per query over a handful of languages.
    """

    def __init__(self, vectors: Vectors | SparseRows, languages: list[str], amount: float) -> None:
        counts: dict[str, int] = {}
        for language in languages:
            counts[language] = counts.get(language, 0) + 1
        own = sorted(lang for lang, n in counts.items() if lang and n >= MIN_CENTROID_TEXTS)
        self.groups = {language: i + 1 for i, language in enumerate(own)}  # 0: everyone
        group = np.array([self.groups.get(lang, 0) for lang in languages], dtype=np.intp)
        size, width = len(languages), len(self.groups) + 1
        if isinstance(vectors, SparseRows):
            dim = vectors.dim
            row_of = np.repeat(np.arange(size), np.diff(vectors.indptr))
            sums = np.zeros((width, dim))
            sums[1:] = np.bincount(
                group[row_of] * dim + vectors.indices,
                weights=vectors.data.astype(np.float64),
                minlength=width * dim,
            ).reshape(width, dim)[1:]
        else:
            dim = vectors.shape[1]
            sums = np.zeros((width, dim))
            matrix = np.asarray(vectors, dtype=np.float64)
            np.add.at(sums, group, matrix)
            sums[0] = 0.0  # the rare languages: not centred
        sizes = np.bincount(group, minlength=width).astype(np.float64)
        self.centroids = sums / np.maximum(sizes, 1.0)[:, None]
        # p·μk for every provider and language: the cosines of the centroids as queries.
        self.dots: NDArray[np.float64]
        if isinstance(vectors, SparseRows):
            weights = vectors.data.astype(np.float64)
            self.dots = np.stack(
                [np.bincount(row_of, weights=weights * self.centroids[k, vectors.indices],
                             minlength=size) for k in range(width)],
                axis=1,
            )  # fmt: skip
        else:
            self.dots = np.asarray(vectors, dtype=np.float64) @ self.centroids.T
        self.gram = self.centroids @ self.centroids.T
        self.group = group
        self.amount = amount
        own_dots = self.dots[np.arange(size), group]
        squared = 1.0 - 2 * amount * own_dots + amount**2 * self.gram[group, group]
        self.norms = np.sqrt(np.maximum(squared, 1e-12))
        self.inverse_norms = 1.0 / self.norms
        # What depends only on the need's language, per provider: −a μq·p + a² μq·μp, one
        # contiguous column per language.
        self.offsets = np.asfortranarray(-amount * self.dots + amount**2 * self.gram[:, group].T)

    def group_of(self, language: str) -> int:
        return self.groups.get(language, 0)

    def adjust(
        self, raw: NDArray[np.float64], query: FloatArray, language: str
    ) -> NDArray[np.float64]:
        a, g = self.amount, self.group_of(language)
        q = np.asarray(query, dtype=np.float64).reshape(-1)
        q_mu = self.centroids @ q
        q_norm = math.sqrt(max(float(q @ q) - 2 * a * q_mu[g] + a * a * self.gram[g, g], 1e-12))
        centred = raw - (a * q_mu)[self.group] + self.offsets[:, g]
        centred *= self.inverse_norms
        centred /= q_norm
        return np.asarray(centred)

    def between(
        self, raw: NDArray[np.float64], rows: NDArray[np.intp], columns: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        """Centred cosines between providers, from their plain dot products ``raw``
        (``rows`` × ``columns``): each side loses its own language's mean vector."""
        a, gr, gc = self.amount, self.group[rows], self.group[columns]
        centred = (
            raw
            - a * self.dots[rows[:, None], gc[None, :]]
            - a * self.dots[columns[None, :], gr[:, None]]
            + a * a * self.gram[gr[:, None], gc[None, :]]
        )
        return np.asarray(
            centred * self.inverse_norms[rows][:, None] * self.inverse_norms[columns][None, :]
        )

    @property
    def nbytes(self) -> int:
        return int(
            self.centroids.nbytes + self.dots.nbytes + self.norms.nbytes + self.offsets.nbytes
        )


def _slice_positions(starts: NDArray[Any], lengths: NDArray[Any]) -> NDArray[np.int64]:
    """The positions of slices ``[start, start + length)`` one after another, without a
    Python loop (the terms of several rows)."""
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return np.asarray(offsets + np.arange(int(lengths.sum())), dtype=np.int64)


class _SparseText:
    """Sparse provider vectors as an inverted index (term → providers, weights).

    A query touches only the postings of its own terms, so the cost grows with the query's
    terms and their frequency, not with the width of the vectors.
    """

    def __init__(self, rows: SparseRows) -> None:
        self.rows = rows
        self.size = len(rows)
        row_of = np.repeat(np.arange(self.size, dtype=np.int32), np.diff(rows.indptr))
        order = np.argsort(rows.indices, kind="stable")
        # Terms × providers in compressed-row form: a term's postings are one row.
        self.postings = csr_array(
            (
                rows.data[order],
                row_of[order],
                np.searchsorted(rows.indices[order], np.arange(rows.dim + 1)),
            ),
            shape=(rows.dim, self.size),
        )

    def cosines(self, query: FloatArray) -> NDArray[np.float64]:
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        terms = np.flatnonzero(query)
        # The query's terms' postings (a need's 256 terms touch some 3 million among 100,000
        # providers) taken out as one matrix and multiplied by the query's values: each
        # provider's products are added in term order, in single precision like the vectors
        # (a row that repeats a term adds each of its postings).
        sums = self.postings[terms].T @ query[terms]
        return np.asarray(sums, dtype=np.float64)

    def between(self, rows: NDArray[np.intp], columns: NDArray[np.intp]) -> NDArray[np.float64]:
        """Dot products of providers ``rows`` (a few) with providers ``columns``: the rows are
        made dense, the columns' terms looked up in them."""
        r = self.rows
        dense = np.zeros((len(rows), r.dim))
        for out, row in enumerate(rows):
            start, end = r.indptr[row], r.indptr[row + 1]
            dense[out, r.indices[start:end]] = r.data[start:end]
        starts, ends = r.indptr[columns], r.indptr[columns + 1]
        lengths = ends - starts
        positions = _slice_positions(starts, lengths)
        owner = np.repeat(np.arange(len(columns)), lengths)
        products = dense[:, r.indices[positions]] * r.data[positions]
        return np.stack(
            [np.bincount(owner, weights=line, minlength=len(columns)) for line in products]
        ) if len(rows) else np.zeros((0, len(columns)))  # fmt: skip

    @property
    def nbytes(self) -> int:
        p = self.postings
        return int(p.data.nbytes + p.indices.nbytes + p.indptr.nbytes)


@dataclass(frozen=True)
class Match:
    """One ranked provider: score, role, factor values and reasons (codes and words)."""

    provider_id: str
    kind: str
    role: str
    score: float
    factors: Mapping[str, float]
    reasons: tuple[Reason, ...]
    reasons_text: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchResult:
    """The South-South list, and apart from it the developed-country partners and funders."""

    need_id: str
    matches: tuple[Match, ...]
    triangular_partners: tuple[Match, ...] = ()
    funders: tuple[Match, ...] = ()


@dataclass
class ProviderIndex:
    """Column arrays over a fixed list of providers, built once, queried many times."""

    providers: list[ProviderInput]
    vectors: Vectors | SparseRows
    geography: Geography
    labels: Labels
    similarity_range: tuple[float, float]
    encoder: TextEncoder | None = None
    weights: Weights = field(default_factory=Weights)
    _arrays: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        providers: Sequence[ProviderInput],
        *,
        geography: Geography,
        labels: Labels,
        vectors: FloatArray | SparseRows | None = None,
        encoder: TextEncoder | None = None,
        similarity_range: tuple[float, float] | None = None,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> ProviderIndex:
        """Index providers; pass their cached ``vectors`` or an ``encoder`` to compute them."""
        providers = list(providers)
        if vectors is None:
            if encoder is None:
                raise ValueError("ProviderIndex.build needs vectors or an encoder")
            texts = [p.text for p in providers]
            encode_rows = getattr(encoder, "encode_rows", None)
            vectors = (
                encode_rows(texts, kind="passage")
                if encode_rows is not None
                else encoder.encode(texts, kind="passage")
            )
        if not isinstance(vectors, SparseRows):
            vectors = normalise_rows(vectors)
        if len(vectors) != len(providers):
            raise ValueError(f"{len(vectors)} vectors for {len(providers)} providers: one row each")
        if similarity_range is None:
            if encoder is None:
                raise ValueError("ProviderIndex.build needs a similarity_range or an encoder")
            similarity_range = encoder.similarity_range
        index = cls(
            providers=providers,
            vectors=vectors,
            geography=geography,
            labels=labels,
            similarity_range=similarity_range,
            encoder=encoder,
            weights=weights,
        )
        index._prepare()
        return index

    def _prepare(self) -> None:
        providers, geography = self.providers, self.geography
        places = _Ids()
        unit, subregion, region = [], [], []
        for provider in providers:
            place = geography.place(provider.country)
            unit.append(places.of(place.intermediate_region or place.subregion))
            subregion.append(places.of(place.subregion))
            region.append(places.of(place.region))
        evidence = np.array(
            [p.published_case_studies + 2 * p.completed_partnerships for p in providers],
            dtype=np.float64,
        )
        roles = np.array([role_of(p) for p in providers])
        vectors = self.vectors
        self._arrays = {
            "text": _SparseText(vectors)
            if isinstance(vectors, SparseRows)
            else _DenseText(vectors),
            "subjects": _Codes([p.subjects for p in providers]),
            "targets": _Codes([p.targets for p in providers]),
            "assistance": _Codes([p.assistance_types for p in providers]),
            "languages": _Codes([p.working_languages for p in providers]),
            "regions": _Codes([p.regions for p in providers]),
            "places": places,
            "unit": np.array(unit, dtype=np.int32),
            "subregion": np.array(subregion, dtype=np.int32),
            "region": np.array(region, dtype=np.int32),
            "from": np.array([_day(p.available_from, MIN_DAY) for p in providers], np.int64),
            "until": np.array([_day(p.available_until, MAX_DAY) for p in providers], np.int64),
            "evidence": np.minimum(1.0, np.log1p(evidence) / math.log1p(EVIDENCE_SATURATION)),
            "south_south": roles == "south-south",
            "triangular": roles == "triangular-partner",
            "funder": roles == "funder",
            "kind": np.array([p.kind for p in providers]),
        }
        if self.weights.language_centring > 0 and providers:
            self._arrays["centring"] = _Centring(
                vectors,
                [text_language(p.title, p.description) for p in providers],
                self.weights.language_centring,
            )

    def __len__(self) -> int:
        return len(self.providers)

    def nbytes(self) -> int:
        """Memory held by the arrays of the index (vectors included), in bytes."""
        total = 0
        for value in self._arrays.values():
            if isinstance(value, _DenseText | _SparseText | _Centring):
                total += value.nbytes
            elif isinstance(value, np.ndarray):
                total += int(value.nbytes)
            elif isinstance(value, _Codes):
                total += int(value.matrix.nbytes + value.empty.nbytes)
        return total

    def centroid_of(self, language: str) -> NDArray[np.float64] | None:
        """The mean vector taken off the texts of ``language`` (None without centring)."""
        centring: _Centring | None = self._arrays.get("centring")
        if centring is None:
            return None
        return np.asarray(centring.centroids[centring.group_of(language)])

    def cosines(self, need: NeedInput, need_vector: FloatArray) -> NDArray[np.float64]:
        """The cosine of the need's text with every provider's, language-centred when the
        weights ask for it (see ``_Centring``)."""
        raw = self._arrays["text"].cosines(need_vector)
        centring: _Centring | None = self._arrays.get("centring")
        if centring is None:
            return np.asarray(raw)
        return centring.adjust(raw, need_vector, text_language(need.title, need.description))

    def feedback_cosines(
        self, cosine: NDArray[np.float64], positions: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        """The cosines of providers ``positions`` with the need's query widened by its best
        text matches (pseudo-relevance feedback).

        ``cosine`` holds the need's (centred) cosine with every provider. The widened query is
        q + s × (p1 + … + pm), with p1 … pm the m providers of highest cosine (centred like
        every text) and s = ``feedback_share`` / m; its cosine with a provider p is
        (q·p + s Σ pk·p) / ‖q + s Σ pk‖, computed for ``positions`` only; a best match whose
        cosine does not exceed the encoder's "unrelated" one is left out. A text in another
        language on the same topic as the best matches gains; one that shares only the need's
        words, or only its language, gains little.
        """
        w = self.weights
        m = min(w.feedback_texts, len(self))
        if m <= 0 or not len(positions):
            return np.asarray(cosine[positions])
        best = np.argpartition(-cosine, m - 1)[:m] if len(self) > m else np.arange(len(self))
        # Only texts above the encoder's "unrelated" cosine feed back (none for a need whose
        # text meets nothing).
        best = best[cosine[best] > self.similarity_range[0]]
        if not len(best):
            return np.asarray(cosine[positions])
        text = self._arrays["text"]
        centring: _Centring | None = self._arrays.get("centring")
        to_positions = text.between(best, positions)
        among = text.between(best, best)
        if centring is not None:
            to_positions = centring.between(to_positions, best, positions)
            among = centring.between(among, best, best)
        share = w.feedback_share / len(best)
        squared = 1.0 + 2.0 * share * float(cosine[best].sum()) + share**2 * float(among.sum())
        widened = cosine[positions] + share * to_positions.sum(axis=0)
        return np.asarray(widened / math.sqrt(max(squared, 1e-12)))

    def text_factor(self, cosine: NDArray[np.float64]) -> NDArray[np.float64]:
        """Cosines mapped onto [0, 1] between the "unrelated" and "same topic" cosines."""
        low, high = self.similarity_range
        return np.asarray(np.clip((cosine - low) / (high - low), 0.0, 1.0))

    def factor_arrays(
        self,
        need: NeedInput,
        need_vector: FloatArray,
        cosine: NDArray[np.float64] | None = None,
    ) -> dict[str, NDArray[Any]]:
        """Every factor for every provider, as arrays (the vectorised ``compute_factors``);
        ``cosine``, the need's text cosine with every provider, is computed when not given."""
        a, w = self._arrays, self.weights
        if cosine is None:
            cosine = self.cosines(need, need_vector)
        text = self.text_factor(cosine)

        if need.subjects:
            exact = a["subjects"].count(need.subjects)
            related = a["subjects"].count(related_of(need.subjects, self.labels))
            subjects = np.minimum(
                1.0, (exact + w.related_subject_credit * related) / len(need.subjects)
            )
            subjects = np.where(a["subjects"].empty, w.unstated, subjects)
        else:
            subjects = np.full(len(self), w.unstated)
        targets = self._coverage(a["targets"], need.targets)
        assistance = self._coverage(a["assistance"], need.assistance_types)

        sought = need.working_languages
        if sought:
            shared = a["languages"].count(sought) > 0
            language = np.where(a["languages"].empty, 0.5, shared.astype(np.float64))
        else:
            language = np.full(len(self), 0.5)

        scope = self._scope(need)

        start = _day(need.timeframe_start, MIN_DAY)
        end = _day(need.timeframe_end, MAX_DAY)
        overlap = np.minimum(end, a["until"]) - np.maximum(start, a["from"])
        if need.timeframe_start is None or need.timeframe_end is None:
            availability = (overlap >= 0).astype(np.float64)
        else:
            availability = np.where(overlap >= 0, (overlap + 1) / (end - start + 1), 0.0)

        return {
            "text": text,
            "subjects": subjects,
            "targets": targets,
            "assistance": assistance,
            "language": language,
            "scope": scope,
            "availability": availability,
            "evidence": a["evidence"],
        }

    def _coverage(self, codes: _Codes, sought: frozenset[str]) -> NDArray[np.float64]:
        if not sought:
            return np.full(len(self), self.weights.unstated)
        return np.where(codes.empty, self.weights.unstated, codes.count(sought) / len(sought))

    def _scope(self, need: NeedInput) -> NDArray[np.float64]:
        a = self._arrays
        place = self.geography.place(need.country)
        if not place.region:
            return np.full(len(self), UNKNOWN_PLACE_FACTOR)
        places: _Ids = a["places"]
        level = np.zeros(len(self), dtype=np.int8)
        checks = (
            (1, place.region, a["region"]),
            (2, place.subregion if place.intermediate_region else "", a["subregion"]),
            (3, place.intermediate_region or place.subregion, a["unit"]),
        )
        for value, code, column in checks:
            if not code:
                continue
            near = (column == places.get(code)) | a["regions"].has(code)
            level[near] = value
        table = np.array(SCOPE_FACTORS.get(need.partner_scope, SCOPE_FACTORS["global"]))
        return np.asarray(table[level], dtype=np.float64)

    def scores(
        self, need: NeedInput, need_vector: FloatArray
    ) -> tuple[NDArray[np.float64], dict[str, NDArray[Any]]]:
        """The score of every provider (without the North factor) and the factor arrays.

        With feedback (``Weights.feedback_texts``), the ``feedback_candidates`` best providers
        of this first score get their text factor from ``feedback_cosines`` and are scored
        again; the others keep their first score.
        """
        w = self.weights
        cosine = self.cosines(need, need_vector)
        factors = self.factor_arrays(need, need_vector, cosine)
        total = self._combine(factors)
        if w.feedback_texts > 0 and w.feedback_candidates > 0 and len(self):
            count = min(w.feedback_candidates, len(self))
            candidates = (
                np.argpartition(-total, count - 1)[:count]
                if count < len(self)
                else np.arange(len(self))
            )
            text = factors["text"].copy()
            text[candidates] = self.text_factor(self.feedback_cosines(cosine, candidates))
            factors["text"] = text
            total[candidates] = self._combine(
                {name: column[candidates] for name, column in factors.items()}
            )
        return total, factors

    def _combine(self, factors: Mapping[str, NDArray[Any]]) -> NDArray[np.float64]:
        """The weighted sum of the factor columns times the gates (the vectorised ``combine``)."""
        w = self.weights
        others = np.zeros(len(factors["text"]))
        for name in TOPIC_SCALED:
            others += getattr(w, name) * factors[name]
        topic = w.topic_floor + (1.0 - w.topic_floor) * factors["text"]
        total = w.text * factors["text"] + topic * others
        total *= np.where(factors["language"] == 0.0, w.no_language_gate, 1.0)
        total *= np.where(factors["availability"] == 0.0, w.unavailable_gate, 1.0)
        return np.asarray(np.clip(total, 0.0, 1.0))


def _day(value: Any, default: int) -> int:
    return int(value.toordinal()) if value is not None else default


def top_k(scores: NDArray[np.float64], mask: NDArray[np.bool_], k: int) -> NDArray[np.intp]:
    """Positions of the k best scores among ``mask``, best first (ties: index order)."""
    candidates = np.flatnonzero(mask)
    if k <= 0 or candidates.size == 0:
        return np.zeros(0, dtype=np.intp)
    values = scores[candidates]
    if candidates.size > k:
        keep = np.argpartition(-values, k - 1)[:k]
        threshold = values[keep].min()
        # Keep every tie at the threshold so the order by index is stable.
        keep = np.flatnonzero(values >= threshold)
        candidates, values = candidates[keep], values[keep]
    order = np.lexsort((candidates, -values))[:k]
    return candidates[order]


def encode_need(need: NeedInput, encoder: TextEncoder) -> Vectors:
    """The need's text encoded as a query."""
    return encoder.encode([need.text], kind="query")[0]


def match(
    need: NeedInput,
    index: ProviderIndex,
    k: int = 10,
    *,
    need_vector: FloatArray | None = None,
    language: str = "en",
    kinds: Iterable[str] | None = None,
    south_south_only: bool = True,
    side_k: int = 3,
) -> MatchResult:
    """The k best providers for a need, with reasons in ``language``.

    The main list holds South-South providers (funders apart). Developed-country providers
    and funders come in their own short lists (``side_k`` each) for triangular cooperation;
    with ``south_south_only=False`` developed-country providers join the main list, lowered by
    the North factor and flagged as triangular partners.
    """
    if need_vector is None:
        if index.encoder is None:
            raise ValueError("match needs the need's vector or an index built with an encoder")
        need_vector = encode_need(need, index.encoder)
    scores, factors = index.scores(need, need_vector)
    a = index._arrays
    allowed = np.ones(len(index), dtype=bool)
    if kinds is not None:
        allowed = np.isin(a["kind"], list(kinds))
    main_mask = allowed & a["south_south"]
    main_scores = scores
    if not south_south_only:
        main_mask = main_mask | (allowed & a["triangular"])
        main_scores = np.where(a["triangular"], scores * index.weights.north_factor, scores)

    def build(positions: NDArray[np.intp], values: NDArray[np.float64]) -> tuple[Match, ...]:
        return tuple(_make_match(index, need, int(i), float(values[i]), factors, language)
                     for i in positions)  # fmt: skip

    return MatchResult(
        need_id=need.id,
        matches=build(top_k(main_scores, main_mask, k), main_scores),
        triangular_partners=build(top_k(scores, allowed & a["triangular"], side_k), scores),
        funders=build(top_k(scores, allowed & a["funder"], side_k), scores),
    )


def _make_match(
    index: ProviderIndex,
    need: NeedInput,
    position: int,
    score: float,
    factors: Mapping[str, NDArray[Any]],
    language: str,
) -> Match:
    provider = index.providers[position]
    values = Factors(**{name: float(column[position]) for name, column in factors.items()})
    reasons = explain(need, provider, values, geography=index.geography, labels=index.labels)
    return Match(
        provider_id=provider.id,
        kind=provider.kind,
        role=role_of(provider),
        score=score,
        factors=values.as_dict(),
        reasons=tuple(reasons),
        reasons_text=tuple(render_reasons(reasons, language, index.labels, index.geography)),
    )
