"""The cross-tabulation's counts, kept in step with the writes, so that the table reads a few
thousand rows instead of aggregating every record.

Two tables (``ayni.matching.models``):

- ``CrossTabContribution``: what each record adds, one row per (country, code, end of
  availability) it counts in, written by the same SQL conditions as the reference count
  (``ayni.matching.crosstab``): published, open needs; published experts and offers (with
  their ``available_until``); published organizations other than funders; published case
  studies by provider country.
- ``CrossTabCount``: the sums, by (kind, row, column, end of availability). Needs, experts,
  organizations and offers are summed by country and rolled up when read; case studies are
  summed for every row kind (country, region, sub-region, grouping) counting each case study
  once per row, as ``COUNT(DISTINCT)`` does in the reference.

Availability is exact for any day: a count keeps the end of availability of what it counts, and
the read adds the counts whose end is not before ``today``; nothing has to be recomputed when a
day passes.

``crosstab_counts_refresh`` takes back what the given records added and adds what they add now
(a few rows per record); ``crosstab_counts_rebuild`` recomputes everything from the records (the
daily safety net for writes that do not go through the services, and after a vocabulary
change). Until the first rebuild the counts are not used (``counts_built()`` is false) and the
writes do not maintain them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q
from django.utils import timezone

from ayni.casestudies.models import CaseStudy
from ayni.core.choices import RecordStatus
from ayni.needs.choices import NeedProgress
from ayni.needs.models import Need, Offer
from ayni.roster.choices import OrganizationType
from ayni.roster.models import Expert, Organization
from ayni.vocabularies.models import Country

PUBLISHED = RecordStatus.PUBLISHED
NO_END = dt.date(9999, 12, 31)
CASE_STUDIES = "case_studies"
#: Kind of count → record type and model.
KIND_RECORDS: dict[str, tuple[str, type[Model]]] = {
    "needs": ("need", Need),
    "experts": ("expert", Expert),
    "organizations": ("organization", Organization),
    "offers": ("offer", Offer),
    CASE_STUDIES: ("case-study", CaseStudy),
}
RECORD_KINDS = {record_type: kind for kind, (record_type, _model) in KIND_RECORDS.items()}
ROLLED_UP_ROW_KINDS = ("region", "subregion", "grouping")
CHUNK = 500
_COLUMNS = ("kind", "record_pk", "country", "row_kind", "row", "column_kind", "column", "until",
            "count")  # fmt: skip

Key = tuple[str, str, str, str, str, dt.date]  # kind, row kind, row, column kind, column, until
Contribution = tuple[str, str, str, dt.date]  # country, column kind, column, until


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _through(model: type[Model], field_name: str) -> tuple[str, str, str]:
    field: Any = model._meta.get_field(field_name)
    through = field.remote_field.through
    return (
        through._meta.db_table,
        through._meta.get_field(field.m2m_field_name()).column,
        through._meta.get_field(field.m2m_reverse_field_name()).column,
    )


def _code_lists(model: type[Model]) -> list[tuple[str, str]]:
    """(column kind, field) of the code lists a model is counted on."""
    names = {field.name for field in model._meta.get_fields()}
    return [("subject", "subjects")] + [
        ("target", name) for name in ("gbf_targets", "aichi_targets") if name in names
    ]


def _contribution_queries(kind: str, pks: Sequence[int] | None) -> Iterator[tuple[str, list[Any]]]:
    """SELECTs of (record key, country, column kind, column, until) of one kind, for the
    records ``pks`` (every record when None), with the reference's conditions."""
    _record_type, model = KIND_RECORDS[kind]
    table = _quote(model._meta.db_table)
    no_end = connection.ops.adapt_datefield_value(NO_END)
    until, until_params = "%s", [no_end]
    joins = ""
    if kind == "needs":
        country, condition = "r.country_id", "r.status = %s AND r.progress = %s"
        params: list[Any] = [PUBLISHED, NeedProgress.OPEN]
    elif kind == "experts":
        country, condition, params = "r.country_id", "r.status = %s", [PUBLISHED]
        until = "COALESCE(r.available_until, %s)"
    elif kind == "organizations":
        country = "r.country_id"
        condition = "r.status = %s AND r.organization_type <> %s"
        params = [PUBLISHED, OrganizationType.FUNDER]
    elif kind == "offers":
        country = "COALESCE(r.provider_country_id, o.country_id, e.country_id)"
        condition, params = "r.status = %s", [PUBLISHED]
        until = "COALESCE(r.available_until, %s)"
        joins = (
            f" LEFT JOIN {_quote(Organization._meta.db_table)} o"
            " ON o.id = r.provider_organization_id"
            f" LEFT JOIN {_quote(Expert._meta.db_table)} e ON e.id = r.provider_expert_id"
        )
    else:
        places, place_record, place_country = _through(CaseStudy, "provider_countries")
        country = f"p.{_quote(place_country)}"
        condition, params = "r.status = %s", [PUBLISHED]
        joins = f" CROSS JOIN {_quote(places)} p"
        condition += f" AND p.{_quote(place_record)} = r.id"
    chosen = ""
    if pks is not None:
        chosen = f" AND r.id IN ({', '.join(['%s'] * len(pks))})"
    for column_kind, field_name in _code_lists(model):
        codes, record, code = _through(model, field_name)
        # Names from the models' metadata, quoted; values as parameters.
        sql = (
            f"SELECT r.id, {country}, %s, t.{_quote(code)}, {until}"  # noqa: S608
            f" FROM {_quote(codes)} t CROSS JOIN {table} r{joins}"
            f" WHERE t.{_quote(record)} = r.id AND {condition}{chosen}"
            f" AND {country} IS NOT NULL"
        )
        yield sql, [column_kind, *until_params, *params, *(pks or [])]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def _contributions(kind: str, pks: Sequence[int]) -> dict[int, set[Contribution]]:
    """What the records ``pks`` of one kind add now."""
    found: dict[int, set[Contribution]] = defaultdict(set)
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        for sql, params in _contribution_queries(kind, chunk):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                for pk, country, column_kind, column, until in cursor.fetchall():
                    found[pk].add((country, column_kind, column, _as_date(until)))
    return found


