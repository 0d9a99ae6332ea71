"""Benchmark: a search with two facets over 200,000 synthetic records.

Builds the search index of N synthetic records (default 200,000, ``ayni.demo.synthetic``) in a
throw-away database, then times a set of searches, each with words and two facet filters:
through the search service (``ayni.search.selectors.search``: analysis, engine, one hit per
record, facet counts, snippets) and through the equivalent hand-written SQL on the same
engine (the same page, total and facet counts, and the page's rows; the words and the
filters matched together by the engine's index, the facet counts grouped in SQL). Prints the
median and p95 of each and their ratio, the CPU time of this process (on SQLite the engine
runs inside it: a figure that does not depend on what else the machine runs), the load
average, and the memory (the peak Python allocation of one search, the process's peak RSS).
Targets (issue 4): p95 under 50 ms on SQLite and on PostgreSQL; the service at most 2x the
raw SQL.

    .venv/bin/python bench/search.py [--count 200000] [--runs 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/search.py

The index is filled directly, in bulk: the synthetic records are turned into index entries
by the same code the services use (``ayni.search.documents.record_documents``: analysis,
facets, dates; the facet codes given by ``search_facet_codes_assign``), but written with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) without importing the records themselves
first, which would take minutes and measure the importer, not the search. On SQLite it uses
a new file in a temporary folder; on PostgreSQL it creates and drops a throw-away test
database (``test_<name>``), never touching the named one (so give the bench and the tests
different names: both use ``test_<name>``).
"""

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The searches timed: words and two facet filters, in the languages of the synthetic texts.
QUERIES: list[tuple[str, dict[str, list[str]]]] = [
    ("mangroves", {"grouping": ["ldc"], "subject": ["marine-coastal"]}),
    ("manglares", {"region": ["019"], "type": ["need"]}),
    ("herbiers marins", {"language": ["fr"], "assistance": ["training"]}),
    ("الغابات", {"region": ["002"], "type": ["case-study"]}),
    ("湿地", {"grouping": ["developing"], "subject": ["inland-waters"]}),
    ("seed banks", {"grouping": ["developing"], "type": ["organization"]}),
    ("training", {"grouping": ["sids"], "subject": ["marine-coastal"]}),
    ("леса", {"region": ["142"], "language": ["ru"]}),
]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


ENTRY_COLUMNS = (
    "id, record_type, uid, record_pk, status, language, is_primary, title, body, terms, "
    "filter_tokens, facet_codes, date, year"
)


