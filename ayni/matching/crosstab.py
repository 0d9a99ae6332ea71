"""The needs × expertise cross-tabulation from the database: counts by SQL, drill-down.

``crosstab_table`` reads the stored counts kept in step with every write
(``ayni.matching.crosstab_counts``) once they are built; the reference, and the path before
the first build, counts with ``GROUP BY`` over the tables that hold the records' code lists
(``Need.subjects.through`` and the like): a handful of aggregate queries, whatever the number
of records, and no Python loop over records. The pure table (shape, "unmet" rule, CSV, JSON)
is ``ayni.matching.engine.crosstab``.

What a cell counts (see docs/benchmarks-method.md, "The cross-tabulation"):

- **needs**: published needs whose progress is open, of the row's countries, on the column's
  subject or target;
- **experts**: published experts living in the row's countries whose availability has not
  ended (``available_until`` empty or not before today);
- **organizations**: published organizations of the row's countries, funders left out (they
  finance, they are not expertise);
- **offers**: published offers not yet expired, placed in the offer's provider country, else
  its provider's country;
- **case studies**: published case studies with a provider country in the row; a case study
  with two provider countries in one region counts once in that region's row.

Rows by region, sub-region or grouping roll up the countries' counts (a country belongs to
several groupings, so grouping rows overlap). Experts and offers carry GBF targets only;
organizations, needs and case studies GBF and Aichi targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from ayni.casestudies.models import CaseStudy
from ayni.core.choices import RecordStatus
from ayni.core.models import pick_language
from ayni.matching.crosstab_counts import counts_built, read_counts
from ayni.matching.engine.crosstab import KINDS, CrossTab, UnmetRule, build_crosstab, roll_up
from ayni.needs.choices import NeedProgress
from ayni.needs.models import Need, Offer
from ayni.roster.choices import OrganizationType
from ayni.roster.models import Expert, Organization
from ayni.vocabularies.models import Country, Grouping, Region, Subject, Target

RowKind = Literal["country", "region", "subregion", "grouping"]
ColumnKind = Literal["subject", "target"]
ROW_KINDS: tuple[str, ...] = ("country", "region", "subregion", "grouping")
COLUMN_KINDS: tuple[str, ...] = ("subject", "target")
SOURCES: tuple[str, ...] = ("auto", "counts", "records")
PUBLISHED = RecordStatus.PUBLISHED
#: How many aggregations run at once (each on its own connection) outside a transaction.
PARALLEL_QUERIES = 4


class CrossTabError(ValueError):
    """A row or column kind, or a cell key, that the cross-tabulation does not know."""


# --- what each kind counts -------------------------------------------------------------------


def _available(prefix: str, today: dt.date) -> Q:
    """Not past its availability window."""
    return Q(**{f"{prefix}available_until__isnull": True}) | Q(
        **{f"{prefix}available_until__gte": today}
    )


def open_needs() -> QuerySet[Need]:
    """Published needs still open."""
    return Need.objects.filter(status=PUBLISHED, progress=NeedProgress.OPEN)


def available_experts(today: dt.date) -> QuerySet[Expert]:
    """Published experts whose availability has not ended."""
    return Expert.objects.filter(_available("", today), status=PUBLISHED)


def available_organizations() -> QuerySet[Organization]:
    """Published organizations other than funders."""
    return Organization.objects.filter(status=PUBLISHED).exclude(
        organization_type=OrganizationType.FUNDER
    )


def available_offers(today: dt.date) -> QuerySet[Offer]:
    """Published offers not yet expired."""
    return Offer.objects.filter(_available("", today), status=PUBLISHED)


def published_case_studies() -> QuerySet[CaseStudy]:
    """Published case studies."""
    return CaseStudy.objects.filter(status=PUBLISHED)


OFFER_COUNTRY = Coalesce(
    "provider_country", "provider_organization__country", "provider_expert__country"
)


def _column_fields(column_kind: str, model: type[Model]) -> list[str]:
    if column_kind == "subject":
        return ["subjects"]
    names = {field.name for field in model._meta.get_fields()}
    return [name for name in ("gbf_targets", "aichi_targets") if name in names]


def _through(model: type[Model], field_name: str) -> tuple[str, str, str]:
    """The table of a code list, its column of the record's key and its column of the code."""
    field: Any = model._meta.get_field(field_name)
    through = field.remote_field.through
    return (
        through._meta.db_table,
        through._meta.get_field(field.m2m_field_name()).column,
        through._meta.get_field(field.m2m_reverse_field_name()).column,
    )


