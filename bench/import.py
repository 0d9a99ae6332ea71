"""Benchmark: import of synthetic records in the exchange format.

Prints records per second and memory (resident set size sampled at every batch) for an import
of N records (default 100,000) into a fresh database, and, as a baseline measured in the same
run, the same importer writing one record per transaction on a sample, so the ratio shows what
batching buys. Target (issue 2): 100k records in under 60 s on SQLite, memory flat.

    .venv/bin/python bench/import.py [--count 100000] [--seed 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/import.py

On SQLite it uses a new file in a temporary folder; on PostgreSQL it creates and drops a
throw-away test database (``test_<name>``), never touching the named one.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mib() -> float:
    """The resident set size of this process now, in MiB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-count", type=int, default=1_000)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="ayni-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AYNI_VAR_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    from ayni.demo.management.commands.generate_records import vocab_from_database
    from ayni.demo.synthetic import generate_records
    from ayni.federation.formats.ayni_jsonl import dump_line
    from ayni.federation.services import records_import

    path = Path(folder) / "records.jsonl"
    vocab = vocab_from_database()
    with path.open("w", encoding="utf-8") as handle:
        for record in generate_records(args.count, seed=args.seed, vocab=vocab):
            handle.write(dump_line(record) + "\n")
    size_mib = path.stat().st_size / 2**20

    def lines():
        with path.open(encoding="utf-8") as handle:
            yield from handle

    samples: list[tuple[int, float]] = []
    done = 0

    def on_progress(count: int) -> None:
        nonlocal done
        done += count
        samples.append((done, rss_mib()))

    rss_before = rss_mib()
    started = time.perf_counter()
    report = records_import(lines=lines(), batch_size=1000, on_progress=on_progress)
    elapsed = time.perf_counter() - started

    # Baseline: the same importer, one record per batch (one transaction each), on a sample
    # of other ids (another seed), in the same database.
    baseline_path = Path(folder) / "baseline.jsonl"
    with baseline_path.open("w", encoding="utf-8") as handle:
        for record in generate_records(args.baseline_count, seed=args.seed + 1, vocab=vocab):
            if record["type"] != "country-profile":
                handle.write(dump_line(record) + "\n")
    per_record = []
    with baseline_path.open(encoding="utf-8") as handle:
        baseline_lines = handle.readlines()
    baseline_started = time.perf_counter()
    for line in baseline_lines:
        one = time.perf_counter()
        records_import(lines=[line], batch_size=1)
        per_record.append(time.perf_counter() - one)
    baseline_elapsed = time.perf_counter() - baseline_started

    rate = report.accepted / elapsed
    baseline_rate = len(baseline_lines) / baseline_elapsed
    quarter = [rss for count, rss in samples if count <= args.count // 4]
    print(f"database: {connection.vendor}")
    print(f"records: {args.count} ({size_mib:.1f} MiB of JSON Lines)")
    print(
        f"imported: {report.created} created, {report.updated} updated, "
        f"{len(report.rejected)} rejected"
    )
    print(f"time: {elapsed:.1f} s  throughput: {rate:,.0f} records/s")
    peak = max(rss for _, rss in samples)
    early = max(quarter or [rss_before])
    print(
        f"memory (RSS): before {rss_before:.0f} MiB, after 25% {early:.0f} MiB, "
        f"peak {peak:.0f} MiB, end {samples[-1][1]:.0f} MiB"
    )
    p95 = statistics.quantiles(per_record, n=20, method="inclusive")[18]
    print(
        f"baseline (one record per transaction, {len(baseline_lines)} records): "
        f"{baseline_rate:,.0f} records/s, median {statistics.median(per_record) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms per record"
    )
    print(f"ratio batched / baseline: {rate / baseline_rate:.1f}x")
    met = args.count >= 100_000 and elapsed < 60
    print(f"target: 100k in < 60 s -> {'met' if met else 'not met (or fewer records)'}")
    if postgres:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
