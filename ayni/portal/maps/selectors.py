"""Reads for the maps: what each country has to show (published records only)."""

from django.db.models import Count

from ayni.needs.choices import NeedProgress
from ayni.portal.selectors import record_list_public


def need_count_open_by_country() -> dict[str, int]:
    """ISO alpha-2 code → number of published needs still open, for countries that have any."""
    rows = (
        record_list_public("need")
        .filter(progress=NeedProgress.OPEN)
        .order_by()
        .values("country_id")
        .annotate(count=Count("pk"))
    )
    return {row["country_id"]: row["count"] for row in rows if row["country_id"]}