def write_rows(entries: list[tuple[Any, ...]], facets: list[tuple[int, str, str]]) -> None:
    """Write entries and facet values: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY search_searchentry ({ENTRY_COLUMNS}) FROM STDIN") as copy:
                for row in entries:
                    copy.write_row(row)
            with raw.copy("COPY search_searchfacet (entry_id, facet, value) FROM STDIN") as copy:
                for facet_row in facets:
                    copy.write_row(facet_row)
        return
    marks = ", ".join(["%s"] * 14)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO search_searchentry ({ENTRY_COLUMNS}) VALUES ({marks})",  # noqa: S608
            [(*row[:12], row[12].isoformat(" ") if row[12] else None, row[13]) for row in entries],
        )
        cursor.executemany(
            "INSERT INTO search_searchfacet (entry_id, facet, value) VALUES (%s, %s, %s)", facets
        )


def fill_index(count: int, seed: int) -> tuple[int, int, float]:
    """Write the index entries and facet values of ``count`` synthetic records, in bulk."""
    from django.db import transaction

    from ayni.demo.management.commands.generate_records import vocab_from_database
    from ayni.demo.synthetic import generate_records
    from ayni.search.backends import get_backend
    from ayni.search.documents import pack_codes, record_documents
    from ayni.search.services import search_facet_codes_assign, vocabulary_lookup

    vocabulary = vocabulary_lookup()
    epoch = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    started = time.perf_counter()
    entries: list[tuple[Any, ...]] = []
    facets: list[tuple[int, str, str]] = []
    entry_count = facet_count = 0
    # The facet codes, given by the index service as it gives them (the table only grows):
    # asked for the tokens not met yet, a few hundred times in all.
    code_of: dict[str, int] = {}
    with transaction.atomic():
        records = generate_records(count, seed=seed, vocab=vocab_from_database())
        for number, record in enumerate(records, start=1):
            values = dict(record)
            # Synthetic records carry no 'updated': spread them over the years for sorting.
            values.setdefault("updated", epoch + dt.timedelta(hours=number % 50_000))
            for document in record_documents(
                record_type=record["type"],
                uid=record["id"],
                pk=number,
                status=record["status"],
                values=values,
                vocabulary=vocabulary,
            ):
                entry_count += 1
                tokens = document.facet_tokens
                if not code_of.keys() >= set(tokens):
                    code_of.update(search_facet_codes_assign(tokens=tokens))
                entries.append(
                    (
                        entry_count,
                        document.record_type,
                        document.uid,
                        document.record_pk,
                        document.status,
                        document.language,
                        document.primary,
                        document.title,
                        document.body,
                        document.terms,
                        document.tokens,
                        pack_codes([code_of[token] for token in tokens]),
                        document.date,
                        document.year,
                    )
                )
                facets.extend((entry_count, facet, value) for facet, value in document.facets)
            if len(entries) >= 20_000:
                facet_count += len(facets)
                write_rows(entries, facets)
                entries, facets = [], []
        facet_count += len(facets)
        write_rows(entries, facets)
    get_backend().after_bulk_load()
    return entry_count, facet_count, time.perf_counter() - started


def raw_sql(vendor: str) -> tuple[str, str]:
    """The hand-written SQL of one search on this engine (words, two facets, published, the
    reader's language 'en'): the page with the total and the entries' rows; facet counts.

    The words and the filter tokens are matched in one go by the engine's index (parameters:
    the engine's query text, then on PostgreSQL the filter tokens as a ``tsquery``; on
    SQLite the page's query takes the words' query text first, see ``run_raw``)."""
    if vendor == "postgresql":
        # The narrow table of the columns a search reads, with the GIN index (migration
        # 0004_postgres_hot_table); the page's display text is read from the entries.
        tables = "search_entry_hot e, to_tsquery('simple', %s) q, CAST(%s AS tsquery) qf"
        condition, score = "e.search_tsv @@ (q && qf)", "-ts_rank_cd(e.search_tsv, q)"
        ranked_tables, ranked_condition = tables, condition
    else:
        tables = "search_entry_fts JOIN search_searchentry e ON e.id = search_entry_fts.rowid"
        condition = "search_entry_fts MATCH %s"
        # Ranked by the words alone, among the entries passing words and filters (bm25()
        # would otherwise read the filter tokens' whole posting lists to weigh them).
        ranked_tables = (
            "(SELECT rowid AS id, bm25(search_entry_fts, 1.0, 0.0) AS score "
            "FROM search_entry_fts WHERE search_entry_fts MATCH %s AND +rowid IN ("
            "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)) r "
            "JOIN search_searchentry e ON e.id = r.id"
        )
        ranked_condition, score = "1 = 1", "r.score"
    page = (
        "WITH m AS (SELECT e.id, e.record_type, e.record_pk, e.language, e.date, "  # noqa: S608
        f"{score} AS score FROM {ranked_tables} WHERE {ranked_condition}), "
        "b AS (SELECT id, score, date, ROW_NUMBER() OVER (PARTITION BY record_type, record_pk "
        "ORDER BY CASE WHEN language = 'en' THEN 0 ELSE 1 END, score, id) AS n FROM m) "
        "SELECT p.id, p.score, p.total, e.uid, e.title, e.body FROM ("
        "SELECT b.id, b.score, b.date, COUNT(*) OVER () AS total FROM b WHERE b.n = 1 "
        "ORDER BY b.score, b.date DESC NULLS LAST, b.id LIMIT 20) p "
        "JOIN search_searchentry e ON e.id = p.id ORDER BY p.score, p.date DESC, p.id"
    )
    counts = (
        f"WITH m AS (SELECT e.id, e.record_type, e.record_pk FROM {tables} WHERE {condition}), "  # noqa: S608
        "b AS (SELECT MIN(id) AS id FROM m GROUP BY record_type, record_pk) "
        "SELECT f.facet, f.value, COUNT(*) FROM b JOIN search_searchfacet f "
        "ON f.entry_id = b.id GROUP BY f.facet, f.value"
    )
    return page, counts


def server_cpu(pid: int | None) -> float | None:
    """PostgreSQL: the CPU time (s) the server process of this connection has used, read
    from /proc when the server runs on this machine; else None."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_raw(
    sql: tuple[str, str], params: list[Any], rank_params: list[Any]
) -> tuple[list[Any], list[Any]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql[0], [*rank_params, *params])
        page = cursor.fetchall()
        cursor.execute(sql[1], params)
        counts = cursor.fetchall()
    return page, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each search")
    parser.add_argument(
        "--folder", help="SQLite: keep the database in this folder and reuse its index"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="PostgreSQL: keep the test database and reuse its index on the next run",
    )
    parser.add_argument(
        "--sqlite-cache-mib",
        type=int,
        default=None,
        help="SQLite: run with this page cache (PRAGMA cache_size) and as much memory-mapped "
        "I/O (PRAGMA mmap_size) instead of the settings' (64 and 256 MiB), to measure them; "
        "0: SQLite's own defaults (a 2,000 KiB cache, no memory-mapped I/O)",
    )
    args = parser.parse_args()

    folder = args.folder or tempfile.mkdtemp(prefix="ayni-bench-search-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AYNI_VAR_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if postgres:
        name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, keepdb=args.keep, serialize=False
        )
    else:
        call_command("migrate", verbosity=0)
    try:
        measure(args)
    finally:
        if postgres and not args.keep:
            connection.creation.destroy_test_db(name, verbosity=0)
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


