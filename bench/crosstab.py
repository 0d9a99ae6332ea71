"""Benchmark: the needs × expertise cross-tabulation over 1,000,000 synthetic records.

Target (issue 3): 250 countries × all subjects over 1,000,000 records in under 1 s.

Generating a million records through the importer takes some eight minutes, so this benchmark
writes its rows straight into the tables with ``executemany``: the records' own rows (every
column filled, a short title) and the rows of their code lists (``Need.subjects.through`` and
the like), which are what the cross-tabulation reads. The mix: 300,000 needs, 250,000 experts,
150,000 organizations, 150,000 offers, 150,000 case studies; 90% published; 70% of needs open;
countries drawn from the South nine times in ten; 1 to 3 subjects, 0 to 2 GBF targets and
0 or 1 Aichi target per record; 1 or 2 provider countries per case study; 5% of organizations
funders; an offer names its provider country, or else (one in three) only its organization.

Prints the load time, the time to build the stored counts, then the time of the
cross-tabulation from the counts (median and p95 over R runs, countries × subjects, the
target's case), whether it equals the reference count from the records, the cost of keeping
the counts in step with a write, the reference's own time, the other shapes, and memory.

    .venv/bin/python bench/crosstab.py [--records 1000000] [--runs 11]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/crosstab.py

On SQLite it uses a new file in a temporary folder; on PostgreSQL it creates and drops a
throw-away test database (``test_<name>``), never touching the named one.
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIX = {"need": 0.30, "expert": 0.25, "organization": 0.15, "offer": 0.15, "case-study": 0.15}
BATCH = 50_000


def rss_mib() -> float:
    """The resident set size of this process now, in MiB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def three_codes(rng: np.random.Generator, n: int, size: int, counts: np.ndarray) -> list[list[int]]:
    """For each of n records, ``counts[i]`` (0..3) distinct positions among ``size`` codes."""
    base = rng.integers(0, size, n)
    third = max(1, (size - 1) // 2)
    picks = np.stack(
        [base, (base + 1 + rng.integers(0, third, n)) % size,
         (base + 1 + third + rng.integers(0, third, n)) % size],
        axis=1,
    )  # fmt: skip
    return [list(picks[i, : counts[i]]) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", action="store_true", help="print each query and its time")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="ayni-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AYNI_VAR_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    from ayni.casestudies.models import CaseStudy
    from ayni.matching.crosstab import PARALLEL_QUERIES, crosstab_table
    from ayni.needs.models import Need, Offer
    from ayni.roster.models import Expert, Organization
    from ayni.vocabularies.models import Country, Subject, Target

    rng = np.random.default_rng(args.seed)
    countries = list(Country.objects.order_by("code").values_list("code", flat=True))
    south = set(Country.objects.filter(groupings__code="developing").values_list("code", flat=True))
    south_list = [c for c in countries if c in south]
    subjects = list(Subject.objects.order_by("position").values_list("slug", flat=True))
    gbf = list(Target.objects.filter(framework="gbf").values_list("code", flat=True))
    aichi = list(Target.objects.filter(framework="aichi").values_list("code", flat=True))
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)

    def pick_countries(n: int) -> list[str]:
        from_south = rng.random(n) < 0.9
        a = rng.choice(south_list, n)
        b = rng.choice(countries, n)
        return list(np.where(from_south, a, b))

    def insert(sql: str, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[start : start + BATCH])

    def insert_records(model: Any, n: int, varying: dict[str, list[Any]]) -> None:
        """n rows of a record model: ``varying`` columns per row, defaults elsewhere."""
        fields = list(model._meta.concrete_fields)
        constant: dict[str, Any] = {}
        for field in fields:
            if field.attname in varying:
                continue
            if field.attname in ("created", "updated", "datestamp"):
                value: Any = now
            elif field.attname in ("title", "name") and field.get_internal_type() == "JSONField":
                value = {"en": "Benchmark record: mangrove restoration and monitoring training"}
            elif field.null:
                value = None
            elif field.has_default():
                value = field.get_default()
            else:
                value = ""
            constant[field.attname] = field.get_db_prep_save(value, connection)
        columns = [f.column for f in fields]
        names = [f.attname for f in fields]
        sql = (
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        rows = [
            tuple(varying[name][i] if name in varying else constant[name] for name in names)
            for i in range(n)
        ]
        insert(sql, rows)

    def insert_codes(model: Any, field_name: str, ids: range, codes: list[list[Any]]) -> int:
        field: Any = model._meta.get_field(field_name)
        through = field.remote_field.through
        own = through._meta.get_field(field.m2m_field_name()).column
        other = through._meta.get_field(field.m2m_reverse_field_name()).column
        rows = [(pk, code) for pk, chosen in zip(ids, codes, strict=True) for code in chosen]
        table = through._meta.db_table
        insert(f"INSERT INTO {table} ({own}, {other}) VALUES (%s, %s)", rows)  # noqa: S608
        return len(rows)

    counts = {kind: int(args.records * share) for kind, share in MIX.items()}
    models = {
        "need": Need,
        "expert": Expert,
        "organization": Organization,
        "offer": Offer,
        "case-study": CaseStudy,
    }
    code_rows = 0
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    org_countries: list[str] = []
    with transaction.atomic():
        for kind, n in counts.items():
            model = models[kind]
            ids = range(1, n + 1)
            status = np.where(rng.random(n) < 0.9, "published", "draft")
            varying: dict[str, list[Any]] = {
                "id": list(ids),
                "uid": [f"bench:{kind}-{i}" for i in ids],
                "status": list(status),
            }
            places = pick_countries(n)
            if kind == "need":
                varying["country_id"] = places
                varying["progress"] = list(np.where(rng.random(n) < 0.7, "open", "matched"))
            elif kind == "expert":
                varying["country_id"] = places
                varying["name"] = [f"Expert {i}" for i in ids]
            elif kind == "organization":
                varying["country_id"] = places
                org_countries = places
                varying["organization_type"] = list(
                    np.where(rng.random(n) < 0.05, "funder", "research")
                )
            elif kind == "offer":
                by_org = rng.random(n) < 1 / 3
                orgs = rng.integers(1, counts["organization"] + 1, n)
                varying["provider_country_id"] = [
                    None if b else c for b, c in zip(by_org, places, strict=True)
                ]
                varying["provider_organization_id"] = [
                    int(o) if b else None for b, o in zip(by_org, orgs, strict=True)
                ]
            insert_records(model, n, varying)
            code_rows += insert_codes(
                model, "subjects", ids,
                [[subjects[j] for j in row]
                 for row in three_codes(rng, n, len(subjects), rng.integers(1, 4, n))],
            )  # fmt: skip
            code_rows += insert_codes(
                model, "gbf_targets", ids,
                [[gbf[j] for j in row]
                 for row in three_codes(rng, n, len(gbf), rng.integers(0, 3, n))],
            )  # fmt: skip
            if kind in ("need", "organization", "case-study"):
                code_rows += insert_codes(
                    model, "aichi_targets", ids,
                    [[aichi[j] for j in row]
                     for row in three_codes(rng, n, len(aichi), rng.integers(0, 2, n))],
                )  # fmt: skip
            if kind == "case-study":
                second = pick_countries(n)
                two = rng.random(n) < 0.5
                code_rows += insert_codes(
                    model, "provider_countries", ids,
                    [[a, b] if t and a != b else [a]
                     for a, b, t in zip(places, second, two, strict=True)],
                )  # fmt: skip
    del org_countries
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    load = time.perf_counter() - started
    total = sum(counts.values())

    # The stored counts: built once from the records (as `manage.py matching_refresh` does),
    # then read by every cross-tabulation.
    from ayni.matching.services import crosstab_counts_rebuild, crosstab_counts_refresh

    started = time.perf_counter()
    contributions = crosstab_counts_rebuild()
    rebuild = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from ayni.matching.models import CrossTabCount

    stored_counts = CrossTabCount.objects.count()

    rss_before = rss_mib()
    load_before = os.getloadavg()[0]
    crosstab_table(rows="country", columns="subject")  # warm the caches once
    crosstab_table(rows="country", columns="subject", source="records")
    fast_times, fast_cpu = [], []
    times, cpu_times, sequential = [], [], []
    table = None
    for _ in range(args.runs):
        one, cpu = time.perf_counter(), time.process_time()
        table = crosstab_table(rows="country", columns="subject")
        fast_times.append(time.perf_counter() - one)
        fast_cpu.append(time.process_time() - cpu)
    for _ in range(max(3, args.runs // 3)):
        one = time.perf_counter()
        reference = crosstab_table(rows="country", columns="subject", source="records")
        times.append(time.perf_counter() - one)
        one, cpu = time.perf_counter(), time.process_time()
        crosstab_table(rows="country", columns="subject", parallel=False, source="records")
        sequential.append(time.perf_counter() - one)
        cpu_times.append(time.process_time() - cpu)
    rss_after = rss_mib()
    load_after = os.getloadavg()[0]
    assert table is not None
    same = table.cells == reference.cells
    # The cost of a write: one need's counts brought in step (its own transaction).
    refresh_times = []
    for pk in rng.integers(1, counts["need"] + 1, 20):
        one = time.perf_counter()
        with transaction.atomic():
            Need.objects.filter(pk=int(pk)).update(
                country_id=str(rng.choice(south_list)), status="published"
            )
            crosstab_counts_refresh(record_type="need", pks=[int(pk)])
        refresh_times.append(time.perf_counter() - one)
    for pk in rng.integers(1, counts["case-study"] + 1, 20):
        one = time.perf_counter()
        with transaction.atomic():
            CaseStudy.objects.filter(pk=int(pk)).update(status="published")
            crosstab_counts_refresh(record_type="case-study", pks=[int(pk)])
        refresh_times.append(time.perf_counter() - one)
    after_writes = (
        crosstab_table(rows="country", columns="subject").cells
        == crosstab_table(rows="country", columns="subject", source="records").cells
    )
    timings: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        one = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - one, sql))

    with connection.execute_wrapper(timed):
        crosstab_table(rows="country", columns="subject")
    if args.queries:
        for seconds, sql in timings:
            print(f"  {seconds * 1000:6.0f} ms  {sql[:300]}")
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(crosstab_table, rows="country", columns="subject")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    others = {}
    for rows, columns in (("region", "subject"), ("grouping", "subject"), ("country", "target")):
        one = time.perf_counter()
        crosstab_table(rows=rows, columns=columns)
        others[f"{rows} × {columns}"] = time.perf_counter() - one

    cells = len(table.rows) * len(table.columns)
    needs = sum(c.needs for c in table.cells.values())
    print(f"database: {connection.vendor}")
    print(
        f"records: {total:,} ({', '.join(f'{n:,} {k}' for k, n in counts.items())}); "
        f"code-list rows: {code_rows:,}; loaded in {load:.1f} s (executemany, not the importer)"
    )
    print(
        f"table: {len(table.rows)} countries × {len(table.columns)} subjects = {cells:,} cells; "
        f"{needs:,} (need, subject) pairs open; {len(table.unmet())} unmet cells"
    )

    def p95(values: list[float]) -> float:
        return (
            statistics.quantiles(values, n=20, method="inclusive")[18]
            if len(values) >= 2
            else values[0]
        )

    print(
        f"counts: rebuilt from the records in {rebuild:.1f} s ({contributions:,} contributions, "
        f"{stored_counts:,} count rows)"
    )
    print(
        f"cross-tab countries × subjects from the counts: median "
        f"{statistics.median(fast_times) * 1000:.0f} ms, p95 {p95(fast_times) * 1000:.0f} ms, "
        f"max {max(fast_times) * 1000:.0f} ms over {args.runs} runs; CPU time median "
        f"{statistics.median(fast_cpu) * 1000:.0f} ms; equal to the reference: {same}"
    )
    print(
        f"  a write brought in step (20 needs moved, 20 case studies published, each in its "
        f"transaction): median {statistics.median(refresh_times) * 1000:.0f} ms, "
        f"max {max(refresh_times) * 1000:.0f} ms; still equal after: {after_writes}"
    )
    print(
        f"reference, from the records: median {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95(times) * 1000:.0f} ms over {len(times)} runs "
        f"(aggregations on {PARALLEL_QUERIES} connections at once)"
    )
    print(
        f"  one connection: median {statistics.median(sequential) * 1000:.0f} ms, "
        f"p95 {p95(sequential) * 1000:.0f} ms; CPU time of this process "
        f"median {statistics.median(cpu_times) * 1000:.0f} ms"
        + (" (the SQL runs in the server, not counted)" if postgres else "")
    )
    print(
        f"  load average of the machine (2 cores, shared): {load_before:.1f} before, "
        f"{load_after:.1f} after the runs"
    )
    print(
        "other shapes (one run): " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in others.items())
    )
    print(
        f"memory (RSS): before the queries {rss_before:.0f} MiB, after {rss_after:.0f} MiB, "
        f"peak of the process (the load included) {peak_mib():.0f} MiB"
    )
    met = total >= 1_000_000 and p95(fast_times) < 1.0 and same
    print(f"target: 1M records, < 1 s -> {'met' if met else 'not met (or fewer records)'}")
    if postgres:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