def _stored_contributions(kind: str, pks: Sequence[int]) -> dict[int, set[Contribution]]:
    from ayni.matching.models import CrossTabContribution

    found: dict[int, set[Contribution]] = defaultdict(set)
    for start in range(0, len(pks), CHUNK):
        rows = CrossTabContribution.objects.filter(
            kind=kind, record_pk__in=pks[start : start + CHUNK]
        ).values_list("record_pk", "country", "column_kind", "column", "until")
        for pk, country, column_kind, column, until in rows:
            found[pk].add((country, column_kind, column, until))
    return found


def _memberships() -> dict[str, Mapping[str, tuple[str, ...]]]:
    from ayni.matching.crosstab import country_membership

    return {row_kind: country_membership(row_kind) for row_kind in ROLLED_UP_ROW_KINDS}


def _keys(
    kind: str,
    contributions: set[Contribution],
    memberships: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> set[Key]:
    """The counts one record adds 1 to: by country; case studies also once per wider row."""
    keys = {(kind, "country", c, ck, col, until) for c, ck, col, until in contributions}
    if kind == CASE_STUDIES:
        for row_kind, membership in memberships.items():
            keys |= {
                (kind, row_kind, row, ck, col, until)
                for c, ck, col, until in contributions
                for row in membership.get(c, ())
            }
    return keys


def counts_built() -> bool:
    """Whether the counts have been built (and are therefore maintained and read)."""
    from ayni.matching.models import CrossTabCountsState

    return CrossTabCountsState.objects.exists()


def _lock_state() -> Any:
    """The state row, locked until the end of the transaction (PostgreSQL): one writer of the
    counts at a time, so that two writes or a write and a rebuild never interleave."""
    from ayni.matching.models import CrossTabCountsState

    return CrossTabCountsState.objects.select_for_update().order_by("pk").first()


def _dependent_offers(record_type: str, pks: Sequence[int]) -> list[int]:
    """Offers placed through these organizations or experts (their country may have moved)."""
    if record_type not in ("organization", "expert"):
        return []
    found: list[int] = []
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        condition = (
            Q(provider_organization__in=chunk)
            if record_type == "organization"
            else Q(provider_expert__in=chunk)
        )
        found.extend(Offer.objects.filter(condition).values_list("pk", flat=True))
    return found


def _apply(deltas: Mapping[Key, int]) -> None:
    """Add the deltas to the counts (creating, updating, deleting rows)."""
    from ayni.matching.models import CrossTabCount

    changed = {key: delta for key, delta in deltas.items() if delta}
    if not changed:
        return
    existing: dict[Key, CrossTabCount] = {}
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for kind, row_kind, _row, column_kind, column, _until in changed:
        groups[(kind, row_kind, column_kind)].append(column)
    for (kind, row_kind, column_kind), columns in groups.items():
        rows = {
            key[2] for key in changed if (key[0], key[1], key[3]) == (kind, row_kind, column_kind)
        }
        for start in range(0, len(columns), CHUNK):
            for item in CrossTabCount.objects.filter(
                kind=kind,
                row_kind=row_kind,
                column_kind=column_kind,
                column__in=sorted(set(columns[start : start + CHUNK])),
                row__in=sorted(rows),
            ):
                existing[
                    (item.kind, item.row_kind, item.row, item.column_kind, item.column, item.until)
                ] = item
    to_create: list[CrossTabCount] = []
    to_update: list[CrossTabCount] = []
    to_delete: list[int] = []
    for key, delta in changed.items():
        found = existing.get(key)
        if found is None:
            if delta < 0:
                raise RuntimeError(f"cross-tabulation counts out of step at {key}: rebuild them")
            kind, row_kind, row, column_kind, column, until = key
            to_create.append(
                CrossTabCount(
                    kind=kind,
                    row_kind=row_kind,
                    row=row,
                    column_kind=column_kind,
                    column=column,
                    until=until,
                    count=delta,
                )
            )
        elif found.count + delta <= 0:
            if found.count + delta < 0:
                raise RuntimeError(f"cross-tabulation counts out of step at {key}: rebuild them")
            to_delete.append(found.pk)
        else:
            found.count += delta
            to_update.append(found)
    CrossTabCount.objects.bulk_create(to_create, batch_size=CHUNK)
    CrossTabCount.objects.bulk_update(to_update, ["count"], batch_size=CHUNK)
    for start in range(0, len(to_delete), CHUNK):
        CrossTabCount.objects.filter(pk__in=to_delete[start : start + CHUNK]).delete()


@transaction.atomic
def refresh_counts(*, record_type: str, pks: Iterable[int]) -> int:
    """Bring the counts in step with the records ``pks`` of ``record_type`` as they are now.

    Does nothing before the first rebuild or for a type the cross-tabulation does not count.
    Returns how many records were looked at.
    """
    kind = RECORD_KINDS.get(record_type)
    if kind is None or _lock_state() is None:
        return 0
    from ayni.matching.models import CrossTabContribution

    todo: list[tuple[str, list[int]]] = [(kind, sorted(set(pks)))]
    offers = _dependent_offers(record_type, todo[0][1])
    if offers:
        todo.append(("offers", sorted(set(offers))))
    memberships = _memberships() if any(k == CASE_STUDIES for k, _ in todo) else {}
    seen = 0
    for one_kind, chosen in todo:
        if not chosen:
            continue
        seen += len(chosen)
        before = _stored_contributions(one_kind, chosen)
        after = _contributions(one_kind, chosen)
        deltas: dict[Key, int] = defaultdict(int)
        for pk in chosen:
            old, new = before.get(pk, set()), after.get(pk, set())
            if old == new:
                continue
            old_keys, new_keys = (_keys(one_kind, x, memberships) for x in (old, new))
            for key in new_keys - old_keys:
                deltas[key] += 1
            for key in old_keys - new_keys:
                deltas[key] -= 1
        _apply(deltas)
        moved = [pk for pk in chosen if before.get(pk, set()) != after.get(pk, set())]
        for start in range(0, len(moved), CHUNK):
            part = moved[start : start + CHUNK]
            CrossTabContribution.objects.filter(kind=one_kind, record_pk__in=part).delete()
            CrossTabContribution.objects.bulk_create(
                [
                    CrossTabContribution(
                        kind=one_kind,
                        record_pk=pk,
                        country=country,
                        column_kind=column_kind,
                        column=column,
                        until=until,
                    )
                    for pk in part
                    for country, column_kind, column, until in sorted(after.get(pk, set()))
                ],
                batch_size=CHUNK,
            )
    return seen


@transaction.atomic
def rebuild_counts() -> int:
    """Recompute every contribution and count from the records, in SQL; returns the number of
    contributions. Marks the counts built (read and maintained from then on)."""
    from ayni.matching.models import CrossTabContribution, CrossTabCount, CrossTabCountsState

    state = _lock_state()
    contributions = _quote(CrossTabContribution._meta.db_table)
    counts = _quote(CrossTabCount._meta.db_table)
    countries = _quote(Country._meta.db_table)
    members, member_country, member_grouping = _through(Country, "groupings")
    n = {name: _quote(name) for name in _COLUMNS}
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {counts}")  # noqa: S608
        cursor.execute(f"DELETE FROM {contributions}")  # noqa: S608
        own = ", ".join(n[c] for c in ("kind", "record_pk", "country", "column_kind", "column",
                                          "until"))  # fmt: skip
        for kind in KIND_RECORDS:
            for sql, params in _contribution_queries(kind, None):
                cursor.execute(
                    f"INSERT INTO {contributions} ({own}) SELECT %s, x.* FROM ({sql}) x",  # noqa: S608
                    [kind, *params],
                )
        key = ", ".join(n[c] for c in ("kind", "row_kind", "row", "column_kind", "column",
                                          "until", "count"))  # fmt: skip
        group = f"{n['column_kind']}, {n['column']}, {n['until']}"
        cursor.execute(
            f"INSERT INTO {counts} ({key}) SELECT {n['kind']}, %s, {n['country']}, {group},"  # noqa: S608
            f" COUNT(*) FROM {contributions} GROUP BY {n['kind']}, {n['country']}, {group}",
            ["country"],
        )
        for row_kind in ROLLED_UP_ROW_KINDS:
            if row_kind == "grouping":
                row = f"g.{_quote(member_grouping)}"
                join = f"JOIN {_quote(members)} g ON g.{_quote(member_country)} = x.{n['country']}"
            else:
                row = f"c.{_quote(row_kind + '_id')}"
                join = f"JOIN {countries} c ON c.code = x.{n['country']}"
            xgroup = f"x.{n['column_kind']}, x.{n['column']}, x.{n['until']}"
            cursor.execute(
                f"INSERT INTO {counts} ({key}) SELECT x.{n['kind']}, %s, {row}, {xgroup},"  # noqa: S608
                f" COUNT(DISTINCT x.{n['record_pk']}) FROM {contributions} x {join}"
                f" WHERE x.{n['kind']} = %s AND {row} IS NOT NULL"
                f" GROUP BY x.{n['kind']}, {row}, {xgroup}",
                [row_kind, CASE_STUDIES],
            )
        cursor.execute(f"SELECT COUNT(*) FROM {contributions}")  # noqa: S608
        total = int(cursor.fetchone()[0])
    if state is None:
        CrossTabCountsState.objects.create(built=timezone.now(), records=total)
    else:
        state.built, state.records = timezone.now(), total
        state.save(update_fields=["built", "records"])
    return total


def forget_counts() -> None:
    """Drop the counts and their state: the cross-tabulation counts from the records again."""
    from ayni.matching.models import CrossTabContribution, CrossTabCount, CrossTabCountsState

    with transaction.atomic():
        CrossTabCountsState.objects.all().delete()
        CrossTabCount.objects.all().delete()
        CrossTabContribution.objects.all().delete()


def read_counts(
    *, row_kind: str, column_kind: str, today: dt.date
) -> list[tuple[str, str, str, int]]:
    """(kind, row, column, count) of the stored counts for one table shape on ``today``:
    by country for the kinds rolled up by the caller; by ``row_kind`` for case studies."""
    counts = _quote(_count_table())
    n = {name: _quote(name) for name in _COLUMNS}
    day = connection.ops.adapt_datefield_value(today)
    three = f"{n['kind']}, {n['row']}, {n['column']}"
    sql = (
        f"SELECT {three}, SUM({n['count']}) FROM {counts}"  # noqa: S608
        f" WHERE {n['column_kind']} = %s AND {n['until']} >= %s"
        f" AND (({n['kind']} <> %s AND {n['row_kind']} = %s)"
        f" OR ({n['kind']} = %s AND {n['row_kind']} = %s))"
        f" GROUP BY {three}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [column_kind, day, CASE_STUDIES, "country", CASE_STUDIES, row_kind])
        return [(kind, row, column, int(count)) for kind, row, column, count in cursor.fetchall()]


def _count_table() -> str:
    from ayni.matching.models import CrossTabCount

    return CrossTabCount._meta.db_table
