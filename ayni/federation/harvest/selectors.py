"""Reads of harvesting: which clearing-houses are due, and their runs."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from ayni.core.choices import RecordStatus
from ayni.federation.choices import Schedule
from ayni.federation.harvest.services import HARVESTERS
from ayni.federation.models import ClearingHouse, HarvestRun

INTERVALS = {
    Schedule.HOURLY: dt.timedelta(hours=1),
    Schedule.DAILY: dt.timedelta(days=1),
    Schedule.WEEKLY: dt.timedelta(weeks=1),
    Schedule.MONTHLY: dt.timedelta(days=30),
}


def clearing_house_list_due(*, now: dt.datetime | None = None) -> QuerySet[ClearingHouse]:
    """Clearing-houses whose schedule asks for a harvest now (never harvested counts as due).

    Manual ones never are; archived and rejected entries are not harvested, nor protocols
    without a harvester here (the CBD's API has its own adapter).
    """
    now = now or timezone.now()
    due = Q(pk__in=[])
    for schedule, interval in INTERVALS.items():
        due |= Q(schedule=schedule) & (
            Q(last_harvested_at__isnull=True) | Q(last_harvested_at__lte=now - interval)
        )
    return (
        ClearingHouse.objects.filter(due, protocol__in=list(HARVESTERS))
        .exclude(status__in=[RecordStatus.ARCHIVED, RecordStatus.REJECTED])
        .order_by("name")
    )


def clearing_house_get(*, reference: str) -> ClearingHouse | None:
    """A clearing-house by its id, else by its name (case ignored)."""
    found = ClearingHouse.objects.filter(uid=reference).first()
    return found or ClearingHouse.objects.filter(name__iexact=reference).first()


def harvest_run_list(*, clearing_house: ClearingHouse) -> QuerySet[HarvestRun]:
    return HarvestRun.objects.filter(clearing_house=clearing_house).order_by("-started_at", "-id")