def measure(args: argparse.Namespace) -> None:
    from django.db import connection

    from ayni.search.analysis import query_variants
    from ayni.search.backends.postgres import filter_tsquery, tsquery_text
    from ayni.search.backends.sqlite_fts5 import fts5_query, words_query
    from ayni.search.models import SearchEntry
    from ayni.search.selectors import SearchQuery, search

    if SearchEntry.objects.exists():
        from ayni.search.backends import get_backend
        from ayni.search.models import SearchFacet

        entries, facets, elapsed = SearchEntry.objects.count(), SearchFacet.objects.count(), 0.0
        get_backend().after_bulk_load()
    else:
        entries, facets, elapsed = fill_index(args.count, args.seed)
    if connection.vendor == "sqlite" and args.sqlite_cache_mib is not None:
        cache_kib = args.sqlite_cache_mib * 1024 or 2000  # 0: SQLite's default, 2,000 KiB
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{cache_kib}")
            cursor.execute(f"PRAGMA mmap_size = {args.sqlite_cache_mib * 1024 * 1024}")
    print(f"database: {connection.vendor}")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA mmap_size")
            mmap = int(cursor.fetchone()[0])
        print(f"SQLite {sqlite3.sqlite_version}: cache_size {cache}, mmap_size {mmap}")
    print(
        f"index: {args.count:,} synthetic records -> {entries:,} entries, "
        f"{facets:,} facet values, "
        + (f"filled in bulk in {elapsed:.0f} s" if elapsed else "reused from an earlier run")
    )
    cte = raw_sql(connection.vendor)
    service_times: list[float] = []
    service_cpu: list[float] = []
    raw_cpu: list[float] = []
    # PostgreSQL: the server's CPU is spent in another process, outside process_time(); it
    # is read from /proc in ticks (10 ms), so only its mean over many runs is printed.
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = int(cursor.fetchone()[0])
    server: dict[str, list[float]] = {"service": [], "raw": []}
    raw_times: list[float] = []
    print(f"{'search':<52} {'found':>7} {'service p50/p95 ms':>19} {'raw p50/p95 ms':>15}")
    for text, filters in QUERIES:
        groups = query_variants(text)
        (first, first_values), (second, second_values) = filters.items()
        tokens = [[f"{first}:{first_values[0]}"], [f"{second}:{second_values[0]}"]]
        # Published: none of the other statuses (their tokens are few).
        exclude = ["status:draft", "status:submitted", "status:archived", "status:rejected"]
        if connection.vendor == "postgresql":
            params, rank_params = [tsquery_text(groups), filter_tsquery(tokens, exclude)], []
        else:
            params, rank_params = [fts5_query(groups, tokens, exclude)], [words_query(groups)]
        query = SearchQuery(text=text, filters=filters, language="en")
        result = search(query)
        page, _counts = run_raw(cte, params, rank_params)
        raw_total = page[0][2] if page else 0
        assert raw_total == result.total, (text, raw_total, result.total)
        assert [row[3] for row in page] == [hit.uid for hit in result.hits], text
        mine_service: list[float] = []
        mine_raw: list[float] = []
        mine_server: dict[str, float] = {"service": 0.0, "raw": 0.0}
        for _ in range(args.runs):
            before = server_cpu(pid)
            started, cpu = time.perf_counter(), time.process_time()
            search(query)
            mine_service.append(time.perf_counter() - started)
            service_cpu.append(time.process_time() - cpu)
            middle = server_cpu(pid)
            started, cpu = time.perf_counter(), time.process_time()
            run_raw(cte, params, rank_params)
            mine_raw.append(time.perf_counter() - started)
            raw_cpu.append(time.process_time() - cpu)
            after = server_cpu(pid)
            if before is not None and middle is not None and after is not None:
                mine_server["service"] += middle - before
                mine_server["raw"] += after - middle
        for way, spent in mine_server.items():
            server[way].append(spent / args.runs)
        service_times.extend(mine_service)
        raw_times.extend(mine_raw)
        label = f"{text} + {filters}"
        service = f"{ms(statistics.median(mine_service))}/{ms(percentile(mine_service, 0.95))}"
        raw = f"{ms(statistics.median(mine_raw))}/{ms(percentile(mine_raw, 0.95))}"
        print(f"{label[:52]:<52} {result.total:>7,} {service:>19} {raw:>15}")
    # Memory: the Python memory one search allocates at its peak (tracemalloc, a run of its
    # own since tracing slows it), and the peak resident size of the whole process.
    allocated: list[int] = []
    for text, filters in QUERIES:
        tracemalloc.start()
        search(SearchQuery(text=text, filters=filters, language="en"))
        allocated.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    service_p50 = statistics.median(service_times) * 1000
    service_p95 = percentile(service_times, 0.95) * 1000
    raw_p50 = statistics.median(raw_times) * 1000
    raw_p95 = percentile(raw_times, 0.95) * 1000
    print(f"all searches ({len(service_times)} runs each way):")
    print(f"  service: median {service_p50:.1f} ms, p95 {service_p95:.1f} ms")
    print(f"  raw SQL: median {raw_p50:.1f} ms, p95 {raw_p95:.1f} ms")
    print(
        f"  ratio service / raw: median {service_p50 / raw_p50:.2f}x, "
        f"p95 {service_p95 / raw_p95:.2f}x"
    )
    # The CPU time of this process (on SQLite, the engine runs in it): what a search costs
    # whatever else the machine is doing; the wall-clock figures above include waiting.
    print(
        f"  CPU time of this process: service median {statistics.median(service_cpu) * 1000:.1f} "
        f"ms, p95 {percentile(service_cpu, 0.95) * 1000:.1f} ms; raw SQL median "
        f"{statistics.median(raw_cpu) * 1000:.1f} ms, p95 {percentile(raw_cpu, 0.95) * 1000:.1f} ms"
    )
    if pid is not None and server_cpu(pid) is not None:
        means = ", ".join(
            f"{text} {service * 1000:.0f}/{raw * 1000:.0f}"
            for (text, _filters), service, raw in zip(
                QUERIES, server["service"], server["raw"], strict=True
            )
        )
        print(
            f"  CPU time of the PostgreSQL server process, mean per search: service "
            f"{statistics.mean(server['service']) * 1000:.1f} ms, raw SQL "
            f"{statistics.mean(server['raw']) * 1000:.1f} ms; by search (service/raw ms): {means}"
        )
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    print(
        f"  memory: peak Python allocation of one search {max(allocated) / 1024:.0f} KiB "
        f"(median {statistics.median(allocated) / 1024:.0f} KiB); peak process RSS "
        f"{rss_kib / 1024:.0f} MiB"
    )
    met_time = service_p95 < 50
    met_ratio = service_p95 / raw_p95 <= 2 and service_p50 / raw_p50 <= 2
    print(f"target p95 < 50 ms: {'met' if met_time else 'not met'}")
    print(f"target service <= 2x raw: {'met' if met_ratio else 'not met'}")


if __name__ == "__main__":
    main()
