"""The text analysis (pure: no database): folding, stemming per language, CJK bigrams."""

from ayni.search.analysis import analyse, fold, query_variants


def test_folding_drops_accents_case_and_tatweel():
    """'Équipement' folds to 'equipement'; Arabic loses diacritics and tatweel."""
    assert fold("Équipement") == "equipement"
    assert fold("الْغَابَات") == "الغابات"
    assert fold("غـــابة") == "غابة"


def test_words_are_stemmed_in_the_texts_language():
    """French, Spanish, Portuguese and Russian plurals give their singular's stem."""
    assert analyse("mangroves", "fr") == analyse("mangrove", "fr")
    assert analyse("restauración", "es") == analyse("restauracion", "es") == ["restaur"]
    assert analyse("conservação", "pt") == analyse("conservacao", "pt")
    assert analyse("лесов", "ru") == analyse("леса", "ru")


def test_other_languages_are_folded_only():
    """A language without a stemmer keeps its words whole, folded."""
    assert analyse("Schützgebiete", "de") == ["schutzgebiete"]


def test_chinese_becomes_character_bigrams():
    """An unspaced Chinese phrase becomes its overlapping bigrams."""
    assert analyse("生物多样性", "zh") == ["生物", "物多", "多样", "样性"]


def test_query_words_get_one_group_of_variants_each():
    """Each word gives the set of its analyses in every UI language; CJK a group per bigram."""
    groups = query_variants("Mangroves 湿地")
    assert "mangrov" in groups[0]
    assert groups[1] == ["湿地"]
