"""iCalendar (RFC 5545) of events: exchange-format event records in, a ``text/calendar`` out.

Pure code. Lines end with CRLF and are folded at 75 octets (never inside a UTF-8 character);
text values escape backslash, semicolon, comma and newlines. Times are written in UTC
(``DTSTART:20270310T090000Z``), which needs no VTIMEZONE component; the event's own zone
is named in the description. ``UID`` is the record's id, which is globally unique
(``namespace:local``); ``DTSTAMP`` is when the calendar was made.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ayni.federation.formats.jsonld import pick_text

PRODID = "-//Ayni//South-South cooperation clearing-house//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """An event record (exchange format, public fields) and the address of its page."""

    record: Mapping[str, Any]
    url: str
    place: str = ""


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 §3.3.11 writes it."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 §3.1), with CRLF after each part."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line + "\r\n"
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def format_utc(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC (form #2 of RFC 5545 §3.3.5)."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        return dt.datetime.fromisoformat(value)
    return None


def _event_lines(event: CalendarEvent, language: str, stamp: dt.datetime) -> list[str]:
    record = event.record
    start = _moment(record.get("start"))
    if start is None:
        return []
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(record['id'])}",
        f"DTSTAMP:{format_utc(stamp)}",
        f"DTSTART:{format_utc(start)}",
    ]
    end = _moment(record.get("end"))
    if end is not None and end >= start:
        lines.append(f"DTEND:{format_utc(end)}")
    title = pick_text(record.get("title"), language) or record["id"]
    lines.append(f"SUMMARY:{escape_text(title)}")
    description = pick_text(record.get("description"), language)
    zone = record.get("timezone")
    details = [description] if description else []
    if zone:
        details.append(f"({zone})")
    details.append(event.url)
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(details))}")
    location = ", ".join(part for part in (event.place, record.get("online_url", "")) if part)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"URL:{event.url}")
    for name, key in (("CREATED", "created"), ("LAST-MODIFIED", "updated")):
        moment = _moment(record.get(key))
        if moment is not None:
            lines.append(f"{name}:{format_utc(moment)}")
    if record.get("event_type"):
        lines.append(f"CATEGORIES:{escape_text(record['event_type'])}")
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    return lines


def events_to_icalendar(
    events: Iterable[CalendarEvent],
    *,
    language: str,
    name: str,
    stamp: dt.datetime,
) -> str:
    """A VCALENDAR with one VEVENT per event (records without a start are left out)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(_event_lines(event, language, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
