"""The iCalendar feeds: upcoming events and one event, read by the icalendar and ics parsers."""

import datetime as dt
from typing import Any

import icalendar
import ics
import pytest
from django.utils import timezone

from ayni.core.choices import RecordStatus
from ayni.events.tests.factories import EventFactory
from ayni.federation.formats.icalendar import (
    CalendarEvent,
    escape_text,
    events_to_icalendar,
    fold,
)
from ayni.federation.tests.feeds.helpers import record_url

pytestmark = pytest.mark.django_db


def _published_event(days: int, **extra: Any) -> Any:
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    return EventFactory(status=RecordStatus.PUBLISHED, start=start, **extra)


def _calendar(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_upcoming_events_calendar_is_read_by_icalendar(client):
    """The icalendar library reads the feed and finds each upcoming event at its start."""
    soon = _published_event(3, title={"en": "Mangrove workshop"}, timezone="America/Lima")
    later = _published_event(30, end=timezone.now() + dt.timedelta(days=31))
    body = _calendar(client, "/en/events.ics")
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {soon.uid, later.uid}
    assert events[soon.uid].decoded("DTSTART") == soon.start
    assert str(events[soon.uid]["SUMMARY"]) == "Mangrove workshop"
    assert events[later.uid].decoded("DTEND") == later.end.replace(microsecond=0)
    assert str(events[soon.uid]["URL"]) == f"http://testserver{record_url('event', soon.uid)}"


def test_upcoming_events_calendar_is_read_by_ics(client):
    """The ics library reads the same feed and sees the same events and start times."""
    soon = _published_event(3)
    later = _published_event(10)
    calendar = ics.Calendar(_calendar(client, "/en/events.ics").decode())
    starts = {event.uid: event.begin.datetime for event in calendar.events}
    assert starts == {soon.uid: soon.start, later.uid: later.start}


def test_calendar_leaves_out_past_and_unpublished_events(client):
    """Events already over, drafts and submitted ones are not in the calendar."""
    _published_event(-10)
    EventFactory(status=RecordStatus.DRAFT, start=timezone.now() + dt.timedelta(days=2))
    ongoing = _published_event(-1, end=timezone.now() + dt.timedelta(days=1))
    calendar = icalendar.Calendar.from_ical(_calendar(client, "/en/events.ics"))
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [ongoing.uid]


def test_one_event_calendar(client):
    """An event's own .ics holds that event only; a draft's answers 404."""
    event = _published_event(5, city="Dakar")
    _published_event(6)
    draft: Any = EventFactory(status=RecordStatus.DRAFT)
    calendar = icalendar.Calendar.from_ical(_calendar(client, f"/en/events/{event.uid}/event.ics"))
    (only,) = calendar.walk("VEVENT")
    assert str(only["UID"]) == event.uid
    assert "Dakar" in str(only["LOCATION"])
    assert client.get(f"/en/events/{draft.uid}/event.ics").status_code == 404


def test_calendar_lines_end_with_crlf_and_fit_75_octets(client):
    """Every line ends with CRLF and holds at most 75 octets, long multibyte titles included."""
    _published_event(2, title={"en": "Atelier régional — " + "é" * 120})
    body = _calendar(client, "/en/events.ics")
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode()  # no UTF-8 character is cut in two


def test_text_is_escaped():
    """Backslash, semicolon, comma and newline are escaped as RFC 5545 says."""
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_fold_continues_lines_with_a_space():
    """A long line is cut into parts of 75 octets, the next ones starting with a space."""
    folded = fold("DESCRIPTION:" + "x" * 200)
    parts = folded.split("\r\n")[:-1]
    assert len(parts[0].encode()) == 75
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == (
        "DESCRIPTION:" + "x" * 200
    )


def test_calendar_in_another_language_falls_back_to_the_records_text():
    """A French calendar of an English-only event uses the English title."""
    body = events_to_icalendar(
        [
            CalendarEvent(
                {
                    "type": "event",
                    "id": "x:1",
                    "title": {"en": "Forum"},
                    "start": "2027-01-01T10:00:00+01:00",
                },
                url="https://ayni.example/fr/events/x:1/",
            )
        ],
        language="fr",
        name="Ayni",
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert "SUMMARY:Forum\r\n" in body
    assert "DTSTART:20270101T090000Z\r\n" in body
