"""The index ranks exactly as scoring each pair one by one, only faster."""

import random
from datetime import date
from typing import Any

import numpy as np
import pytest

from ayni.matching.engine import ProviderIndex, ProviderInput, match, score_provider
from ayni.matching.engine.scoring import Weights, centred_cosine
from ayni.matching.engine.text import SparseRows
from ayni.matching.tests.engine.builders import (
    RANGE,
    geography,
    index_of,
    labels,
    make_need,
    make_provider,
)

COUNTRIES = ["SN", "ML", "KE", "EG", "BR", "PE", "IN", "VN", "FR", "JP", "MA", "ZA"]
SUBJECTS = ["marine-coastal", "monitoring-indicators", "forest", "taxonomy", "biosafety"]
TYPES = ["training", "equipment", "expertise-advice"]


def random_provider(rng: random.Random, number: int) -> ProviderInput:
    """A provider with random codes, place, window and evidence."""
    country = rng.choice(COUNTRIES)
    start = date(2026, 1, 1).toordinal() + rng.randrange(0, 700)
    windowed = rng.random() < 0.6
    return ProviderInput(
        id=f"p{number}",
        kind=rng.choice(["expert", "organization", "offer", "case-study"]),
        country=country,
        south=geography().is_south(country),
        subjects=frozenset(rng.sample(SUBJECTS, rng.randint(0, 3))),
        targets=frozenset(rng.sample(["GBF-TARGET-02", "GBF-TARGET-08"], rng.randint(0, 2))),
        assistance_types=frozenset(rng.sample(TYPES, rng.randint(0, 2))),
        languages=frozenset(rng.sample(["fr", "en", "es", "ar"], rng.randint(0, 2))),
        regions=frozenset(rng.sample(["011", "014", "419"], rng.randint(0, 1))),
        available_from=date.fromordinal(start) if windowed else None,
        available_until=date.fromordinal(start + rng.randrange(30, 500)) if windowed else None,
        published_case_studies=rng.choice([0, 1, 4]),
        completed_partnerships=rng.choice([0, 2]),
        organization_type="funder" if rng.random() < 0.05 else "",
    )


def centred_rows(index: ProviderIndex, vectors: Any, languages: list[str]) -> Any:
    """Each row less ``language_centring`` × its language's mean vector, scaled to unit length
    (the pairwise reference of the index's centring)."""
    amount = index.weights.language_centring

    def centroid(language: str) -> Any:
        found = index.centroid_of(language)
        assert found is not None
        return found

    rows = np.array(
        [v - amount * centroid(lang) for v, lang in zip(vectors, languages, strict=True)]
    )
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def widened_cosines(query: Any, rows: Any, texts: int, share: float) -> Any:
    """The reference of pseudo-relevance feedback: the cosines of every row with the query
    plus ``share`` / n × each of its n best rows (at most ``texts``, above the "unrelated"
    cosine; all centred and unit)."""
    cosines = rows @ query
    best = [i for i in np.argsort(-cosines, kind="stable")[:texts] if cosines[i] > RANGE[0]]
    widened = query + share / len(best) * rows[best].sum(axis=0)
    return rows @ (widened / np.linalg.norm(widened))


