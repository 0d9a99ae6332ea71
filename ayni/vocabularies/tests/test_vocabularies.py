"""The controlled vocabularies that `migrate` loads, and the database's guard over them."""

from typing import cast

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from ayni.needs.models import Need
from ayni.needs.tests.factories import NeedFactory
from ayni.vocabularies.loading import load_vocabularies
from ayni.vocabularies.models import (
    AssistanceType,
    Country,
    Grouping,
    Language,
    Region,
    Subject,
    Target,
    VocabularyRelease,
)

pytestmark = pytest.mark.django_db

UI_LANGUAGES = {"en", "fr", "es", "pt", "ar", "zh", "ru"}

# DESIGN.md, "Controlled vocabularies": the subjects in order, the CBD codes of the first nine.
SUBJECTS = [
    "agricultural",
    "dry-subhumid-lands",
    "forest",
    "inland-waters",
    "island",
    "marine-coastal",
    "mountain",
    "access-benefit-sharing",
    "climate-change",
    "biosafety",
    "communication-education",
    "economics-incentives",
    "ecosystem-approach",
    "ecosystem-restoration",
    "health",
    "impact-assessment",
    "invasive-alien-species",
    "monitoring-indicators",
    "plant-conservation",
    "protected-areas",
    "sustainable-use",
    "taxonomy",
    "technology-transfer",
    "tourism",
    "traditional-knowledge",
    "mainstreaming",
    "gender",
    "cities-subnational",
    "business",
    "resource-mobilization",
    "spatial-planning",
]
CBD_CODES = {
    "agricultural": "CBD-SUBJECT-AGR",
    "dry-subhumid-lands": "CBD-SUBJECT-DSHL",
    "forest": "CBD-SUBJECT-FOR",
    "inland-waters": "CBD-SUBJECT-WTR",
    "island": "CBD-SUBJECT-ISL",
    "marine-coastal": "CBD-SUBJECT-MAR",
    "mountain": "CBD-SUBJECT-MNT",
    "access-benefit-sharing": "CBD-SUBJECT-ABS",
    "climate-change": "CBD-SUBJECT-CC",
}
ASSISTANCE_TYPES = [
    "expertise-advice",
    "training",
    "technology-transfer",
    "knowledge-exchange",
    "joint-research",
    "equipment",
    "policy-legal",
    "data-systems",
    "financing",
]


def _counts() -> dict[str, int]:
    models = (Region, Grouping, Country, Subject, Target, AssistanceType, Language)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["memberships"] = Country.groupings.through.objects.count()
    counts["releases"] = VocabularyRelease.objects.count()
    return counts


def test_every_iso_country_is_there():
    """The 249 countries and territories of ISO 3166-1 are loaded, codes in upper case."""
    assert Country.objects.count() == 249
    assert not Country.objects.exclude(code__regex=r"^[A-Z]{2}$").exists()


def test_senegal_sits_in_western_africa():
    """Senegal is in Africa (002), Sub-Saharan Africa (202), Western Africa (011)."""
    senegal = Country.objects.get(code="SN")
    assert (senegal.region_id, senegal.subregion_id, senegal.intermediate_region_id) == (
        "002",
        "202",
        "011",
    )
    assert senegal.region_codes() == ["011", "202", "002"]
    assert senegal.names["fr"] == "Sénégal"


def test_groupings_exist_with_their_source_and_date():
    """developing, G-77, LDC, LLDC, SIDS and LMMC exist, each saying where it comes from."""
    groupings = {g.code: g for g in Grouping.objects.all()}
    assert set(groupings) == {"developing", "g77", "ldc", "lldc", "sids", "lmmc"}
    for grouping in groupings.values():
        assert grouping.source.strip(), grouping.code
        assert grouping.as_of is not None, grouping.code
        assert grouping.countries.exists(), grouping.code


def test_sao_tome_and_principe_is_no_longer_an_ldc():
    """São Tomé and Príncipe graduated from the LDC list in December 2024."""
    sao_tome = Country.objects.get(code="ST")
    assert not sao_tome.groupings.filter(code="ldc").exists()
    assert sao_tome.groupings.filter(code="developing").exists()
    assert Country.objects.filter(groupings__code="ldc", code="SN").exists()


@pytest.mark.parametrize("model", [Country, Subject, Region, AssistanceType])
def test_terms_are_named_in_the_seven_ui_languages(model):
    """Every country, subject, region and assistance type has a name in each UI language."""
    for term in model.objects.all():
        missing = {lang for lang in UI_LANGUAGES if not term.names.get(lang)}
        assert not missing, (term.pk, missing)


def test_subjects_are_the_designed_slugs_with_their_cbd_codes():
    """The subjects are DESIGN.md's slugs in its order; the first nine carry their CBD codes."""
    assert list(Subject.objects.values_list("slug", flat=True)) == SUBJECTS
    codes = dict(Subject.objects.filter(slug__in=CBD_CODES).values_list("slug", "cbd_code"))
    assert codes == CBD_CODES
    thematic = Subject.objects.filter(group="thematic").values_list("slug", flat=True)
    assert list(thematic) == SUBJECTS[:7]


def test_targets_are_aichi_and_gbf():
    """The 20 Aichi targets, the 23 GBF targets and the GBF goals A to D are loaded."""
    expected = (
        {f"AICHI-TARGET-{n:02d}" for n in range(1, 21)}
        | {f"GBF-TARGET-{n:02d}" for n in range(1, 24)}
        | {f"GBF-GOAL-{letter}" for letter in "ABCD"}
    )
    assert set(Target.objects.values_list("code", flat=True)) == expected
    assert Target.objects.filter(framework="aichi").count() == 20
    assert Target.objects.filter(framework="gbf", kind="goal").count() == 4


def test_assistance_types_are_the_designed_slugs():
    """The assistance types are DESIGN.md's, in its order."""
    assert list(AssistanceType.objects.values_list("slug", flat=True)) == ASSISTANCE_TYPES


def test_loading_again_changes_nothing():
    """Running the loader on a loaded database changes no count (it is an upsert)."""
    before = _counts()
    load_vocabularies(apps)
    assert _counts() == before
    assert Country.objects.get(code="SN").subregion_id == "202"


def test_database_refuses_an_unknown_code_in_a_records_list():
    """A subject that is not in the vocabulary cannot be stored on a need."""
    need = cast(Need, NeedFactory())

    def add_unknown_subject() -> None:
        with transaction.atomic():
            need.subjects.add("mangroves")
            # Foreign keys are checked at commit; check them now, as the commit would.
            connection.check_constraints()

    with pytest.raises(IntegrityError):
        add_unknown_subject()
    assert list(need.subjects.all()) == []


def test_database_refuses_a_lower_case_country_code():
    """A country code in lower case breaks the table's check constraint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(code="sn", alpha3="SNX", names={"en": "Senegal"})
    assert not Country.objects.filter(alpha3="SNX").exists()
