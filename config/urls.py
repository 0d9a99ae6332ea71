"""Ayni's URLs: the portal per language, the admin (the curators' back office)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Machine interfaces carry no language prefix.
    path("api/", include("ayni.api.urls")),
    path("oai", include("ayni.federation.oai.urls")),
    path("", include("ayni.federation.sitemaps")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("ayni.partnerships.urls")),
    path("", include("ayni.portal.urls")),
    prefix_default_language=True,
)
