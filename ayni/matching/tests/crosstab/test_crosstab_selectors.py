"""The cross-tabulation from the database: counts per cell, roll-ups, unmet cells, drill-down."""

import datetime as dt
from typing import Any

import pytest

from ayni.casestudies.tests.factories import CaseStudyFactory
from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.matching.crosstab import CrossTabError, crosstab_cell, crosstab_table
from ayni.needs.choices import NeedProgress
from ayni.needs.tests.factories import OfferFactory
from ayni.roster.tests.factories import OrganizationFactory

PUBLISHED = RecordStatus.PUBLISHED
TODAY = dt.date(2027, 6, 1)


@pytest.fixture
def records(db):
    """Senegal and Mali (Western Africa) need; Brazil and Argentina (South America) know."""

    def need(country, subjects, **extra):
        record = make_record("need", country=country, **{"status": PUBLISHED, **extra})
        record.subjects.set(subjects)
        record.gbf_targets.set(["GBF-TARGET-02"])
        return record

    def provider(record_type, country, subjects, **extra):
        record = make_record(record_type, country=country, **{"status": PUBLISHED, **extra})
        record.subjects.set(subjects)
        return record

    need("SN", ["marine-coastal", "forest"])
    need("SN", ["forest"])
    need("ML", ["forest"])
    need("SN", ["forest"], progress=NeedProgress.MATCHED)  # not open
    need("SN", ["forest"], status=RecordStatus.DRAFT)  # not published
    provider("expert", "SN", ["forest"])
    provider("expert", "SN", ["forest"], consent_public=False)
    provider("expert", "SN", ["forest"], available_until=dt.date(2027, 1, 1))  # ended
    provider("organization", "ML", ["forest"])
    provider("organization", "ML", ["forest"], organization_type="funder")  # not expertise
    offer: Any = OfferFactory(status=PUBLISHED, provider_country=None,
                         provider_organization=OrganizationFactory(country_id="BR"))  # fmt: skip
    offer.subjects.set(["forest"])
    case: Any = CaseStudyFactory(status=PUBLISHED)
    case.provider_countries.set(["BR", "AR"])
    case.subjects.set(["forest", "marine-coastal"])
    case.gbf_targets.set(["GBF-TARGET-02"])


def test_counts_open_published_needs_and_available_expertise_per_country(records):
    """A cell counts open published needs and available, published expertise of the country."""
    table = crosstab_table(today=TODAY)
    sn = table.cell("SN", "forest")
    assert (sn.needs, sn.experts, sn.organizations, sn.offers, sn.case_studies) == (2, 2, 0, 0, 0)
    assert table.cell("ML", "forest").organizations == 1
    assert table.cell("BR", "forest").offers == 1
    assert table.cell("BR", "forest").case_studies == 1
    assert table.cell("AR", "marine-coastal").case_studies == 1
    assert len(table.rows) > 240
    assert "tourism" in table.columns


def test_unmet_cell_has_needs_and_no_expertise(records):
    """Senegal's marine-coastal need has no expertise in Senegal: the cell is unmet."""
    table = crosstab_table(today=TODAY)
    assert table.unmet() == [("SN", "marine-coastal")]
    assert not table.is_unmet("SN", "forest")


def test_regions_roll_up_countries_and_count_a_case_study_once(records):
    """By sub-region, Senegal and Mali add up; a case study of two South American countries
    counts once in Latin America."""
    table = crosstab_table(rows="subregion", today=TODAY)
    africa = table.cell("202", "forest")
    assert (africa.needs, africa.experts, africa.organizations) == (3, 2, 1)
    assert table.cell("419", "forest").case_studies == 1
    assert table.cell("419", "forest").offers == 1


def test_groupings_roll_up_each_member_country(records):
    """By grouping, a country counts in every grouping it belongs to."""
    table = crosstab_table(rows="grouping", today=TODAY)
    assert table.cell("ldc", "forest").needs == 3
    assert table.cell("lldc", "forest").needs == 1  # Mali only
    assert table.cell("developing", "forest").case_studies == 1
    assert table.cell("sids", "forest").needs == 0


def test_targets_as_columns(records):
    """By target, GBF targets of needs and case studies are counted."""
    table = crosstab_table(columns="target", today=TODAY)
    assert table.cell("SN", "GBF-TARGET-02").needs == 2
    assert table.cell("BR", "GBF-TARGET-02").case_studies == 1


def test_ratio_threshold_flags_thin_cells(records):
    """With min_ratio 3, cells with fewer than three providers per need are unmet too."""
    table = crosstab_table(today=TODAY, min_ratio=3.0)
    assert ("ML", "forest") in table.unmet()
    assert ("SN", "forest") in table.unmet()


def test_unknown_rows_are_refused(db):
    """An unknown row kind is a clear error."""
    with pytest.raises(CrossTabError, match="unknown rows"):
        crosstab_table(rows="planet")


def test_drill_down_lists_needs_and_providers_of_a_cell(records):
    """The drill-down of (Western Africa, forest) gives its open needs and its providers;
    experts without consent are only counted."""
    cell = crosstab_cell(rows="subregion", row="202", columns="subject", column="forest",
                         today=TODAY)  # fmt: skip
    assert cell.needs.count() == 3
    assert cell.experts.count() == 1
    assert cell.unlisted_experts == 1
    assert cell.organizations.count() == 1
    assert cell.offers.count() == 0


def test_drill_down_offer_placed_by_provider_country(records):
    """An offer without its own country is placed in its provider's country."""
    cell = crosstab_cell(rows="country", row="BR", columns="subject", column="forest",
                         today=TODAY)  # fmt: skip
    assert cell.offers.count() == 1
    assert cell.case_studies.count() == 1


def test_drill_down_unknown_subject_is_refused(records):
    """A cell of an unknown subject is a clear error."""
    with pytest.raises(CrossTabError, match="unknown subject"):
        crosstab_cell(rows="country", row="SN", columns="subject", column="nothing")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_and_sequential_counts_agree():
    """Run outside a transaction, the aggregations on several connections give the same
    table as on one connection (on PostgreSQL they do run in parallel). Transactional, with
    the vocabularies rolled back (``serialized_rollback``) for the tests after."""
    need: Any = make_record("need", country="SN", status=PUBLISHED)
    need.subjects.set(["forest"])
    expert: Any = make_record("expert", country="SN", status=PUBLISHED)
    expert.subjects.set(["forest"])
    parallel = crosstab_table(today=TODAY, rows="grouping")
    sequential = crosstab_table(today=TODAY, rows="grouping", parallel=False)
    assert parallel.cells == sequential.cells
    assert parallel.cell("ldc", "forest").needs == 1
