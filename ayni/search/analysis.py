"""Text analysis of the search index, in Python, the same on SQLite and on PostgreSQL.

A text becomes a list of terms: lower-cased, accents folded (NFKD without combining marks;
Arabic also loses its tatweel), then stemmed by Snowball in the text's language (en, fr, es,
pt, ar, ru). Other languages are folded only. Chinese and Japanese, written without spaces,
become overlapping character bigrams. Folding comes before stemming, so a word typed with or
without its accents ("equipement", "équipement") gives the same term.

Pure code: no Django, no database.
"""

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

#: The Snowball algorithm of each language the index stems.
STEMMERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "ar": "arabic",
    "ru": "russian",
}
#: Languages written without spaces between words: indexed as character bigrams.
BIGRAM_LANGUAGES = frozenset({"zh", "ja"})
#: The languages a query is analysed in when the reader names none (the UI languages).
QUERY_LANGUAGES = ("en", "fr", "es", "pt", "ar", "ru", "zh")

#: A word: letters and digits, with the combining marks and the tatweel written inside it.
WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670"
    r"\u06d6-\u06ed\u0640\u3099\u309a])+"
)
TATWEEL = "\u0640"


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x2FA1F  # the supplementary planes' ideographs
    )


def fold(text: str) -> str:
    """Lower case without accents: NFKD, combining marks and the Arabic tatweel dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace(TATWEEL, ""))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=16)
def _stemmer(language: str) -> object:
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of a folded word in a language (cached: Snowball here is pure Python)."""
    if language not in STEMMERS:
        return word
    return str(_stemmer(language).stemWord(word))  # type: ignore[attr-defined]


def _cjk_runs(word: str) -> Iterator[tuple[bool, str]]:
    """Split a word into runs of CJK characters and of other characters."""
    start = 0
    for index in range(1, len(word) + 1):
        if index == len(word) or _is_cjk(word[index]) != _is_cjk(word[start]):
            yield _is_cjk(word[start]), word[start:index]
            start = index


def bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a run of CJK characters (a lone character stays)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=500_000)
def word_terms(word: str, language: str) -> tuple[str, ...]:
    """The terms of one word (a run of letters and digits) of a text in a language (cached)."""
    folded = fold(word)
    terms: list[str] = []
    for cjk, run in _cjk_runs(folded):
        if cjk:
            terms.extend(bigrams(run))
        else:
            terms.append(stem(run, language))
    return tuple(term for term in terms if term)


def analyse(text: str, language: str) -> list[str]:
    """The terms of a text written in a language, in their order."""
    language = (language or "").split("-")[0].lower()
    terms: list[str] = []
    for match in WORD.finditer(text):
        terms.extend(word_terms(match.group(), language))
    return terms


def query_words(text: str) -> list[str]:
    """The words of a query as typed (runs of letters and digits)."""
    return WORD.findall(text)


def query_variants(text: str, languages: tuple[str, ...] = QUERY_LANGUAGES) -> list[list[str]]:
    """For each word of a query, the terms it may stand for in any of the languages.

    A record matches a query when, for every word, it holds one of that word's variants (a
    word in CJK script gives its bigrams, all required: one group each).
    """
    groups: list[list[str]] = []
    for word in query_words(text):
        folded = fold(word)
        if any(_is_cjk(char) for char in folded):
            for cjk, run in _cjk_runs(folded):
                if cjk:
                    groups.extend([gram] for gram in bigrams(run))
                else:
                    groups.append(sorted({stem(run, lang) for lang in languages}))
            continue
        variants = sorted({stem(folded, lang) for lang in languages} - {""})
        if variants:
            groups.append(variants)
    return groups
