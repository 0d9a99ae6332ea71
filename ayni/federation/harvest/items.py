"""What a harvester reads from a peer, before it is written: plain data, no ORM."""

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from ayni.federation.formats.ayni_jsonl import FormatError, ParsedRecord, looks_like_id


@dataclass
class Item:
    """A live record of the peer, as an exchange-format dict (without provenance)."""

    source_id: str
    record: dict[str, Any]
    where: str
    #: The peer's own ``namespace:local`` id (another Ayni), kept when it is not ours.
    peer_id: str = ""
    #: The record as it will be imported (with its id and provenance) and its validation,
    #: when the harvester made them while reading the page (``_Context.prepare``).
    line: dict[str, Any] | None = field(default=None, repr=False)
    checked: ParsedRecord | FormatError | None = field(default=None, repr=False)


@dataclass
class Deletion:
    """The peer deleted this record: the local copy is archived."""

    source_id: str
    where: str


@dataclass
class Rejection:
    """Something the peer sent that cannot become a record: where, and why."""

    where: str
    reason: str


Entry = Item | Deletion | Rejection


@dataclass
class Page:
    """One response of the peer: its entries, and the progress to resume from after it."""

    entries: list[Entry]
    state: dict[str, Any] = field(default_factory=dict)


class Harvester(Protocol):
    def __call__(
        self, *, endpoint: str, since: dt.datetime | None, state: dict[str, Any], context: Any
    ) -> Iterator[Page]: ...


class PeerError(Exception):
    """The peer cannot be harvested any further now (network, HTTP, protocol, bad XML)."""


# ---------------------------------------------------------------------------------------------
# Identifiers


def local_uid(namespace: str, source_id: str, *, peer_id: str = "", own_namespace: str) -> str:
    """The id a peer's record has here; the same source id gives the same id, always.

    A peer record with its own ``namespace:local`` id keeps it (a CBD record is ``cbd:...``
    wherever it is held), unless that namespace is ours: then it becomes
    ``<clearing-house namespace>:<local>`` so that it never takes a record made here. A record
    without such an id gets ``<clearing-house namespace>:<source id>``, or a digest of the
    source id when that is no usable identifier (spaces, too long).
    """
    if peer_id and looks_like_id(peer_id):
        prefix, local = peer_id.split(":", 1)
        if prefix != own_namespace:
            return peer_id
        candidate = f"{namespace}:{local}"
    else:
        candidate = f"{namespace}:{source_id}"
    if looks_like_id(candidate):
        return candidate
    digest = hashlib.sha1(source_id.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{namespace}:h-{digest}"


# ---------------------------------------------------------------------------------------------
# Duplicate keys

_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(text: str) -> str:
    """A title with case, accents, punctuation and spacing ignored: 'Guía!' → 'guia'."""
    if text.isascii():
        plain = text  # nothing to decompose (most titles)
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain.casefold()).strip()


def normalise_url(url: str) -> str:
    """http and https, 'www.', letter case of the host, a final slash and the fragment ignored."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, ""))


TITLE_FIELDS = ("title", "name")
URL_FIELDS = ("url", "website")
COUNTRY_FIELDS: tuple[str, ...] = ("country", "countries", "provider_country")
COUNTRY_FIELDS += ("provider_countries", "beneficiary_countries")


def duplicate_keys(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys two records share when they are the same: (kind, key).

    ``("title", "<title>|<country>")`` for every title language and country, and
    ``("url", "<address>")``. A record without a country is matched by its address only.
    """
    keys: list[tuple[str, str]] = []
    countries: set[str] = set()
    for name in COUNTRY_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value:
            countries.add(value.upper())
        elif isinstance(value, list):
            countries.update(str(v).upper() for v in value if v)
    titles: set[str] = set()
    for name in TITLE_FIELDS:
        value = record.get(name)
        if isinstance(value, dict):
            titles.update(normalise_title(str(v)) for v in value.values() if v)
        elif isinstance(value, str) and value:
            titles.add(normalise_title(value))
    for title in sorted(t for t in titles if t):
        for country in sorted(countries):
            keys.append(("title", f"{title}|{country}"))
    for name in URL_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and (address := normalise_url(value)):
            keys.append(("url", address))
    return keys
