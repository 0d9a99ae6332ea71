"""``manage.py reindex [--type T ...]``: rebuild the search index from the records."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ayni.federation.formats.ayni_jsonl import TYPE_ORDER
from ayni.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index of every record type, or of the types named."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--type",
            dest="types",
            action="append",
            default=[],
            metavar="TYPE",
            help=f"A record type to reindex (repeatable): {', '.join(TYPE_ORDER)}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = [t for t in options["types"] if t not in TYPE_ORDER]
        if unknown:
            raise CommandError(
                f"Unknown record type '{unknown[0]}'; choose from: {', '.join(TYPE_ORDER)}."
            )
        written = search_reindex(record_types=options["types"] or None)
        self.stdout.write(f"Search index rebuilt: {written} entries.")
