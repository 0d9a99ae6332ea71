"""The portal's addresses (under the language prefix: /en/, /fr/, ...).

Detail pages at ``/<lang>/<type plural>/<id>/`` (``case-studies``, as the API writes it);
feeds at ``/<lang>/feeds/latest.atom`` and ``/<lang>/feeds/<type plural>.atom``; calendars at
``/<lang>/events.ics`` (upcoming events) and ``/<lang>/events/<id>/event.ics``.
"""

from django.urls import include, path, register_converter

from ayni.federation import feeds
from ayni.portal.selectors import SEGMENT_TYPES, type_segment
from ayni.portal.views import records as views


class RecordTypeConverter:
    """``case-studies`` in an address ↔ ``case-study`` in the view (types with a page only)."""

    regex = "|".join(sorted(SEGMENT_TYPES, key=len, reverse=True))

    def to_python(self, value: str) -> str:
        return SEGMENT_TYPES[value]

    def to_url(self, value: str) -> str:
        segment = type_segment(value)
        if segment not in SEGMENT_TYPES:
            raise ValueError(value)
        return segment


register_converter(RecordTypeConverter, "record_type")

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("ayni.portal.urls_browse")),
    path("", include("ayni.portal.urls_contribute")),
    path("", include("ayni.portal.urls_insight")),
    path("", include("ayni.portal.urls_pdf")),
    path("", include("ayni.federation.urls_export")),
    path("feeds/latest.atom", feeds.LatestRecordsFeed(), name="latest_feed"),
    path("feeds/<record_type:record_type>.atom", feeds.RecordTypeFeed(), name="record_feed"),
    path("events.ics", feeds.events_calendar, name="events_calendar"),
    path("events/<path:uid>/event.ics", feeds.event_calendar, name="event_calendar"),
    path(
        "<record_type:record_type>/<path:uid>/",
        views.RecordDetailView.as_view(),
        name="record_detail",
    ),
]
