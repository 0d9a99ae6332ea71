"""``python manage.py harvest SOURCE``: harvest a partner clearing-house now."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ayni.core.errors import ApplicationError
from ayni.federation.harvest.selectors import clearing_house_get, clearing_house_list_due
from ayni.federation.harvest.services import clearing_house_harvest, report_lines
from ayni.federation.models import ClearingHouse, HarvestRunStatus


class Command(BaseCommand):
    help = (
        "Harvest a partner clearing-house (its id or name) from its endpoint: new and changed "
        "records since the last harvest, resuming a crashed one. --all-due harvests every "
        "clearing-house whose schedule is due. Prints the report; exits 1 when a harvest failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", help="the clearing-house's id or name")
        parser.add_argument(
            "--all-due", action="store_true", help="every clearing-house whose schedule is due"
        )
        parser.add_argument(
            "--full", action="store_true", help="ignore the last datestamp: ask for everything"
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar even in a terminal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["source"]) == bool(options["all_due"]):
            raise CommandError("give a clearing-house (its id or name), or --all-due")
        if options["all_due"]:
            targets = list(clearing_house_list_due())
            if not targets:
                self.stdout.write("no clearing-house is due")
        else:
            found = clearing_house_get(reference=options["source"])
            if found is None:
                raise CommandError(f"{options['source']}: no clearing-house with this id or name")
            targets = [found]
        show_progress = not options["no_progress"] and sys.stderr.isatty()
        failed = False
        for clearing_house in targets:
            failed |= not self._harvest(clearing_house, options["full"], show_progress)
        if failed:
            sys.exit(1)

    def _harvest(self, clearing_house: ClearingHouse, full: bool, show_progress: bool) -> bool:
        bar = tqdm(unit="rec", desc=clearing_house.name[:30], disable=not show_progress)
        try:
            run = clearing_house_harvest(
                clearing_house=clearing_house, full=full, on_progress=bar.update
            )
        except ApplicationError as error:
            self.stderr.write(f"{clearing_house.name}: {error.message}")
            return False
        finally:
            bar.close()
        for line in report_lines(run.report):
            self.stdout.write(line)
        return run.status == HarvestRunStatus.COMPLETED
