"""Background work of the library."""

from django_tasks import task

from ayni.library.services import resource_links_check


@task()
def resource_links_check_task(limit: int = 500) -> dict[str, int]:
    """Check the web addresses of the resources due for a check (scheduled, e.g. hourly)."""
    report = resource_links_check(limit=limit)
    return {"checked": report.checked, "newly_broken": len(report.newly_broken)}
