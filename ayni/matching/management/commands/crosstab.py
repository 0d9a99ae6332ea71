"""``python manage.py crosstab``: open needs against available expertise, as CSV or JSON."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ayni.matching.crosstab import (
    COLUMN_KINDS,
    ROW_KINDS,
    SOURCES,
    CrossTabError,
    crosstab_table,
)
from ayni.matching.engine.crosstab import to_csv, to_json_data


class Command(BaseCommand):
    help = (
        "Print the cross-tabulation of open needs against available expertise (experts, "
        "organizations, offers, case studies): one line per (row, column), unmet cells flagged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", choices=ROW_KINDS, default="country")
        parser.add_argument("--columns", choices=COLUMN_KINDS, default="subject")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument(
            "--min-ratio",
            type=float,
            default=0.0,
            help="flag a cell unmet when expertise < ratio × needs (default 0: only no expertise)",
        )
        parser.add_argument("--language", default="en", help="language of the names (en)")
        parser.add_argument(
            "--nonempty",
            action="store_true",
            help="leave out cells with neither needs nor expertise",
        )
        parser.add_argument(
            "--source",
            choices=SOURCES,
            default="auto",
            help="counts (stored, kept in step with the writes), records (counted from the "
            "records themselves, the reference) or auto (counts once built; the default)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = crosstab_table(
                rows=options["rows"],
                columns=options["columns"],
                min_ratio=options["min_ratio"],
                language=options["language"],
                source=options["source"],
            )
        except CrossTabError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            data = to_json_data(table, only_nonempty=options["nonempty"])
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(to_csv(table, only_nonempty=options["nonempty"]), ending="")
