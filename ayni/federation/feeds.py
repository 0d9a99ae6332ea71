"""Feeds and calendars of the portal: Atom per record type and of all types, iCalendar of events.

Atom through ``django.contrib.syndication`` (the latest 50 public records, in the reader's
language); iCalendar through the pure ``ayni.federation.formats.icalendar``. Every list is a
visitor's: published records only, experts only with their consent (``ayni.portal.selectors``).
"""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ayni.core.exchange import read_records
from ayni.core.models import Record, pick_language
from ayni.core.registry import record_model
from ayni.federation.formats.icalendar import CalendarEvent, events_to_icalendar
from ayni.portal.selectors import (
    PORTAL_TYPES,
    event_list_upcoming,
    portal_record_get,
    record_heading,
    record_list_latest,
    record_url,
    vocabulary_names,
)

FEED_SIZE = 50
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _summary(record: Record) -> str:
    for attribute in ("summary", "description", "bio", "outcome"):
        value = getattr(record, attribute, None)
        if isinstance(value, dict) and value:
            return pick_language(value)[1]
    return ""


class _RecordFeed(Feed):
    """What every Ayni feed shares: Atom, entries linking to the records' pages."""

    feed_type = Atom1Feed

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        # The feed's own address is its Atom id (the home page link is shared by every feed).
        feed.feed["id"] = feed.feed["feed_url"]
        return feed

    def link(self, obj: Any) -> str:
        return reverse("portal:home")

    def item_title(self, item: Record) -> str:
        # An Atom title is text (Django's RSS habit of escaping it twice would show "&amp;").
        return record_heading(item)

    def item_description(self, item: Record) -> str:
        # Atom's summary is typed html: the plain text is escaped once.
        return escape(_summary(item))

    def item_link(self, item: Record) -> str:
        return record_url(item.record_type, item.uid)

    def item_pubdate(self, item: Record) -> Any:
        return item.created

    def item_updateddate(self, item: Record) -> Any:
        return item.updated

    def item_categories(self, item: Record) -> list[str]:
        return [str(capfirst(item._meta.verbose_name))]


class RecordTypeFeed(_RecordFeed):
    """The latest published records of one type."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        record_type = kwargs["record_type"]
        if record_type not in PORTAL_TYPES:
            raise Http404(record_type)
        return str(record_type)

    def title(self, obj: str) -> str:
        return _("Ayni: latest %(records)s") % {
            "records": record_model(obj)._meta.verbose_name_plural
        }

    def subtitle(self, obj: str) -> str:
        return _("The latest published %(records)s of the Ayni clearing-house.") % {
            "records": record_model(obj)._meta.verbose_name_plural
        }

    def feed_url(self, obj: str) -> str:
        return reverse("portal:record_feed", kwargs={"record_type": obj})

    def items(self, obj: str) -> list[Record]:
        return record_list_latest([obj], FEED_SIZE)


class LatestRecordsFeed(_RecordFeed):
    """The latest published records of every type."""

    def title(self) -> str:
        return _("Ayni: latest records")

    def subtitle(self) -> str:
        return _("The latest published records of the Ayni clearing-house, of every type.")

    def feed_url(self) -> str:
        return reverse("portal:latest_feed")

    def items(self) -> list[Record]:
        return record_list_latest(PORTAL_TYPES, FEED_SIZE)


# ---------------------------------------------------------------------------------------------
# iCalendar


def _calendar_events(events: list[Any], request: HttpRequest) -> list[CalendarEvent]:
    language = (get_language() or "en").split("-")[0]
    stored = read_records("event", [event.pk for event in events])
    countries = {s.values["country"] for s in stored if s.values.get("country")}
    names = vocabulary_names({"countries": countries}, language)["countries"] if countries else {}
    result = []
    for item in stored:
        record = item.render("event", public=True)
        place = ", ".join(
            part
            for part in (record.get("city", ""), names.get(record.get("country", ""), ""))
            if part
        )
        url = request.build_absolute_uri(record_url("event", item.uid))
        result.append(CalendarEvent(record=record, url=url, place=place))
    by_uid = {event.record["id"]: event for event in result}
    return [by_uid[event.uid] for event in events if event.uid in by_uid]


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def events_calendar(request: HttpRequest) -> HttpResponse:
    """The upcoming published events as one iCalendar feed (subscribe to it)."""
    events = list(event_list_upcoming())
    body = events_to_icalendar(
        _calendar_events(events, request),
        language=(get_language() or "en").split("-")[0],
        name=_("Ayni: upcoming events"),
        stamp=timezone.now(),
    )
    return _calendar_response(body, "ayni-events.ics")


def event_calendar(request: HttpRequest, uid: str) -> HttpResponse:
    """One event as an iCalendar file (add it to a calendar); 404 unless the reader may see it."""
    event = portal_record_get(record_type="event", uid=uid, actor=request.user)
    if event is None:
        raise Http404(uid)
    body = events_to_icalendar(
        _calendar_events([event], request),
        language=(get_language() or "en").split("-")[0],
        name=record_heading(event),
        stamp=timezone.now(),
    )
    return _calendar_response(body, "ayni-event.ics")
