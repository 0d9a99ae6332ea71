"""``python manage.py matching_refresh``: the scheduled refresh of matching, for cron.

Encodes the providers and the needs whose text changed since their vectors were stored, and
rebuilds the cross-tabulation's counts from the records. Each part can run alone.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ayni.matching.engine import EncoderUnavailable
from ayni.matching.services import (
    crosstab_counts_rebuild,
    matching_encoder,
    need_vectors_refresh,
    provider_vectors_refresh,
)

PARTS = ("providers", "needs", "crosstab")


class Command(BaseCommand):
    help = (
        "Refresh what matching stores: the text vectors of providers and needs whose text "
        "changed, and the cross-tabulation's counts. Safe to run from cron (e.g. nightly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            choices=PARTS,
            action="append",
            help="refresh only this part (repeatable): providers, needs, crosstab",
        )
        parser.add_argument(
            "--encoder",
            choices=("auto", "e5", "lexical"),
            default=None,
            help="encoder of the vectors (default: the AYNI_MATCHING_ENCODER setting)",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the work as a background task instead of doing it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        parts = options["only"] or list(PARTS)
        if options["enqueue"]:
            from ayni.matching import tasks

            queued: dict[str, Any] = {
                "providers": tasks.provider_vectors_refresh_task,
                "needs": tasks.need_vectors_refresh_task,
                "crosstab": tasks.crosstab_counts_rebuild_task,
            }
            for part in parts:
                result = queued[part].enqueue()
                self.stdout.write(f"{part}: queued ({result.id})")
            return
        if "providers" in parts or "needs" in parts:
            try:
                encoder = matching_encoder(options["encoder"])
            except EncoderUnavailable as error:
                raise CommandError(str(error)) from error
            if "providers" in parts:
                report = provider_vectors_refresh(encoder=encoder)
                self.stdout.write(
                    f"providers ({report.encoder}): {report.encoded} encoded, "
                    f"{report.fresh} fresh, {report.removed} removed"
                )
            if "needs" in parts:
                report = need_vectors_refresh(encoder=encoder)
                self.stdout.write(
                    f"needs ({report.encoder}): {report.encoded} encoded, "
                    f"{report.fresh} fresh, {report.removed} removed"
                )
        if "crosstab" in parts:
            total = crosstab_counts_rebuild()
            self.stdout.write(f"cross-tabulation: counts rebuilt ({total} contributions)")