@pytest.mark.parametrize("feedback", [0, 3])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_top_k_equals_brute_force_on_random_data(seed, feedback):
    """For random providers and vectors, the index's top 10 is the pairwise scores' top 10,
    without and with pseudo-relevance feedback (every provider a candidate)."""
    rng = random.Random(seed)
    providers = [random_provider(rng, i) for i in range(400)]
    vectors = np.random.default_rng(seed).standard_normal((400, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    query = vectors[0] * 0.5 + vectors[1] * 0.5
    query /= np.linalg.norm(query)
    weights = Weights(feedback_texts=feedback, feedback_candidates=len(providers))
    for scope in ("subregional", "regional", "global"):
        need = make_need(partner_scope=scope)
        index = index_of(providers, vectors, weights=weights)
        rows = centred_rows(index, vectors, [""] * len(providers))
        (centred_query,) = centred_rows(index, [query], [""])
        if feedback:
            cosines = widened_cosines(centred_query, rows, feedback, weights.feedback_share)
        else:
            cosines = rows @ centred_query
        result = match(need, index, k=10, need_vector=query)
        brute = sorted(
            (
                -score_provider(
                    need,
                    p,
                    float(cosines[i]),
                    similarity_range=RANGE,
                    geography=geography(),
                    labels=labels(),
                    weights=weights,
                ),
                i,
            )
            for i, p in enumerate(providers)
            if p.south and not p.is_funder
        )[:10]
        assert [m.provider_id for m in result.matches] == [providers[i].id for _s, i in brute]
        assert [m.score for m in result.matches] == pytest.approx([-s for s, _i in brute])


def test_sparse_rows_give_the_same_cosines_as_dense_vectors():
    """An index over sparse rows (latent terms) ranks as the same vectors held dense."""
    rng = np.random.default_rng(5)
    dense = np.where(rng.random((50, 64)) < 0.1, rng.random((50, 64)), 0.0).astype(np.float32)
    dense[:, 0] += 0.01  # no empty row
    rows = SparseRows.from_pairs([(np.flatnonzero(r), r[np.flatnonzero(r)]) for r in dense], 64)
    providers = [make_provider(id=f"p{i}") for i in range(50)]
    query = rows.to_dense()[7]
    by_sparse = match(make_need(), index_of(providers, rows), k=5, need_vector=query)
    by_dense = match(make_need(), index_of(providers, rows.to_dense()), k=5, need_vector=query)
    assert [m.provider_id for m in by_sparse.matches] == [m.provider_id for m in by_dense.matches]
    assert by_sparse.matches[0].provider_id == "p7"


def test_kinds_narrow_the_list():
    """Asking for offers only leaves experts and case studies out."""
    providers = [
        make_provider(id="e", kind="expert"),
        make_provider(id="o", kind="offer"),
        make_provider(id="c", kind="case-study"),
    ]
    result = match(
        make_need(), index_of(providers, np.ones((3, 2))), need_vector=np.ones(2), kinds=["offer"]
    )
    assert [m.provider_id for m in result.matches] == ["o"]


def test_match_without_vector_or_encoder_says_what_is_missing():
    """Without the need's vector and without an encoder, match refuses clearly."""
    index = index_of([make_provider()], np.ones((1, 2)))
    with pytest.raises(ValueError, match="need's vector"):
        match(make_need(), index)


def test_index_refuses_vectors_that_do_not_fit_the_providers():
    """One vector row per provider, or a clear error."""
    with pytest.raises(ValueError, match="one row each"):
        ProviderIndex.build(
            [make_provider()],
            geography=geography(),
            labels=labels(),
            vectors=np.ones((2, 2)),
            similarity_range=RANGE,
        )


def test_index_built_with_an_encoder_encodes_the_need_itself():
    """Given an encoder, the index encodes providers and the need; the same topic ranks first."""
    from ayni.matching.engine import LexicalEncoder

    providers = [
        make_provider(id="budget", title={"pt": "Gestão do orçamento municipal"}),
        make_provider(id="mangrove", title={"pt": "Monitoramento de manguezais com drones"}),
    ]
    index = ProviderIndex.build(
        providers, geography=geography(), labels=labels(), encoder=LexicalEncoder()
    )
    need = make_need(title={"fr": "Suivi des mangroves par drones"})
    assert match(need, index).matches[0].provider_id == "mangrove"


def test_language_centring_matches_the_pairwise_reference():
    """With texts in two languages (each with its own mean vector) and one rare language (the
    mean of all), the index's cosines are the pairwise centred cosines."""
    rng = np.random.default_rng(5)
    languages = ["fr"] * 12 + ["ar"] * 12 + ["zh"] * 2
    providers = [
        make_provider(id=f"p{i}", title={language: f"texte {i}"})
        for i, language in enumerate(languages)
    ]
    vectors = rng.standard_normal((len(providers), 6)).astype(np.float32)
    vectors[:12] += 2.0  # French texts share a direction: the language, not the topic
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = index_of(providers, vectors)
    need = make_need(title={"fr": "besoin"})
    query = vectors[3] * 0.6 + vectors[15] * 0.4
    query /= np.linalg.norm(query)
    amount = index.weights.language_centring

    def centroid(language: str) -> Any:
        found = index.centroid_of(language)
        assert found is not None
        return found

    expected = [
        centred_cosine(query, vectors[i], centroid("fr"), centroid(language), amount)
        for i, language in enumerate(languages)
    ]
    assert index.cosines(need, query) == pytest.approx(expected, abs=1e-5)
    assert centroid("zh") == pytest.approx(centroid(""))


def test_language_centring_lowers_what_only_the_language_shares():
    """A provider that shares only the language of the need's text loses cosine to centring,
    against one on the same topic in another language."""
    base = np.eye(4, dtype=np.float32)
    french = base[0]  # the "French" direction
    topic = base[1]
    providers = [make_provider(id=f"fr{i}", title={"fr": "x"}) for i in range(10)]
    providers += [make_provider(id=f"pt{i}", title={"pt": "x"}) for i in range(10)]
    rows = [french * 0.9 + base[2 + i % 2] * 0.44 for i in range(10)]
    rows += [topic * 0.9 + base[2 + i % 2] * 0.44 for i in range(10)]
    vectors = np.array(rows, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    need = make_need(title={"fr": "y"})
    query = (french + topic) / np.sqrt(2)
    plain = index_of(providers, vectors, weights=Weights(language_centring=0.0))
    centred = index_of(providers, vectors)
    gap_plain = plain.cosines(need, query)[0] - plain.cosines(need, query)[10]
    gap_centred = centred.cosines(need, query)[0] - centred.cosines(need, query)[10]
    assert gap_centred < gap_plain


def test_feedback_cosines_match_the_widened_query_reference():
    """With texts in two languages and a rare one, the feedback cosines are those of the need's
    centred vector widened by its three best matches' centred vectors."""
    rng = np.random.default_rng(11)
    languages = ["fr"] * 12 + ["ar"] * 12 + ["zh"] * 2
    providers = [
        make_provider(id=f"p{i}", title={language: f"texte {i}"})
        for i, language in enumerate(languages)
    ]
    vectors = rng.standard_normal((len(providers), 6)).astype(np.float32)
    vectors[:12] += 2.0
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = index_of(providers, vectors)
    need = make_need(title={"fr": "besoin"})
    query = vectors[3] * 0.6 + vectors[15] * 0.4
    query /= np.linalg.norm(query)
    rows = centred_rows(index, vectors, languages)
    (centred_query,) = centred_rows(index, [query], ["fr"])
    expected = widened_cosines(centred_query, rows, 3, index.weights.feedback_share)
    everyone = np.arange(len(providers))
    found = index.feedback_cosines(index.cosines(need, query), everyone)
    assert found == pytest.approx(expected, abs=1e-5)


def test_sparse_and_dense_rows_give_the_same_feedback_cosines():
    """Feedback reads the providers' own vectors the same way held sparse or dense."""
    rng = np.random.default_rng(3)
    dense = np.where(rng.random((30, 40)) < 0.2, rng.random((30, 40)), 0.0).astype(np.float32)
    dense[:, 0] += 0.01
    rows = SparseRows.from_pairs([(np.flatnonzero(r), r[np.flatnonzero(r)]) for r in dense], 40)
    providers = [make_provider(id=f"p{i}") for i in range(30)]
    query = rows.to_dense()[4]
    positions = np.array([0, 4, 9, 29])
    by_sparse, by_dense = index_of(providers, rows), index_of(providers, rows.to_dense())
    sparse = by_sparse.feedback_cosines(by_sparse.cosines(make_need(), query), positions)
    dense_found = by_dense.feedback_cosines(by_dense.cosines(make_need(), query), positions)
    assert sparse == pytest.approx(dense_found, abs=1e-5)


def test_feedback_lifts_the_topic_written_in_other_words():
    """A provider whose text is close to the need's best matches but not to the need's own
    words (the same topic in another language) rises above one that shares a little of
    the need's words only."""
    axes = np.eye(6, dtype=np.float32)
    need_words, topic, other_words, elsewhere = axes[0], axes[1], axes[2], axes[3]
    rows = [need_words * 0.6 + topic * 0.8] * 3  # the best matches: the need's words, the topic
    rows.append(topic * 0.9 + other_words * 0.44)  # the topic in other words
    rows.append(need_words * 0.2 + elsewhere * 0.98)  # some of the need's words, another topic
    rows += [axes[4 + i % 2] for i in range(5)]  # unrelated
    vectors = np.array(rows, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = ["best0", "best1", "best2", "topic", "words"] + [f"x{i}" for i in range(5)]
    providers = [make_provider(id=name) for name in ids]
    plain = Weights(language_centring=0.0, feedback_texts=0)
    widened = Weights(language_centring=0.0, feedback_texts=3, feedback_share=0.5)

    def ranked(weights: Weights) -> list[str]:
        found = match(
            make_need(), index_of(providers, vectors, weights), k=5, need_vector=need_words
        )
        return [m.provider_id for m in found.matches]

    assert ranked(plain).index("words") < ranked(plain).index("topic")
    assert ranked(widened).index("topic") < ranked(widened).index("words")


def test_feedback_needs_a_best_match_on_the_topic():
    """When the need's text meets no provider (every cosine at or below the encoder's
    "unrelated" one), nothing is fed back: the cosines stay as they were."""
    rng = np.random.default_rng(8)
    vectors = np.abs(rng.standard_normal((12, 5))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    providers = [make_provider(id=f"p{i}") for i in range(12)]
    index = index_of(providers, vectors, Weights(language_centring=0.0))
    cosine = np.zeros(12)
    everyone = np.arange(12)
    assert index.feedback_cosines(cosine, everyone) == pytest.approx(cosine)


def test_sparse_cosines_equal_the_dense_dot_products_whether_or_not_a_row_repeats_a_term():
    """The inverted index gives each provider the dot product of its row with the query,
    also when a row repeats a term (each of its postings counts)."""
    from ayni.matching.engine.index import _SparseText

    rng = np.random.default_rng(3)
    dense = rng.random((50, 30)) * (rng.random((50, 30)) < 0.3)
    query = rng.random(30) * (rng.random(30) < 0.5)
    rows = SparseRows.from_pairs([(np.flatnonzero(r), r[np.flatnonzero(r)]) for r in dense], 30)
    unit = np.array([r / np.linalg.norm(r) if np.linalg.norm(r) else r for r in dense])
    np.testing.assert_allclose(_SparseText(rows).cosines(query), unit @ query, atol=1e-5)

    repeated = SparseRows.from_pairs([(np.array([2, 2, 5]), np.array([0.6, 0.0, 0.8]))], 30)
    expected = 0.6 * query[2] + 0.8 * query[5]
    np.testing.assert_allclose(_SparseText(repeated).cosines(query), [expected], atol=1e-6)
