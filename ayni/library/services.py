"""Writes of the library: the health of resources' web addresses."""

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone

from ayni.library.choices import LinkStatus
from ayni.library.links import USER_AGENT, LinkResult, check_url
from ayni.library.models import Resource

#: Failed checks in a row before a link is shown as broken (a server can be down for an hour).
FAILURES_BEFORE_BROKEN = 2


@dataclass
class LinkCheckReport:
    checked: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    newly_broken: list[str] = field(default_factory=list)


def resources_due_for_link_check(*, limit: int) -> QuerySet[Resource]:
    """Resources with an address, the never-checked and the longest-unchecked first."""
    return (
        Resource.objects.exclude(url="")
        .order_by(F("link_checked_at").asc(nulls_first=True), "pk")
        .only("pk", "uid", "url", "link_status", "link_failures")[:limit]
    )


def resource_links_check(
    *,
    resources: Sequence[Resource] | None = None,
    limit: int = 500,
    concurrency: int = 8,
    timeout: float = 10.0,
) -> LinkCheckReport:
    """Check the web addresses of resources, a few at a time, and record what was found.

    A failure is shown to readers as broken (or unreachable) only after two failed checks in
    a row; curators find broken links with the admin's link-status filter. Checking does not
    change the record itself, so it does not move its ``updated`` date or its datestamp.
    """
    targets = list(
        resources if resources is not None else resources_due_for_link_check(limit=limit)
    )
    report = LinkCheckReport()
    if not targets:
        return report
    allow_private = bool(getattr(settings, "AYNI_LINK_CHECK_ALLOW_PRIVATE", False))
    local = threading.local()  # one HTTP session a worker thread

    def check(resource: Resource) -> LinkResult:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.headers["User-Agent"] = USER_AGENT
        return check_url(
            resource.url, session=local.session, timeout=timeout, allow_private=allow_private
        )

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = list(pool.map(check, targets))
    now = timezone.now()
    for resource, result in zip(targets, results, strict=True):
        _apply(resource, result, now, report)
    Resource.objects.bulk_update(
        targets,
        [
            "link_status",
            "link_checked_at",
            "link_http_status",
            "link_final_url",
            "link_problem",
            "link_failures",
        ],
        batch_size=500,
    )
    return report


def _apply(resource: Resource, result: LinkResult, now: object, report: LinkCheckReport) -> None:
    failed = result.status in (LinkStatus.BROKEN, LinkStatus.UNREACHABLE)
    was_broken = resource.link_status in (LinkStatus.BROKEN, LinkStatus.UNREACHABLE)
    resource.link_failures = resource.link_failures + 1 if failed else 0
    if failed and resource.link_failures < FAILURES_BEFORE_BROKEN and not was_broken:
        status = resource.link_status  # one failure is not yet a broken link
    else:
        status = result.status
    if status in (LinkStatus.BROKEN, LinkStatus.UNREACHABLE) and not was_broken:
        report.newly_broken.append(resource.uid)
    resource.link_status = status
    resource.link_checked_at = now  # type: ignore[assignment]
    resource.link_http_status = result.http_status
    resource.link_final_url = result.final_url
    resource.link_problem = result.problem
    report.checked += 1
    report.by_status[status] = report.by_status.get(status, 0) + 1
