"""Background work of federation (django-tasks, database backend)."""

from typing import Any

from django_tasks import task

from ayni.federation.harvest.selectors import clearing_house_get, clearing_house_list_due
from ayni.federation.harvest.services import clearing_house_harvest


@task()
def harvest_clearing_house_task(clearing_house_uid: str, full: bool = False) -> dict[str, Any]:
    """Harvest one clearing-house (``clearing_house_harvest``); the report is the result."""
    clearing_house = clearing_house_get(reference=clearing_house_uid)
    if clearing_house is None:
        return {"status": "failed", "errors": [f"no clearing-house '{clearing_house_uid}'"]}
    run = clearing_house_harvest(clearing_house=clearing_house, full=full)
    return dict(run.report)


def harvest_due_enqueue() -> list[str]:
    """Queue a harvest of every clearing-house that is due (cron or a scheduler calls this)."""
    queued = []
    for clearing_house in clearing_house_list_due():
        harvest_clearing_house_task.enqueue(clearing_house.uid)
        queued.append(clearing_house.uid)
    return queued