def _table(model: type[Model]) -> str:
    return model._meta.db_table


Query = tuple[str, str, list[Any]]  # (kind, SQL, parameters)


def _aggregate(sql: str, params: list[Any]) -> list[tuple[str, str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row, column, n) for row, column, n in cursor.fetchall() if row is not None]


def _in_thread(sql: str, params: list[Any]) -> list[tuple[str, str, int]]:
    """One aggregation on this thread's own connection, closed afterwards."""
    try:
        return _aggregate(sql, params)
    finally:
        connection.close()


def _run(queries: list[Query], *, parallel: bool) -> list[tuple[str, str, str, int]]:
    """Run the aggregations, at once on a few connections when that is safe.

    In parallel only outside a transaction (inside one, other connections would not see its
    uncommitted rows) and not on an in-memory SQLite database; the counts are the same.
    """
    in_memory = bool(getattr(connection, "is_in_memory_db", lambda: False)())
    if not parallel or connection.in_atomic_block or in_memory or len(queries) < 2:
        results = [_aggregate(sql, params) for _kind, sql, params in queries]
    else:
        with ThreadPoolExecutor(max_workers=min(PARALLEL_QUERIES, len(queries))) as pool:
            futures = [pool.submit(_in_thread, sql, params) for _kind, sql, params in queries]
            results = [future.result() for future in futures]
    return [
        (kind, row, column, n)
        for (kind, _sql, _params), rows in zip(queries, results, strict=True)
        for row, column, n in rows
    ]


# The aggregations are written in SQL (portable: SQLite and PostgreSQL) rather than with the
# ORM for one reason: the join order. ``code list CROSS JOIN record`` makes SQLite read the
# code list in key order and each record once, in order; left to itself it walks the records
# by the country index, at random, three to four times slower on a million records.
# PostgreSQL plans a CROSS JOIN with a WHERE like any inner join.


def _country_queries(column_kind: str, today: dt.date) -> Iterator[Query]:
    """The aggregations (kind, country, column, count) of needs, experts, organizations and
    offers."""
    quote = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value(today)
    available = "(r.available_until IS NULL OR r.available_until >= %s)"
    organizations, experts = _table(Organization), _table(Expert)
    sources: list[tuple[str, type[Model], str, str, list[Any]]] = [
        ("needs", Need, "r.country_id", "r.status = %s AND r.progress = %s",
         [PUBLISHED, NeedProgress.OPEN]),
        ("experts", Expert, "r.country_id", f"r.status = %s AND {available}", [PUBLISHED, day]),
        ("organizations", Organization, "r.country_id",
         "r.status = %s AND r.organization_type <> %s", [PUBLISHED, OrganizationType.FUNDER]),
        ("offers", Offer, "COALESCE(r.provider_country_id, o.country_id, e.country_id)",
         f"r.status = %s AND {available}", [PUBLISHED, day]),
    ]  # fmt: skip
    for kind, model, country, condition, params in sources:
        joins = ""
        if model is Offer:
            joins = (
                f" LEFT JOIN {quote(organizations)} o ON o.id = r.provider_organization_id"
                f" LEFT JOIN {quote(experts)} e ON e.id = r.provider_expert_id"
            )
        for field_name in _column_fields(column_kind, model):
            table, record, code = _through(model, field_name)
            # Names from the models' metadata, quoted; values as parameters.
            sql = (
                f"SELECT {country}, t.{quote(code)}, COUNT(*)"  # noqa: S608
                f" FROM {quote(table)} t CROSS JOIN {quote(_table(model))} r{joins}"
                f" WHERE t.{quote(record)} = r.id AND {condition}"
                " GROUP BY 1, 2"
            )
            yield kind, sql, params


