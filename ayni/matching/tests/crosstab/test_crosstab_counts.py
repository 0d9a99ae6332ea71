"""The stored counts of the cross-tabulation: equal to the count from the records (the
reference) after any sequence of writes, on any day, for every shape of the table."""

import datetime as dt
import random
from typing import Any

import pytest
from django.core.management import call_command

from ayni.casestudies.tests.factories import CaseStudyFactory
from ayni.core.choices import RecordStatus
from ayni.core.exchange import vocabularies, write_records
from ayni.core.services import record_archive, record_create, record_publish, record_update
from ayni.federation.formats.ayni_jsonl import validate_record
from ayni.matching.crosstab import COLUMN_KINDS, ROW_KINDS, crosstab_table
from ayni.matching.crosstab_counts import counts_built
from ayni.matching.models import CrossTabContribution, CrossTabCount
from ayni.matching.services import crosstab_counts_rebuild, crosstab_counts_refresh
from ayni.needs.choices import NeedProgress
from ayni.needs.tests.factories import NeedFactory, OfferFactory
from ayni.roster.tests.factories import ExpertFactory, OrganizationFactory

TODAY = dt.date(2027, 6, 1)
DAYS = (TODAY - dt.timedelta(days=40), TODAY, TODAY + dt.timedelta(days=40))
# Western Africa, Eastern Africa, South America, Southern Asia, Europe, an island state.
COUNTRIES = ("SN", "ML", "KE", "BR", "AR", "IN", "FR", "FJ")
SUBJECTS = ("forest", "marine-coastal", "taxonomy", "tourism", "agricultural")
GBF = ("GBF-TARGET-01", "GBF-TARGET-02", "GBF-TARGET-03")
AICHI = ("AICHI-TARGET-05", "AICHI-TARGET-11")
STATUSES = (RecordStatus.PUBLISHED, RecordStatus.PUBLISHED, RecordStatus.DRAFT,
            RecordStatus.ARCHIVED)  # fmt: skip
KINDS = ("need", "expert", "organization", "offer", "case-study")


def assert_same_tables(days=DAYS) -> None:
    """The counts give the very table the records give, for every shape and day."""
    for rows in ROW_KINDS:
        for columns in COLUMN_KINDS:
            for today in days:
                fast = crosstab_table(rows=rows, columns=columns, today=today, source="counts")
                slow = crosstab_table(
                    rows=rows, columns=columns, today=today, source="records", parallel=False
                )
                assert fast.cells == slow.cells, (rows, columns, today)


