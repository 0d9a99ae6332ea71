"""Reasons come as codes with parameters, and in words in the reader's language."""

from datetime import date

import numpy as np
import pytest

from ayni.matching.engine import Reason, match, render_reason
from ayni.matching.engine.reasons import LANGUAGES, PHRASES
from ayni.matching.tests.engine.builders import (
    geography,
    index_of,
    labels,
    make_need,
    make_provider,
)


def words(language: str) -> tuple[str, ...]:
    """The rendered reasons of the Malian expert for the Senegalese need."""
    provider = make_provider(
        published_case_studies=3,
        available_from=date(2026, 1, 1),
        available_until=date(2028, 1, 1),
    )
    result = match(
        make_need(),
        index_of([provider], np.ones((1, 2))),
        need_vector=np.ones(2),
        language=language,
    )
    return result.matches[0].reasons_text


def test_reasons_are_rendered_in_french():
    """A French reader reads French phrases, with region and language names in French."""
    text = words("fr")
    assert "travaillent tous deux en français" in text
    assert "même sous-région : Afrique occidentale" in text
    assert "3 études de cas publiées" in text
    assert "disponible dans les délais" in text


def test_reasons_are_rendered_in_arabic():
    """An Arabic reader reads Arabic phrases, with names in Arabic."""
    text = words("ar")
    assert "يعمل الطرفان باللغة الفرنسية" in text
    assert "المنطقة دون الإقليمية نفسها: غرب أفريقيا" in text
    assert "دراسات حالة منشورة: 3" in text


def test_reasons_are_rendered_in_english_with_plurals():
    """English reads "both work in French", "same subregion: Western Africa" and plurals."""
    text = words("en")
    assert "both work in French" in text
    assert "same subregion: Western Africa" in text
    assert "3 published case studies" in text
    one = Reason("case_studies", {"count": 1})
    assert render_reason(one, "en", labels(), geography()) == "1 published case study"


def test_unknown_reader_language_falls_back_to_english():
    """A language without phrases reads English."""
    reason = Reason("language", {"languages": ["fr"]})
    assert render_reason(reason, "sw", labels(), geography()) == "both work in French"


@pytest.mark.parametrize("code", sorted(PHRASES))
def test_every_reason_has_a_phrase_in_every_ui_language(code):
    """Each reason code has a phrase in en, fr, es, pt, ar, zh and ru."""
    assert set(PHRASES[code]) >= set(LANGUAGES)
