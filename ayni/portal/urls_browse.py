"""Portal addresses of the browse pages (included into the ``portal`` namespace).

``/<lang>/search/`` (and its Atom feed), ``/<lang>/about/``, and the list page of each record
type at ``/<lang>/<type plural>/`` (the ``record_type`` converter of ``ayni.portal.urls``).
"""

from django.urls import URLPattern, URLResolver, path

from ayni.portal.feeds_search import SearchFeed
from ayni.portal.views import browse

urlpatterns: list[URLPattern | URLResolver] = [
    path("search/", browse.SearchView.as_view(), name="search"),
    path("search/feed.atom", SearchFeed(), name="search_feed"),
    path("about/", browse.AboutView.as_view(), name="about"),
    path("<record_type:record_type>/", browse.RecordListView.as_view(), name="record_list"),
]
