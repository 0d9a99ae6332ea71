"""``python manage.py import_records FILE``: import records in the exchange format."""

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ayni.federation.services import records_import


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="strict", newline="") as handle:
        yield from handle


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


class Command(BaseCommand):
    help = (
        "Import records from a JSON Lines file in the Ayni exchange format (- for standard "
        "input). Idempotent by id; bad lines are reported as 'line N: reason' and the good "
        "lines still land. Exits 1 when any line was rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .jsonl file, or - for standard input")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar even in a terminal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        show_progress = not options["no_progress"] and sys.stderr.isatty()
        if name == "-":
            lines: Any = sys.stdin
            total = None
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            total = _count_lines(path) if show_progress else None
            lines = _lines(path)
        bar = tqdm(total=total, unit="rec", desc="import", disable=not show_progress)
        try:
            report = records_import(
                lines=lines,
                batch_size=options["batch_size"],
                on_progress=bar.update,
                note=f"import_records {name}",
            )
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
            ) from error
        finally:
            bar.close()
        for number, warning in report.warnings:
            self.stderr.write(f"line {number}: warning: {warning}")
        for number, reason in report.sorted_rejections():
            self.stderr.write(f"line {number}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.rejected)} rejected"
        )
        if report.rejected:
            sys.exit(1)
