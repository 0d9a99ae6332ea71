"""Peers served on 127.0.0.1 for the harvester: the ``oaipmh`` package's BatchingServer (a real
OAI-PMH server nobody here wrote), static files (feeds, JSON Lines), and recorded answers."""

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from oaipmh import common, error
from oaipmh.metadata import MetadataRegistry
from oaipmh.server import BatchingServer, oai_dc_writer

if TYPE_CHECKING:
    from ayni.federation.models import ClearingHouse

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadedServer(WSGIServer):
    daemon_threads = True


@contextmanager
def serve(app: WSGIApp) -> Iterator[str]:
    """The app served on 127.0.0.1 on a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadedServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# ---------------------------------------------------------------------------------------------
# An OAI-PMH repository behind the oaipmh package's BatchingServer


@dataclass
class PeerRecord:
    identifier: str
    metadata: dict[str, list[str]]
    datestamp: dt.datetime = dt.datetime(2024, 1, 1)  # noqa: DTZ001 (the package wants naive UTC)
    deleted: bool = False


def now() -> dt.datetime:
    """Now as the oaipmh package wants it: naive UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Repository:
    """The IBatchingOAIPMH interface over a list of records, in datestamp order."""

    records: list[PeerRecord] = field(default_factory=list)

    def identify(self) -> common.Identify:
        return common.Identify(
            repositoryName="Peer clearing-house",
            baseURL="http://127.0.0.1/oai",
            protocolVersion="2.0",
            adminEmails=["admin@peer.example.org"],
            earliestDatestamp=dt.datetime(2020, 1, 1),  # noqa: DTZ001
            deletedRecord="persistent",
            granularity="YYYY-MM-DDThh:mm:ssZ",
            compression=["identity"],
        )

    def listMetadataFormats(self, identifier: str | None = None) -> list[tuple[str, str, str]]:  # noqa: N802
        return [
            (
                "oai_dc",
                "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                "http://www.openarchives.org/OAI/2.0/oai_dc/",
            )
        ]

    def listSets(self, cursor: int = 0, batch_size: int = 10) -> list[Any]:  # noqa: N802
        raise error.NoSetHierarchyError("no sets")

    def _select(self, from_: dt.datetime | None, until: dt.datetime | None) -> list[PeerRecord]:
        chosen = [
            r
            for r in sorted(self.records, key=lambda r: (r.datestamp, r.identifier))
            if (from_ is None or r.datestamp >= from_) and (until is None or r.datestamp <= until)
        ]
        return chosen

    def listRecords(  # noqa: N802
        self,
        metadataPrefix: str,  # noqa: N803
        set: str | None = None,
        from_: dt.datetime | None = None,
        until: dt.datetime | None = None,
        cursor: int = 0,
        batch_size: int = 10,
    ) -> list[Any]:
        if metadataPrefix != "oai_dc":
            raise error.CannotDisseminateFormatError(metadataPrefix)
        chosen = self._select(from_, until)[int(cursor) : int(cursor) + int(batch_size)]
        return [
            (
                common.Header(None, r.identifier, r.datestamp, [], r.deleted),
                common.Metadata(None, r.metadata),
                None,
            )
            for r in chosen
        ]

    def listIdentifiers(self, **kw: Any) -> list[Any]:  # noqa: N802
        return [header for header, _, _ in self.listRecords(**kw)]

    def getRecord(self, metadataPrefix: str, identifier: str) -> Any:  # noqa: N802, N803
        for r in self.records:
            if r.identifier == identifier:
                return (
                    common.Header(None, r.identifier, r.datestamp, [], r.deleted),
                    (common.Metadata(None, r.metadata)),
                    None,
                )
        raise error.IdDoesNotExistError(identifier)


def dc_record(number: int, **extra: list[str]) -> PeerRecord:
    metadata = {
        "title": [f"Seed bank manual {number}"],
        "description": [f"How to run a community seed bank, part {number}."],
        "identifier": [f"https://peer.example.org/items/{number}"],
        "language": ["en"],
        "date": ["2021-03-04"],
        "type": ["Text"],
        "subject": ["agricultural", "seed banks"],
        **extra,
    }
    return PeerRecord(f"oai:peer.example.org:{number}", metadata)


@dataclass
class OaiPeer:
    """A BatchingServer over a Repository, with a log of requests and faults to inject."""

    repository: Repository
    batch_size: int = 10
    requests: list[dict[str, str]] = field(default_factory=list)
    #: A fault on the nth ListRecords request (1-based): "truncate", "http500", "badtoken".
    faults: dict[int, str] = field(default_factory=dict)

    def app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        registry = MetadataRegistry()
        registry.registerWriter("oai_dc", oai_dc_writer)
        server = BatchingServer(
            self.repository, metadata_registry=registry, resumption_batch_size=self.batch_size
        )
        params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        self.requests.append(params)
        number = sum(1 for p in self.requests if p.get("verb") == "ListRecords")
        fault = self.faults.get(number) if params.get("verb") == "ListRecords" else None
        if fault == "http500":
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"database is down"]
        body = server.handleRequest(params)
        if fault == "truncate":
            body = body[: len(body) * 2 // 3]
        if fault == "badtoken":
            # The peer hands out a token it will not take back (a broken cursor).
            body = body.replace(b"cursor%3D", b"cursor%3Dx")
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [body]

    def list_records_requests(self) -> list[dict[str, str]]:
        return [p for p in self.requests if p.get("verb") == "ListRecords"]


def static(files: dict[str, tuple[bytes, str]]) -> WSGIApp:
    """Files by path: ``{"/feed.atom": (content, content type)}``."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        found = files.get(environ.get("PATH_INFO", ""))
        if found is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response("200 OK", [("Content-Type", found[1])])
        return [found[0]]

    return app


def recorded(answers: dict[str, bytes]) -> WSGIApp:
    """Answers recorded from a real provider, replayed by query string (sorted parameters)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        key = query_key(dict(parse_qsl(environ.get("QUERY_STRING", ""))))
        if key not in answers:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [f"nothing recorded for {key}".encode()]
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [answers[key]]

    return app


def query_key(params: dict[str, str]) -> str:
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in sorted(params.items()))


def clearing_house(**fields: Any) -> "ClearingHouse":
    """A partner clearing-house made by the factory (typed as the model)."""
    from ayni.federation.models import ClearingHouse
    from ayni.federation.tests.factories import ClearingHouseFactory

    made = ClearingHouseFactory(**fields)
    assert isinstance(made, ClearingHouse)
    return made
