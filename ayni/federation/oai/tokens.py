"""Resumption tokens: where a list stopped, and what it was asked, signed.

A token carries the verb, the original arguments (``metadataPrefix``, ``set``, ``from``), the
``until`` frozen at the first request (so that a record changed during the harvest moves out
of it and into the next harvest, rather than showing twice), the key ``(datestamp, kind, pk)``
of the last item sent, the cursor, and whether the window holds deleted records' tombstones.
It is signed with the site's secret key (``django.core.signing``), so a changed token is
refused (``badResumptionToken``), and it holds no server state: it never expires and survives
restarts.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing

SALT = "ayni.federation.oai.resumption"
VERSION = 1


class BadToken(ValueError):
    """The token was not made here, was changed, or is for another verb."""


@dataclass(frozen=True)
class Resumption:
    verb: str
    metadata_prefix: str
    set_spec: str
    from_: dt.datetime | None
    until: dt.datetime
    after: tuple[dt.datetime, int, int]
    cursor: int
    #: Whether the window may hold tombstones (found at the first request; they cannot appear
    #: later inside a frozen window, so a list without any never looks for them again).
    tombstones: bool = True


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _parse(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise BadToken("not a datestamp")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadToken("not a datestamp") from exc
    if parsed.tzinfo is None:
        raise BadToken("not a datestamp")
    return parsed


def encode(resumption: Resumption) -> str:
    """The opaque token of a resumption."""
    stamp, kind, pk = resumption.after
    payload = {
        "v": VERSION,
        "verb": resumption.verb,
        "p": resumption.metadata_prefix,
        "s": resumption.set_spec,
        "f": _stamp(resumption.from_) if resumption.from_ else None,
        "u": _stamp(resumption.until),
        "a": [_stamp(stamp), kind, pk],
        "c": resumption.cursor,
        "t": resumption.tombstones,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def decode(token: str, *, verb: str) -> Resumption:
    """The resumption of a token given with ``verb``; raises BadToken."""
    try:
        payload = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError) as exc:
        raise BadToken("not a token of this repository") from exc
    try:
        if payload["v"] != VERSION or payload["verb"] != verb:
            raise BadToken("a token of another request")
        stamp, kind, pk = payload["a"]
        if not isinstance(kind, int) or not isinstance(pk, int):
            raise BadToken("not a token of this repository")
        return Resumption(
            verb=verb,
            metadata_prefix=str(payload["p"]),
            set_spec=str(payload["s"]),
            from_=_parse(payload["f"]) if payload["f"] is not None else None,
            until=_parse(payload["u"]),
            after=(_parse(stamp), kind, pk),
            cursor=int(payload["c"]),
            tombstones=bool(payload.get("t", True)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, BadToken):
            raise
        raise BadToken("not a token of this repository") from exc
