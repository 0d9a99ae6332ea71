"""Template tags of the portal's navigation (no settings needed; see ``ayni.portal.navigation``).

``{% portal_nav as links %}`` gives the header's links; ``{% url_if_exists "portal:export" as
url %}`` gives a route's URL, or "" while the route does not exist.
"""

from typing import Any

from django import template

from ayni.portal.navigation import NavLink, nav_links, url_or_empty

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_nav(context: template.Context) -> list[NavLink]:
    """The header's links whose routes resolve, the current page's marked."""
    request = context.get("request")
    return nav_links(request.path if request is not None else "")


@register.simple_tag
def url_if_exists(name: str, *args: Any, **kwargs: Any) -> str:
    """The URL of a route, or "" while the route does not exist."""
    return url_or_empty(name, *args, **kwargs)
