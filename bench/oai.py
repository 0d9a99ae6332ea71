"""Benchmark: OAI-PMH out (Ayni harvested by Sickle) and in (Ayni harvesting a real server).

On N synthetic published records (default 100,000, ``ayni.demo.synthetic``), every server on
127.0.0.1 in a process of its own (so that client and server do not share a GIL):

(a) **out**: Sickle harvests Ayni's ``ListRecords`` through resumption tokens, ``ayni``
    twice: first with no rendered fragment stored (cold: every record rendered on the way, in
    both formats), then again (warm: pages are concatenations of stored fragments); then
    ``oai_dc`` (warm). Each warm harvest is also fetched raw (HTTP only, records counted, not
    parsed: the server's own pace), gzipped as Sickle asks (``requests`` sends
    ``Accept-Encoding: gzip``) and not gzipped. The reference, measured in the same run:
    Sickle (and the raw fetch) over the very same pages pre-rendered (saved during the warm
    harvest, served from disk, not compressed, by a minimal WSGI app): the client's ceiling.
    Target: >= 10,000 records/s out.
(b) **in**: the ``oaipmh`` 4.0.0 package's ``BatchingServer`` serves N Dublin Core records;
    Sickle's raw fetch (every record parsed, nothing stored) is the reference; then Ayni's
    harvester harvests the same peer with every record stored. Target: >= 70% of Sickle's
    rate.

Each line gives records/s, the median and p95 time per page (request to next request), and
the resident memory (RSS) of the server and the client at 25%, 50% and 100% of the records.

    .venv/bin/python bench/oai.py [--count 100000] [--seed 7] [--page-size 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_oai .venv/bin/python bench/oai.py

On SQLite it uses a new file in a temporary folder; on PostgreSQL it creates and drops a
throw-away test database (``test_<name>``), never touching the named one.
"""

import argparse
import datetime as dt
import html
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Any]


