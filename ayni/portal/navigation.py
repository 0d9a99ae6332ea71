"""The portal's navigation: the links of the header, only to the pages that exist.

Some pages are built by other parts of Ayni and land at their own pace (the country list, the
export): a link is shown only when its route resolves, so a page never breaks for a missing one.
``navigation`` is a context processor (``ayni.portal.navigation.navigation``); the template tag
``{% portal_nav %}`` (``ayni.portal.templatetags.portal_nav``) gives the same without settings.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavLink:
    """One link of the header: where it goes, what it says, and whether the reader is there."""

    url: str
    label: str
    current: bool = False


#: The header's links, in order: (label, URL name, URL keyword arguments).
NAV_ITEMS: tuple[tuple[Promise, str, dict[str, str]], ...] = (
    (_("Search"), "portal:search", {}),
    (_("Needs"), "portal:record_list", {"record_type": "need"}),
    (_("Experts"), "portal:record_list", {"record_type": "expert"}),
    (_("Organizations"), "portal:record_list", {"record_type": "organization"}),
    (_("Offers"), "portal:record_list", {"record_type": "offer"}),
    (_("Case studies"), "portal:record_list", {"record_type": "case-study"}),
    (_("Resources"), "portal:record_list", {"record_type": "resource"}),
    (_("Events"), "portal:record_list", {"record_type": "event"}),
    (_("Countries"), "portal:country_list", {}),
    (_("Needs and expertise"), "portal:crosstab", {}),
    (_("Benchmarks"), "portal:benchmarks", {}),
)


def url_or_empty(name: str, *args: Any, **kwargs: Any) -> str:
    """The URL of a route in the active language, or "" while that route does not exist."""
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def nav_links(path: str = "") -> list[NavLink]:
    """The header's links whose routes resolve; ``current`` on the one the path is under."""
    links = []
    for label, name, kwargs in NAV_ITEMS:
        url = url_or_empty(name, **kwargs)
        if url:
            links.append(NavLink(url=url, label=str(label), current=bool(path.startswith(url))))
    return links


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav_links`` for the header of every page."""
    return {"nav_links": nav_links(request.path)}
