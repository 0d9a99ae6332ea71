"""``python manage.py check_links``: check the web addresses of resources now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ayni.library.services import resource_links_check


class Command(BaseCommand):
    help = (
        "Check the web addresses of the resources due for a check (never checked first), a "
        "few at a time, and record what was found. --enqueue hands it to the background worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="at most this many")
        parser.add_argument("--concurrency", type=int, default=8, help="checks at a time")
        parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
        parser.add_argument("--enqueue", action="store_true", help="run in the background")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from ayni.library.tasks import resource_links_check_task

            result = resource_links_check_task.enqueue(limit=options["limit"])
            self.stdout.write(f"Queued link check {result.id}.")
            return
        report = resource_links_check(
            limit=options["limit"], concurrency=options["concurrency"], timeout=options["timeout"]
        )
        counts = ", ".join(
            f"{count} {status}" for status, count in sorted(report.by_status.items())
        )
        self.stdout.write(f"{report.checked} checked: {counts or 'nothing due'}")
        for uid in report.newly_broken:
            self.stdout.write(f"newly broken: {uid}")
