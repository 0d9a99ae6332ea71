"""Harvesting an Atom or RSS feed (read by feedparser): every entry becomes a resource.

Entries are kept as resources (references and web links), even when they announce events:
a feed entry carries no time zone or place the exchange format needs for an event.
"""

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Any

import feedparser
from lxml import html as lxml_html

from ayni.federation.harvest import http
from ayni.federation.harvest.items import Entry, Item, Page, Rejection


def _plain(text: str) -> str:
    """Feed text (often HTML) as plain text."""
    if "<" not in text:
        return " ".join(text.split())
    try:
        return " ".join(lxml_html.fromstring(text).text_content().split())
    except (ValueError, TypeError):
        return " ".join(text.split())


def _when(value: Any) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)


def entry_resource(entry: Any, feed_language: str, languages: frozenset[str]) -> dict[str, Any]:
    """A feedparser entry as a resource of the exchange format; ValueError when it has no title.

    title → ``title``, summary → ``summary`` (in the entry's or the feed's language, else
    English), link → ``url``, author → ``authors``, published (else updated) →
    ``publication_date``, updated → ``updated``.
    """
    language = entry.get("title_detail", {}).get("language") or feed_language or "en"
    language = language.split("-")[0].lower()
    if language not in languages:
        language = "en"
    title = _plain(entry.get("title", ""))
    if not title:
        raise ValueError("entry without a title")
    data: dict[str, Any] = {"type": "resource", "status": "published", "title": {language: title}}
    summary = _plain(entry.get("summary", ""))
    if summary:
        data["summary"] = {language: summary}
    link = entry.get("link", "")
    if link.startswith(("http://", "https://")):
        data["url"] = link
    if entry.get("author"):
        data["authors"] = _plain(entry["author"])
    published = _when(entry.get("published_parsed")) or _when(entry.get("updated_parsed"))
    if published is not None:
        data["publication_date"] = published.date().isoformat()
    updated = _when(entry.get("updated_parsed"))
    if updated is not None:
        data["updated"] = updated.isoformat()
    data["languages"] = [language]
    return data


def harvest(
    *, endpoint: str, since: dt.datetime | None, state: dict[str, Any], context: Any
) -> Iterator[Page]:
    """The feed's entries updated since ``since`` (every entry without a date), as one page."""
    response = http.get(context.http, endpoint)
    parsed = feedparser.parse(response.content)
    entries: list[Entry] = []
    if parsed.bozo and not parsed.entries:
        reason = str(parsed.get("bozo_exception", "not a feed"))
        entries.append(Rejection(endpoint, f"malformed feed: {reason}"))
        yield Page(entries, {"done": True})
        return
    if parsed.bozo:
        reason = str(parsed.get("bozo_exception", ""))
        entries.append(Rejection(endpoint, f"the feed is not well-formed (read anyway): {reason}"))
    feed_language = parsed.feed.get("language", "") or ""
    for number, entry in enumerate(parsed.entries, start=1):
        source_id = entry.get("id") or entry.get("link") or ""
        where = f"entry {number} ({source_id or 'no id'}) of {endpoint}"
        if not source_id:
            entries.append(Rejection(where, "entry without id or link"))
            continue
        updated = _when(entry.get("updated_parsed"))
        if since is not None and updated is not None and updated < since:
            context.skipped += 1
            continue
        try:
            record = entry_resource(entry, feed_language, context.vocabularies.languages)
        except ValueError as error:
            entries.append(Rejection(where, str(error)))
            continue
        entries.append(Item(source_id, record, where))
    yield Page(entries, {"done": True})
