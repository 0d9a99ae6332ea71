"""``python manage.py generate_records --count N --seed S``: synthetic records for benchmarks."""

import sys
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ayni.countries.models import CountryProfile
from ayni.demo.synthetic import Vocab, generate_records
from ayni.federation.formats.ayni_jsonl import dump_line
from ayni.federation.services import records_import
from ayni.vocabularies.models import AssistanceType, Country, Region, Subject, Target

UI_LANGUAGES = ("en", "fr", "es", "pt", "ar", "zh", "ru")


def vocab_from_database() -> Vocab:
    """The shipped vocabularies as the synthetic generator wants them (ordered tuples)."""
    targets = list(Target.objects.order_by("position").values_list("code", "framework"))
    return Vocab(
        countries=tuple(Country.objects.order_by("code").values_list("code", flat=True)),
        south=frozenset(
            Country.objects.filter(groupings__code="developing").values_list("code", flat=True)
        ),
        subjects=tuple(Subject.objects.order_by("position").values_list("slug", flat=True)),
        gbf_targets=tuple(code for code, framework in targets if framework == "gbf"),
        aichi_targets=tuple(code for code, framework in targets if framework == "aichi"),
        assistance_types=tuple(
            AssistanceType.objects.order_by("position").values_list("slug", flat=True)
        ),
        languages=UI_LANGUAGES,
        m49_regions=tuple(
            Region.objects.exclude(level="world").order_by("code").values_list("code", flat=True)
        ),
    )


class Command(BaseCommand):
    help = (
        "Add N synthetic published records of every type (all UI languages) for benchmarks. "
        "Ids are 'synth-s<seed>:...', so runs with other seeds add, the same seed updates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="how many records")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["count"]
        if count < 1:
            raise CommandError("--count must be at least 1")
        with_profile = set(CountryProfile.objects.values_list("country", flat=True))

        def lines() -> Iterator[str]:
            for record in generate_records(
                count, seed=options["seed"], vocab=vocab_from_database()
            ):
                if record["type"] == "country-profile":
                    if record["country"] in with_profile:
                        continue  # one profile per country: keep the one there is
                    with_profile.add(record["country"])
                yield dump_line(record)

        bar = tqdm(total=count, unit="rec", desc="generate", disable=not sys.stderr.isatty())
        try:
            report = records_import(
                lines=lines(),
                batch_size=options["batch_size"],
                on_progress=bar.update,
                note="generate_records",
            )
        finally:
            bar.close()
        for number, reason in report.sorted_rejections()[:20]:
            self.stderr.write(f"record {number}: {reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.rejected)} rejected"
        )
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} synthetic records were rejected")