def rss_mib(pid: int | None = None) -> float:
    """The resident set size of a process (this one by default), in MiB."""
    with open(f"/proc/{pid or 'self'}/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_file_mib(pid: int | None = None) -> float:
    """The part of the resident set that is mapped files (for Ayni's client: the SQLite
    database read through its memory map, pages the OS can drop), in MiB."""
    with open(f"/proc/{pid or 'self'}/status") as handle:
        for line in handle:
            if line.startswith("RssFile:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) a process has used so far, in seconds."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------
# Servers on loopback, each in a process of its own


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Threaded(WSGIServer):
    daemon_threads = True

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(target=self._handle, args=(request, client_address), daemon=True)
        thread.start()

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(make_app: Callable[[], WSGIApp], port: int) -> None:
    server = make_server(
        "127.0.0.1", port, make_app(), server_class=_Threaded, handler_class=_Quiet
    )
    server.serve_forever()


class Server:
    """A WSGI app served on 127.0.0.1 by a forked process."""

    def __init__(self, make_app: Callable[[], WSGIApp]):
        from django.db import connections

        connections.close_all()  # the child opens its own
        self.port = _free_port()
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=_serve, args=(make_app, self.port), daemon=True)
        self.process.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    def stop(self) -> None:
        self.process.terminate()
        self.process.join()


def _django_app() -> WSGIApp:
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def _pages_app(folder: Path) -> Callable[[], WSGIApp]:
    """The pages saved in ``folder``, by resumption token (the first page without one)."""

    def make() -> WSGIApp:
        index = {}
        for line in (folder / "index.tsv").read_text().splitlines():
            token, name = line.split("\t")
            index[token] = folder / name

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            params = dict(parse_qsl(environ.get("QUERY_STRING", "")))
            path = index[params.get("resumptionToken", "")]
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
            return [path.read_bytes()]

        return app

    return make


# ---------------------------------------------------------------------------------------------
# Measuring a harvest


class Meter:
    """Times between pages, and memory at 25/50/100% of the records."""

    def __init__(self, total: int, server_pid: int | None):
        self.total = total
        self.server_pid = server_pid
        self.count = 0
        self.page_times: list[float] = []
        self.memory: dict[int, tuple[float, float, float]] = {}
        self.started = time.perf_counter()
        self._last = self.started
        self.elapsed = 0.0
        self._cpu = cpu_seconds(server_pid) if server_pid else 0.0
        self.server_cpu = 0.0

    def page(self) -> None:
        now = time.perf_counter()
        self.page_times.append(now - self._last)
        self._last = now

    def add(self, records: int) -> None:
        before = self.count
        self.count += records
        for share in (25, 50, 100):
            mark = self.total * share // 100
            if before < mark <= self.count and share not in self.memory:
                server = rss_mib(self.server_pid) if self.server_pid else 0.0
                self.memory[share] = (server, rss_mib(), rss_file_mib())

    def stop(self) -> None:
        self.elapsed = time.perf_counter() - self.started
        if self.server_pid:
            self.server_cpu = cpu_seconds(self.server_pid) - self._cpu

    @property
    def rate(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def line(self, label: str) -> str:
        times = self.page_times[1:] or self.page_times or [0.0]
        p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
        memory = ", ".join(
            f"{share}%: server {server:.0f} / client {client:.0f} ({mapped:.0f} mapped files)"
            for share, (server, client, mapped) in sorted(self.memory.items())
        )
        return (
            f"  {label:<46} {self.count:>7} records in {self.elapsed:6.1f} s = "
            f"{self.rate:>8,.0f} records/s; page median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms; server CPU {self.server_cpu:.1f} s "
            f"({self.count / max(self.server_cpu, 0.01):,.0f} records per CPU-second); "
            f"RSS MiB {memory}"
        )


def sickle_harvest(
    url: str,
    prefix: str,
    meter: Meter,
    save: Path | None = None,
) -> int:
    """Every record of ListRecords by Sickle (each parsed); saves the pages when asked."""
    from sickle import Sickle

    pages: list[tuple[str, str]] = []

    class Timed(Sickle):
        def harvest(self, **kwargs: Any) -> Any:
            meter.page()
            response = super().harvest(**kwargs)
            if save is not None:
                name = f"page-{len(pages):05d}.xml"
                (save / name).write_bytes(response.http_response.content)
                pages.append((kwargs.get("resumptionToken", ""), name))
            return response

    sickle = Timed(url, max_retries=0, timeout=120)
    seen = 0
    for record in sickle.ListRecords(metadataPrefix=prefix, ignore_deleted=False):
        assert record.header.identifier
        if not record.deleted:
            record.metadata  # noqa: B018 (parsed, as a harvester would)
        seen += 1
        meter.add(1)
    meter.stop()
    if save is not None:
        (save / "index.tsv").write_text("".join(f"{t}\t{n}\n" for t, n in pages))
    return seen


_TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def raw_fetch(url: str, prefix: str, meter: Meter, *, gzip: bool = True) -> int:
    """Every page of ListRecords fetched over one HTTP session, records counted, not parsed.

    ``gzip=False`` asks for pages not compressed (``Accept-Encoding: identity``).
    """
    import requests

    seen = 0
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    headers = {} if gzip else {"Accept-Encoding": "identity"}
    with requests.Session() as http:
        while True:
            meter.page()
            content = http.get(url, params=params, headers=headers, timeout=120).content
            records = content.count(b"<record>") + content.count(b"<record ")
            seen += records
            meter.add(records)
            found = _TOKEN.search(content)
            if found is None:
                break
            params = {"verb": "ListRecords", "resumptionToken": html.unescape(found[1].decode())}
    meter.stop()
    return seen


# ---------------------------------------------------------------------------------------------
# The peer for (b): the oaipmh package's BatchingServer


def _peer_app(count: int, batch: int) -> Callable[[], WSGIApp]:
    def make() -> WSGIApp:
        from oaipmh import common, error
        from oaipmh.metadata import MetadataRegistry
        from oaipmh.server import BatchingServer, oai_dc_writer

        base = dt.datetime(2024, 1, 1)  # noqa: DTZ001 (the package wants naive UTC)
        records = [
            (
                f"oai:peer.example.org:{n}",
                base + dt.timedelta(seconds=n),
                {
                    "title": [f"Community seed bank manual {n}"],
                    "description": [f"How to run a community seed bank, part {n}."],
                    "creator": ["Peer Team"],
                    "identifier": [f"https://peer.example.org/items/{n}"],
                    "language": ["en"],
                    "date": ["2021-03-04"],
                    "type": ["Text"],
                    "subject": ["agricultural", "seed banks"],
                    "coverage": ["SN"],
                },
            )
            for n in range(count)
        ]

        class Repository:
            def identify(self) -> Any:
                return common.Identify(
                    repositoryName="Peer",
                    baseURL="http://127.0.0.1/oai",
                    protocolVersion="2.0",
                    adminEmails=["admin@peer.example.org"],
                    earliestDatestamp=base,
                    deletedRecord="persistent",
                    granularity="YYYY-MM-DDThh:mm:ssZ",
                    compression=["identity"],
                )

            def listMetadataFormats(self, identifier: Any = None) -> Any:  # noqa: N802
                return [
                    (
                        "oai_dc",
                        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                        "http://www.openarchives.org/OAI/2.0/oai_dc/",
                    )
                ]

            def listSets(self, cursor: int = 0, batch_size: int = 10) -> Any:  # noqa: N802
                raise error.NoSetHierarchyError("no sets")

            def listRecords(  # noqa: N802
                self,
                metadataPrefix: str,  # noqa: N803
                set: Any = None,
                from_: Any = None,
                until: Any = None,
                cursor: int = 0,
                batch_size: int = 10,
            ) -> Any:
                chosen = records[int(cursor) : int(cursor) + int(batch_size)]
                return [
                    (common.Header(None, i, d, [], False), common.Metadata(None, m), None)
                    for i, d, m in chosen
                ]

        registry = MetadataRegistry()
        registry.registerWriter("oai_dc", oai_dc_writer)
        server = BatchingServer(
            Repository(), metadata_registry=registry, resumption_batch_size=batch
        )

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
            body = server.handleRequest(params)
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
            return [body]

        return app

    return make


# ---------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--peer-batch", type=int, default=250)
    parser.add_argument("--skip-out", action="store_true")
    parser.add_argument("--skip-in", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ayni-bench-oai-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AYNI_VAR_DIR"] = str(folder)
    os.environ["DJANGO_DEBUG"] = "false"  # no query log growing in memory
    os.environ["AYNI_OAI_PAGE_SIZE"] = str(args.page_size)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False
    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)

    from ayni.demo.management.commands.generate_records import vocab_from_database
    from ayni.demo.synthetic import generate_records
    from ayni.federation.formats.ayni_jsonl import dump_line
    from ayni.federation.formats.ayni_xml import PUBLIC_TYPES
    from ayni.federation.oai.selectors import exposed_rows
    from ayni.federation.services import records_import

    print(f"database: {connection.vendor}; page size {args.page_size}; {args.count:,} records")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    exposed = 0
    if not args.skip_out:
        vocab = vocab_from_database()
        started = time.perf_counter()
        lines = (dump_line(r) for r in generate_records(args.count, seed=args.seed, vocab=vocab))
        report = records_import(lines=lines, batch_size=1000)
        exposed = sum(exposed_rows(t).count() for t in PUBLIC_TYPES)
        print(
            f"loaded: {report.created} records in {time.perf_counter() - started:.0f} s "
            f"({len(report.rejected)} rejected; {exposed} shown by OAI-PMH, the others are "
            "experts without consent to be listed)"
        )
    results: dict[str, float] = {}

    if not args.skip_out:
        print("(a) ListRecords out, harvested by Sickle through resumption tokens")
        ayni = Server(_django_app)
        try:
            for prefix in ("ayni", "oai_dc"):
                # The cold pass renders and stores the fragments of both formats at once.
                labels = ["warm: stored fragments"]
                if prefix == "ayni":
                    labels.insert(0, "cold: fragments rendered on the way")
                for label in labels:
                    save = folder / f"pages-{prefix}" if label.startswith("warm") else None
                    if save is not None:
                        save.mkdir()
                    meter = Meter(exposed, ayni.pid)
                    sickle_harvest(f"{ayni.url}/oai", prefix, meter, save)
                    print(meter.line(f"{prefix} Ayni, {label}"))
                    results[f"out-{prefix}-{label[:4]}"] = meter.rate
                meter = Meter(exposed, ayni.pid)
                raw_fetch(f"{ayni.url}/oai", prefix, meter)
                print(meter.line(f"{prefix} Ayni, warm, raw HTTP fetch (no parsing)"))
                meter = Meter(exposed, ayni.pid)
                raw_fetch(f"{ayni.url}/oai", prefix, meter, gzip=False)
                print(meter.line(f"{prefix} Ayni, warm, raw fetch, not gzipped"))
                assert save is not None
                pages = Server(_pages_app(save))
                try:
                    meter = Meter(exposed, pages.pid)
                    sickle_harvest(f"{pages.url}/oai", prefix, meter)
                    print(meter.line(f"{prefix} reference: same pages pre-rendered"))
                    results[f"ref-{prefix}"] = meter.rate
                    meter = Meter(exposed, pages.pid)
                    raw_fetch(f"{pages.url}/oai", prefix, meter)
                    print(meter.line(f"{prefix} reference pages, raw HTTP fetch"))
                finally:
                    pages.stop()
        finally:
            ayni.stop()
        for prefix in ("ayni", "oai_dc"):
            warm, ref = results[f"out-{prefix}-warm"], results[f"ref-{prefix}"]
            verdict = "met" if warm >= 10_000 else "not met"
            print(
                f"  {prefix}: {warm:,.0f} records/s warm = {warm / ref:.0%} of the pre-rendered "
                f"ceiling; target >= 10,000 records/s: {verdict}"
            )

    if not args.skip_in:
        print(f"(b) harvest in from the oaipmh 4.0.0 BatchingServer ({args.peer_batch} a page)")
        from ayni.federation.harvest.services import clearing_house_harvest
        from ayni.federation.models import ClearingHouse

        peer = Server(_peer_app(args.count, args.peer_batch))
        try:
            meter = Meter(args.count, peer.pid)
            sickle_harvest(f"{peer.url}/oai", "oai_dc", meter)
            print(meter.line("reference: Sickle raw fetch"))
            raw = meter.rate
            chm = ClearingHouse.objects.create(
                uid="chm:bench-peer",
                name="Bench peer",
                protocol="oai-pmh",
                endpoint=f"{peer.url}/oai",
                namespace="peer",
                status="published",
            )
            meter = Meter(args.count, peer.pid)

            def on_progress(count: int) -> None:
                meter.page()
                meter.add(count)

            run = clearing_house_harvest(clearing_house=chm, full=True, on_progress=on_progress)
            meter.stop()
            print(meter.line("Ayni's harvester, records stored"))
            r = run.report
            print(
                f"  report: {r['status']}; {r['new']} new, {r['updated']} updated, "
                f"{r['unchanged']} unchanged, {r['linked']} linked, {r['rejected']} rejected"
                + (f"; errors {r['errors']}" if r["errors"] else "")
            )
            share = meter.rate / raw if raw else 0
            verdict = "met" if share >= 0.7 else "not met"
            print(f"  harvest in = {share:.0%} of Sickle's raw fetch; target >= 70%: {verdict}")
        finally:
            peer.stop()

    if postgres:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    if args.keep:
        print(f"kept: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
