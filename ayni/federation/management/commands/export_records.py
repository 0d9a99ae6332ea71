"""``python manage.py export_records``: a full backup in the exchange format."""

import sys
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ayni.federation.formats.ayni_jsonl import TYPE_ORDER, dump_line
from ayni.federation.selectors import records_export, records_export_count


class Command(BaseCommand):
    help = (
        "Export records as JSON Lines in the Ayni exchange format: every status and the "
        "private fields (a full backup), or without private fields with --public."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--type",
            action="append",
            dest="types",
            choices=TYPE_ORDER,
            help="only this record type (repeatable)",
        )
        parser.add_argument(
            "--public",
            action="store_true",
            help="only what anyone may read: published records, consenting experts, "
            "no private fields",
        )
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar even in a terminal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        types = tuple(options["types"] or TYPE_ORDER)
        output = options["output"]
        show_progress = not options["no_progress"] and sys.stderr.isatty() and bool(output)
        total = records_export_count(types=types) if show_progress else None
        bar = tqdm(total=total, unit="rec", desc="export", disable=not show_progress)
        handle = cast(TextIO, self.stdout._out)
        if output:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"{output}: the folder {path.parent} does not exist")
            handle = path.open("w", encoding="utf-8", newline="\n")
        count = 0
        try:
            for record in records_export(types=types, public=options["public"]):
                handle.write(dump_line(record) + "\n")
                count += 1
                bar.update(1)
        except BrokenPipeError:  # the reader stopped early (``export_records | head``)
            sys.stderr.close()
            return
        finally:
            bar.close()
            if output:
                handle.close()
        if output:
            self.stderr.write(f"{count} records written to {output}")
