"""The Atom feed of a search: ``/<lang>/search/feed.atom?<the search page's parameters>``.

The latest 50 records found, newest first, whatever the page asked to sort by. A value the
search page would reject is left out here too (a feed reader cannot show a message).
"""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ayni.portal.selectors_browse import BrowseQuery, HitView, browse_query_parse, feed_hits

FEED_SIZE = 50


class SearchFeed(Feed):
    """The records a search finds, latest first, in the reader's language."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> BrowseQuery:
        query = browse_query_parse(request.GET)
        query.sort = "date"
        query.page = 1
        return query

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        # The feed's own address (its search included) is its Atom id.
        feed.feed["id"] = request.build_absolute_uri()
        feed.feed["feed_url"] = request.build_absolute_uri()
        return feed

    def title(self, obj: BrowseQuery) -> str:
        if obj.text:
            return _("Ayni: search for “%(words)s”") % {"words": obj.text}
        return _("Ayni: search")

    def subtitle(self, obj: BrowseQuery) -> str:
        return _("The latest records found by this search.")

    def link(self, obj: BrowseQuery) -> str:
        pairs = [pair for pair in obj.export_params() if pair[0] != "sort"]
        return reverse("portal:search") + ("?" + urlencode(pairs) if pairs else "")

    def items(self, obj: BrowseQuery) -> list[HitView]:
        return feed_hits(query=obj, limit=FEED_SIZE)

    def item_title(self, item: HitView) -> str:
        return item.hit.title or item.hit.uid

    def item_description(self, item: HitView) -> str:
        # Atom's summary is typed html; the snippet is escaped HTML already.
        return str(item.hit.snippet)

    def item_link(self, item: HitView) -> str:
        return item.url or reverse("portal:search") + "?" + urlencode([("q", item.hit.uid)])

    def item_guid(self, item: HitView) -> str:
        return item.hit.uid

    def item_pubdate(self, item: HitView) -> Any:
        return item.hit.date

    def item_updateddate(self, item: HitView) -> Any:
        return item.hit.date

    def item_categories(self, item: HitView) -> list[str]:
        return [item.type_name]
