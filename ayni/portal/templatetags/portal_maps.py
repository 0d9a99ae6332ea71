"""Template tags that draw the portal's maps (inline SVG, see ``ayni.portal.maps.render``).

``{% world_map highlights %}`` draws the world with each country of ``highlights`` (ISO alpha-2
code → count) shaded by its count; ``{% open_needs_map %}`` does so with the published open
needs per country; ``{% country_map code %}`` draws a country's locator map.
"""

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ayni.portal.maps.render import count_legend, count_level, country_map_svg, world_map_svg
from ayni.portal.maps.selectors import need_count_open_by_country

register = template.Library()


def _world_context(counts: Mapping[str, int], title: str, caption: str) -> dict[str, Any]:
    labels = {
        code: ngettext("%(count)d open need", "%(count)d open needs", count) % {"count": count}
        for code, count in counts.items()
    }
    svg = world_map_svg(
        {code: count_level(count) for code, count in counts.items()},
        labels,
        title,
        legend=count_legend(),
    )
    return {"svg": svg, "caption": caption}


@register.inclusion_tag("portal/partials/_map_world.html")
def world_map(highlights: Mapping[str, int] | None, title: str = "") -> dict[str, Any]:
    """The world map, each country shaded by its number of open needs in ``highlights``."""
    title = title or _("Open needs per country")
    return _world_context(dict(highlights or {}), title, title)


@register.inclusion_tag("portal/partials/_map_world.html")
def open_needs_map() -> dict[str, Any]:
    """The world map of the published needs still open, per requesting country."""
    title = _("Open needs per country")
    return _world_context(need_count_open_by_country(), title, title)


@register.inclusion_tag("portal/partials/_map_country.html")
def country_map(code: str) -> dict[str, Any]:
    """A small map locating the country within its region (nothing if it is not mapped)."""
    return {"svg": country_map_svg(code)}
