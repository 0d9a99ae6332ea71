"""``python manage.py load_demo``: load the demonstration data (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ayni.demo.loading import DEMO_FILE, demo_lines
from ayni.federation.services import records_import


class Command(BaseCommand):
    help = (
        "Load Ayni's demonstration data set: fictional organizations, people and records "
        "(ids in the 'demo:' namespace). Loading it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = records_import(lines=demo_lines(), note="load_demo")
        for number, reason in report.sorted_rejections():
            self.stderr.write(f"{DEMO_FILE.name} line {number}: {reason}")
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} demo records were rejected")
        self.stdout.write(
            f"Demo data: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
