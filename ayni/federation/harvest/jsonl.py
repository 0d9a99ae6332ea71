"""Harvesting another Ayni's JSON Lines export (the exchange format, one record a line)."""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import requests

from ayni.federation.harvest import http
from ayni.federation.harvest.items import Deletion, Entry, Item, Page, PeerError, Rejection

PAGE_LINES = 500


def _lines(response: requests.Response) -> Iterator[bytes]:
    """The lines of the body as they arrive (requests' iter_lines miscounts at chunk edges)."""
    pending = b""
    for chunk in response.iter_content(chunk_size=65536):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line.rstrip(b"\r")
    if pending:
        yield pending.rstrip(b"\r")


def harvest(
    *, endpoint: str, since: dt.datetime | None, state: dict[str, Any], context: Any
) -> Iterator[Page]:
    """Every line of the export, in pages; a resumed run skips the lines already written.

    The export has no datestamps to ask from, so each harvest reads it whole (unchanged
    records stay unchanged). A line with ``"status": "archived"`` archives the local copy.
    """
    done = int(state.get("line", 0))
    response = http.get(context.http, endpoint, stream=True)
    entries: list[Entry] = []
    number = 0
    try:
        for number, raw in enumerate(_lines(response), start=1):
            if number <= done or not raw.strip():
                continue
            where = f"line {number} of {endpoint}"
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                entries.append(Rejection(where, "not UTF-8 text"))
                data = None
            except json.JSONDecodeError as error:
                entries.append(
                    Rejection(where, f"broken JSON: {error.msg} at column {error.colno}")
                )
                data = None
            if isinstance(data, dict):
                peer_id = data.get("id")
                if not isinstance(peer_id, str) or not peer_id:
                    entries.append(Rejection(where, "a record without 'id'"))
                elif data.get("status") == "archived":
                    entries.append(Deletion(peer_id, where))
                elif data.get("status") != "published":
                    entries.append(
                        Rejection(where, f"status '{data.get('status')}' is not published")
                    )
                else:
                    entries.append(Item(peer_id, data, where, peer_id=peer_id))
            elif data is not None:
                entries.append(Rejection(where, "a record must be a JSON object"))
            if len(entries) >= PAGE_LINES:
                yield Page(entries, {"line": number})
                entries = []
    except requests.RequestException as error:
        raise PeerError(f"the export broke off after line {number}: {endpoint}") from error
    finally:
        response.close()
    yield Page(entries, {"line": number, "done": True})