class RandomWrites:
    """Random records and random changes to them, each followed by the counts' refresh."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.records: list[tuple[str, Any]] = []

    def pick(self, values: tuple[Any, ...], low: int = 0, high: int = 2) -> list[Any]:
        return self.rng.sample(values, self.rng.randint(low, min(high, len(values))))

    def until(self) -> dt.date | None:
        if self.rng.random() < 0.4:
            return None
        return TODAY + dt.timedelta(days=self.rng.randint(-60, 60))

    def codes(self, record: Any, record_type: str) -> None:
        record.subjects.set(self.pick(SUBJECTS, 1, 3))
        record.gbf_targets.set(self.pick(GBF))
        if record_type in ("need", "organization", "case-study"):
            record.aichi_targets.set(self.pick(AICHI, 0, 1))
        if record_type == "case-study":
            record.provider_countries.set(self.pick(COUNTRIES, 1, 3))

    def scalars(self, record_type: str) -> dict[str, Any]:
        values: dict[str, Any] = {"status": self.rng.choice(STATUSES)}
        country = self.rng.choice(COUNTRIES)
        if record_type == "need":
            values.update(country_id=country, progress=self.rng.choice(list(NeedProgress)))
        elif record_type == "expert":
            values.update(country_id=country, available_until=self.until())
        elif record_type == "organization":
            values.update(
                country_id=country,
                organization_type=self.rng.choice(["research", "ngo", "funder"]),
            )
        elif record_type == "offer":
            organizations = [r for t, r in self.records if t == "organization"]
            by_organization = organizations and self.rng.random() < 0.4
            values.update(
                available_until=self.until(),
                provider_country_id=None if by_organization else country,
                provider_organization=(self.rng.choice(organizations) if by_organization else None),
            )
        return values

    def create(self) -> None:
        record_type = self.rng.choice(KINDS)
        factory: Any = {
            "need": NeedFactory,
            "expert": ExpertFactory,
            "organization": OrganizationFactory,
            "offer": OfferFactory,
            "case-study": CaseStudyFactory,
        }[record_type]
        record = factory(**self.scalars(record_type))
        self.codes(record, record_type)
        self.records.append((record_type, record))
        crosstab_counts_refresh(record_type=record_type, pks=[record.pk])

    def change(self) -> None:
        record_type, record = self.rng.choice(self.records)
        if self.rng.random() < 0.5:
            for name, value in self.scalars(record_type).items():
                setattr(record, name, value)
            record.save()
        else:
            self.codes(record, record_type)
        crosstab_counts_refresh(record_type=record_type, pks=[record.pk])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_equal_the_reference_after_random_writes(db, seed):
    """After random creations and changes (country, codes, status, progress, availability,
    organization type, an offer's organization moving), each refreshed, the stored counts give
    the same table as the count from the records, for every row and column kind and day;
    and a rebuild from scratch gives the same counts again."""
    crosstab_counts_rebuild()
    writes = RandomWrites(seed)
    for step in range(60):
        writes.create() if step < 25 or writes.rng.random() < 0.3 else writes.change()
    assert_same_tables()
    before = sorted(
        CrossTabCount.objects.values_list(
            "kind", "row_kind", "row", "column_kind", "column", "until", "count"
        )
    )
    crosstab_counts_rebuild()
    after = sorted(
        CrossTabCount.objects.values_list(
            "kind", "row_kind", "row", "column_kind", "column", "until", "count"
        )
    )
    assert before == after
    assert_same_tables()


def test_rebuild_counts_existing_records(db):
    """Records written before the first build are all counted by the rebuild."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED, country_id="SN")
    need.subjects.set(["forest"])
    case: Any = CaseStudyFactory(status=RecordStatus.PUBLISHED)
    case.provider_countries.set(["BR", "AR"])
    case.subjects.set(["forest"])
    assert not counts_built()
    crosstab_counts_rebuild()
    assert counts_built()
    table = crosstab_table(rows="subregion", today=TODAY, source="counts")
    assert table.cell("419", "forest").case_studies == 1  # once for two South American countries
    assert crosstab_table(today=TODAY, source="counts").cell("SN", "forest").needs == 1
    assert_same_tables()


def test_availability_follows_the_day_without_recount(db):
    """An expert available until 1 June counts on that day and not on the next, with no
    recomputation in between."""
    crosstab_counts_rebuild()
    expert: Any = ExpertFactory(
        status=RecordStatus.PUBLISHED, country_id="KE", available_until=TODAY
    )
    expert.subjects.set(["taxonomy"])
    crosstab_counts_refresh(record_type="expert", pks=[expert.pk])
    on_day = crosstab_table(today=TODAY, source="counts").cell("KE", "taxonomy")
    after = crosstab_table(today=TODAY + dt.timedelta(days=1), source="counts")
    assert on_day.experts == 1
    assert after.cell("KE", "taxonomy").experts == 0


def test_before_the_first_build_the_records_are_counted(db):
    """Until the counts are built, the table counts from the records and writes store no
    counts."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED, country_id="SN")
    need.subjects.set(["forest"])
    assert crosstab_counts_refresh(record_type="need", pks=[need.pk]) == 0
    assert not CrossTabContribution.objects.exists()
    assert crosstab_table(today=TODAY).cell("SN", "forest").needs == 1  # "auto": the records


def need_data(**extra: Any) -> dict[str, Any]:
    return {"country": "SN", "title": {"fr": "Suivi des mangroves"}, "subjects": ["forest"],
            **extra}  # fmt: skip


def test_services_keep_the_counts_in_step(db, curator):
    """Creating, publishing, editing and archiving a need through the services moves its
    count with no explicit refresh."""
    crosstab_counts_rebuild()

    def forest_needs(country: str) -> int:
        table = crosstab_table(today=TODAY, source="counts")
        return table.cell(country, "forest").needs

    need = record_create(record_type="need", data=need_data(), actor=curator)
    assert forest_needs("SN") == 0  # a draft
    record_publish(record=need, actor=curator)
    assert forest_needs("SN") == 1
    record_update(record=need, data=need_data(country="ML"), actor=curator)
    assert (forest_needs("SN"), forest_needs("ML")) == (0, 1)
    record_archive(record=need, actor=curator)
    assert forest_needs("ML") == 0
    assert_same_tables(days=(TODAY,))


def test_bulk_import_is_counted_after_commit(db, settings, django_capture_on_commit_callbacks):
    """An import of more records than are counted inline is counted by the background task
    once the transaction commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    crosstab_counts_rebuild()
    parsed = [
        validate_record(
            {"type": "need", "id": f"test:bulk-{i}", "status": "published",
             **need_data(country="BR" if i % 2 else "SN")},
            vocabularies(),
        )
        for i in range(120)
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        write_records("need", parsed)
    assert callbacks
    table = crosstab_table(today=TODAY, source="counts")
    assert (table.cell("SN", "forest").needs, table.cell("BR", "forest").needs) == (60, 60)
    assert_same_tables(days=(TODAY,))


def test_refresh_command_rebuilds_the_counts(db):
    """``manage.py matching_refresh --only crosstab`` builds the counts from the records."""
    need: Any = NeedFactory(status=RecordStatus.PUBLISHED, country_id="SN")
    need.subjects.set(["forest"])
    call_command("matching_refresh", "--only", "crosstab", stdout=None)
    assert counts_built()
    assert crosstab_table(today=TODAY, source="counts").cell("SN", "forest").needs == 1