def _case_study_queries(row_kind: str, column_kind: str) -> Iterator[Query]:
    """The aggregations (kind, row, column, count) of case studies: distinct per row."""
    quote = connection.ops.quote_name
    places, place_record, place_country = _through(CaseStudy, "provider_countries")
    if row_kind == "country":
        row, joins = f"p.{quote(place_country)}", ""
    elif row_kind in ("region", "subregion"):
        row = f"c.{row_kind}_id"
        joins = f" JOIN {quote(_table(Country))} c ON c.code = p.{quote(place_country)}"
    else:
        members, member_country, member_grouping = _through(Country, "groupings")
        row = f"g.{quote(member_grouping)}"
        joins = f" JOIN {quote(members)} g ON g.{quote(member_country)} = p.{quote(place_country)}"
    # A case study names a country once: by country, no need for DISTINCT.
    count = "COUNT(*)" if row_kind == "country" else "COUNT(DISTINCT r.id)"
    for field_name in _column_fields(column_kind, CaseStudy):
        table, record, code = _through(CaseStudy, field_name)
        sql = (
            f"SELECT {row}, t.{quote(code)}, {count}"  # noqa: S608
            f" FROM {quote(table)} t CROSS JOIN {quote(_table(CaseStudy))} r"
            f" CROSS JOIN {quote(places)} p{joins}"
            f" WHERE t.{quote(record)} = r.id AND p.{quote(place_record)} = r.id"
            " AND r.status = %s GROUP BY 1, 2"
        )
        yield "case_studies", sql, [PUBLISHED]


# --- axes -------------------------------------------------------------------------------------


def _axis(kind: str, language: str) -> tuple[list[str], dict[str, str]]:
    """The codes of an axis in order and their names in ``language``."""
    items: list[tuple[str, dict[str, str]]]
    if kind == "country":
        items = list(Country.objects.order_by("code").values_list("code", "names"))
    elif kind in ("region", "subregion"):
        items = list(
            Region.objects.filter(level=kind).order_by("code").values_list("code", "names")
        )
    elif kind == "grouping":
        items = list(Grouping.objects.order_by("position").values_list("code", "names"))
    elif kind == "subject":
        items = list(Subject.objects.order_by("position").values_list("slug", "names"))
    elif kind == "target":
        items = list(Target.objects.order_by("position").values_list("code", "names"))
    else:
        raise CrossTabError(f"unknown axis {kind!r}")
    return [code for code, _ in items], {
        code: pick_language(names, language)[1] or code for code, names in items
    }


def country_membership(row_kind: str) -> Mapping[str, tuple[str, ...]]:
    """Country → the rows it counts in (itself, its M49 area, or its groupings)."""
    if row_kind == "country":
        return {code: (code,) for code in Country.objects.values_list("code", flat=True)}
    if row_kind in ("region", "subregion"):
        column = f"{row_kind}_id"
        return {
            code: (area,) if area else ()
            for code, area in Country.objects.values_list("code", column)
        }
    if row_kind == "grouping":
        members: dict[str, list[str]] = {}
        through = Country.groupings.through.objects.values_list("country_id", "grouping_id")
        for country, grouping in through:
            members.setdefault(country, []).append(grouping)
        return {country: tuple(groupings) for country, groupings in members.items()}
    raise CrossTabError(f"unknown rows {row_kind!r}: one of {', '.join(ROW_KINDS)}")


def _check(row_kind: str, column_kind: str) -> None:
    if row_kind not in ROW_KINDS:
        raise CrossTabError(f"unknown rows {row_kind!r}: one of {', '.join(ROW_KINDS)}")
    if column_kind not in COLUMN_KINDS:
        raise CrossTabError(f"unknown columns {column_kind!r}: one of {', '.join(COLUMN_KINDS)}")


# --- selectors --------------------------------------------------------------------------------


