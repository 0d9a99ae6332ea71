"""The portal's export address, under the language prefix: ``/<lang>/export/``.

Included into the ``portal`` namespace (``portal:search_export``) by
``path("", include("ayni.federation.urls_export"))`` in ``ayni/portal/urls.py``.
"""

from django.urls import URLPattern, URLResolver, path

from ayni.federation.views import SearchExportView

urlpatterns: list[URLPattern | URLResolver] = [
    path("export/", SearchExportView.as_view(), name="search_export"),
]
