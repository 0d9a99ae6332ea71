"""Portal addresses of the insight pages (included into the ``portal`` namespace).

A need's matches, the needs an offer or an expert could meet, the needs × expertise heat map
(with its drill-down, CSV and JSON), the benchmarks of excellence, and the country and region
pages. See docs/portal-insight.md.
"""

from django.urls import URLPattern, URLResolver, path

from ayni.portal.views import insight

urlpatterns: list[URLPattern | URLResolver] = [
    path("needs/<path:uid>/matches/", insight.NeedMatchesView.as_view(), name="need_matches"),
    path("offers/<path:uid>/needs/", insight.OfferNeedsView.as_view(), name="offer_needs"),
    path("experts/<path:uid>/needs/", insight.ExpertNeedsView.as_view(), name="expert_needs"),
    path("crosstab/", insight.CrosstabDetailView.as_view(), name="crosstab"),
    path("crosstab/cell/", insight.CrosstabCellView.as_view(), name="crosstab_cell"),
    path("crosstab.csv", insight.CrosstabCsvView.as_view(), name="crosstab_csv"),
    path("crosstab.json", insight.CrosstabJsonView.as_view(), name="crosstab_json"),
    path("benchmarks/", insight.BenchmarkListView.as_view(), name="benchmarks"),
    path("countries/", insight.CountryListView.as_view(), name="country_list"),
    path("countries/<str:code>/", insight.CountryDetailView.as_view(), name="country_detail"),
    path("regions/<str:code>/", insight.RegionDetailView.as_view(), name="region_detail"),
]