def crosstab_table(
    *,
    rows: str = "country",
    columns: str = "subject",
    min_ratio: float = 0.0,
    language: str = "en",
    today: dt.date | None = None,
    parallel: bool = True,
    source: str = "auto",
) -> CrossTab:
    """The cross-tabulation of open needs against available expertise (every row × column).

    Public data only (published records, counts of experts without names), so no actor.
    ``source`` says where the numbers come from: ``"counts"``, the stored counts kept in step
    with the writes (``ayni.matching.crosstab_counts``, a few thousand rows read);
    ``"records"``, aggregations over the records themselves (the reference, slow on a million
    records); ``"auto"`` (the default), the counts once they are built, else the records.
    ``parallel`` runs the aggregations over the records on a few connections at once when it
    is safe.
    """
    _check(rows, columns)
    if min_ratio < 0:
        raise CrossTabError("the minimum ratio cannot be negative")
    if source not in SOURCES:
        raise CrossTabError(f"unknown source {source!r}: one of {', '.join(SOURCES)}")
    today = today or timezone.localdate()
    row_codes, row_labels = _axis(rows, language)
    column_codes, column_labels = _axis(columns, language)
    if source == "auto":
        source = "counts" if counts_built() else "records"
    if source == "counts":
        found = read_counts(row_kind=rows, column_kind=columns, today=today)
        country_kinds = {kind for kind in KINDS if kind != "case_studies"}
    else:
        by_country = list(_country_queries(columns, today))
        by_row = list(_case_study_queries(rows, columns))
        found = _run([*by_country, *by_row], parallel=parallel)
        country_kinds = {kind for kind, _sql, _params in by_country}
    counts = list(roll_up((c for c in found if c[0] in country_kinds), country_membership(rows)))
    counts.extend(c for c in found if c[0] not in country_kinds)
    return build_crosstab(
        counts,
        row_kind=rows,
        column_kind=columns,
        rows=row_codes,
        columns=column_codes,
        rule=UnmetRule(min_ratio=min_ratio),
        row_labels=row_labels,
        column_labels=column_labels,
    )


@dataclass
class CellRecords:
    """The needs and providers behind one cell (querysets, to be sliced by the caller)."""

    row_kind: str
    row: str
    column_kind: str
    column: str
    needs: QuerySet[Need]
    experts: QuerySet[Expert]
    organizations: QuerySet[Organization]
    offers: QuerySet[Offer]
    case_studies: QuerySet[CaseStudy]
    #: Experts counted in the cell who did not consent to be listed publicly.
    unlisted_experts: int


def row_countries(row_kind: str, row: str) -> list[str]:
    """The countries of one row (a country, an M49 region or sub-region, a grouping)."""
    found = [code for code, rows in country_membership(row_kind).items() if row in rows]
    if not found:
        raise CrossTabError(f"no country in the {row_kind} {row!r}")
    return sorted(found)


def _column_filter(column_kind: str, column: str, prefix: str = "") -> Q:
    if column_kind == "subject":
        if not Subject.objects.filter(slug=column).exists():
            raise CrossTabError(f"unknown subject {column!r}")
        return Q(**{f"{prefix}subjects": column})
    if not Target.objects.filter(code=column).exists():
        raise CrossTabError(f"unknown target {column!r}")
    return Q(**{f"{prefix}gbf_targets": column})


def _target_filter(model: type[Model], column_kind: str, column: str) -> Q:
    condition = _column_filter(column_kind, column)
    if column_kind == "target" and "aichi_targets" in _column_fields("target", model):
        condition |= Q(aichi_targets=column)
    return condition


def crosstab_cell(
    *,
    rows: str,
    row: str,
    columns: str,
    column: str,
    today: dt.date | None = None,
) -> CellRecords:
    """The drill-down of one cell: its open needs and its providers, as the cell counts them.

    Experts who did not consent to be listed are counted in ``unlisted_experts`` and left out
    of ``experts``.
    """
    _check(rows, columns)
    today = today or timezone.localdate()
    countries = row_countries(rows, row)

    def on_column(queryset: QuerySet[Any], model: type[Model]) -> QuerySet[Any]:
        return queryset.filter(_target_filter(model, columns, column)).distinct()

    needs = on_column(open_needs().filter(country__in=countries), Need)
    experts = on_column(available_experts(today).filter(country__in=countries), Expert)
    offers = on_column(
        available_offers(today)
        .annotate(place=OFFER_COUNTRY)
        .filter(place__in=countries),
        Offer,
    )  # fmt: skip
    case_studies = on_column(
        published_case_studies().filter(provider_countries__in=countries), CaseStudy
    )
    organizations = on_column(available_organizations().filter(country__in=countries), Organization)
    return CellRecords(
        row_kind=rows,
        row=row,
        column_kind=columns,
        column=column,
        needs=needs.select_related("country").order_by("-updated", "pk"),
        experts=experts.filter(consent_public=True)
        .select_related("country", "organization")
        .order_by("name", "pk"),
        organizations=organizations.select_related("country").order_by("pk"),
        offers=offers.select_related(
            "provider_country", "provider_organization", "provider_expert"
        ).order_by("-updated", "pk"),
        case_studies=case_studies.order_by("-updated", "pk"),
        unlisted_experts=experts.filter(consent_public=False).count(),
    )
