"""``/sitemap.xml`` and ``/robots.txt``: what crawlers may read, and where the pages are.

The sitemap lists the home page and every public detail page, in every UI language.

``django.contrib.sitemaps`` with ``i18n``: one ``<url>`` per page and language, each with its
``xhtml:link`` alternates in the other languages. Included at the root by ``config/urls.py``.
"""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from ayni.core.models import Record
from ayni.portal.selectors import PORTAL_TYPES, record_list_public, record_url


class HomeSitemap(Sitemap):
    """The home page."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["portal:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class RecordSitemap(Sitemap):
    """The detail pages of every record a visitor may read."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[Record]:
        records: list[Record] = []
        for record_type in PORTAL_TYPES:
            records.extend(record_list_public(record_type).only("pk", "uid", "updated"))
        return records

    def location(self, item: Record) -> str:
        return record_url(item.record_type, item.uid)

    def lastmod(self, item: Record) -> Any:
        return item.updated


SITEMAPS = {"home": HomeSitemap, "records": RecordSitemap}


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers read the pages, skip the forms and private areas, and find the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /*/accounts/",
        "Disallow: /*/admin/",
        "Disallow: /*/dashboard/",
        "Disallow: /*/moderation/",
        "Disallow: /*/inbox/",
        "Disallow: /*/shared/",
        "Disallow: /*/contribute/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
