"""``python manage.py match NEED_ID [--limit N] [--json] [--kind K] [--countries] [--language L]``

Prints the providers ranked for a need (experts, organizations, offers and case studies in one
list; ``--kind`` narrows it), or with ``--countries`` the ranking of countries. ``--json``
prints a JSON array of objects with ``id`` (the exchange id), ``type``, ``score`` and
``reasons``. ``--refresh-vectors`` encodes and stores the providers' texts that changed (the
need is then optional).

The command is the operator's: it sees as a curator (drafts, and experts without consent to
be listed, marked "not public" in the text output); ``--public`` shows what a visitor sees.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ayni.matching.engine.inputs import PROVIDER_KINDS
from ayni.matching.engine.reasons import LANGUAGES
from ayni.matching.selectors import need_country_matches, need_match_lists
from ayni.matching.services import matching_encoder, provider_vectors_refresh
from ayni.needs.models import Need


class Operator:
    """Whoever runs the command on the server: a curator's view of the records."""

    pk = None
    is_authenticated = True
    is_active = True
    is_curator = True
    is_focal_point = False
    country_id = None


class Command(BaseCommand):
    help = (
        "The providers ranked for a need (by exchange id, e.g. sn-dpn:need-7), with reasons; "
        "--countries for the ranking of countries; --refresh-vectors to encode changed texts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("need_id", nargs="?", metavar="NEED_ID", help="the need's id")
        parser.add_argument("--limit", type=int, default=10, help="how many (default 10)")
        parser.add_argument("--json", action="store_true", help="a JSON array")
        parser.add_argument("--kind", choices=PROVIDER_KINDS, help="only this kind of provider")
        parser.add_argument("--countries", action="store_true", help="rank countries instead")
        parser.add_argument("--language", default="en", help="language of the reasons (default en)")
        parser.add_argument("--public", action="store_true", help="see as a visitor sees")
        parser.add_argument(
            "--refresh-vectors",
            action="store_true",
            help="encode and store the texts of the providers that changed",
        )
        parser.add_argument(
            "--encoder",
            choices=("auto", "e5", "lexical"),
            help="with --refresh-vectors: the encoder (default: the AYNI_MATCHING_ENCODER setting)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["refresh_vectors"]:
            self._refresh(options["encoder"])
            if not options["need_id"]:
                return
        need_id = options["need_id"]
        if not need_id:
            raise CommandError("Give the need's id (e.g. sn-dpn:need-7), or --refresh-vectors.")
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        language = options["language"].lower()
        if language not in LANGUAGES:
            raise CommandError(
                f"--language {options['language']!r}: reasons exist in {', '.join(LANGUAGES)}"
            )
        need = Need.objects.filter(uid=need_id).first()
        if need is None:
            raise CommandError(f"No need with id {need_id!r}.")
        actor = None if options["public"] else Operator()
        if options["public"] and not need.is_published:
            raise CommandError(f"The need {need_id!r} is not published ({need.status}).")
        if options["countries"]:
            self._countries(need, actor, options, language)
        else:
            self._providers(need, actor, options, language)

    def _refresh(self, encoder_name: str | None) -> None:
        try:
            encoder = matching_encoder(encoder_name)
        except Exception as error:  # the model may fail to load or verify
            raise CommandError(f"The encoder cannot be loaded: {error}") from error
        report = provider_vectors_refresh(encoder=encoder)
        self.stderr.write(
            f"vectors ({report.encoder}): {report.encoded} encoded, {report.fresh} fresh, "
            f"{report.removed} removed"
        )

    def _providers(self, need: Need, actor: Any, options: dict[str, Any], language: str) -> None:
        lists = need_match_lists(
            need=need,
            actor=actor,
            limit=options["limit"],
            kind=options["kind"],
            language=language,
            side_limit=0,
        )
        if options["json"]:
            rows = [
                {"id": m.id, "type": m.type, "score": m.score, "reasons": m.reasons}
                for m in lists.matches
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not lists.matches:
            self.stdout.write("No providers found.")
        for rank, m in enumerate(lists.matches, start=1):
            hidden = "  [not public]" if not m.public else ""
            self.stdout.write(f"{rank:>2}. {m.score:.3f}  {m.type:<12} {m.id}  {m.name}{hidden}")
            for reason in m.reasons:
                self.stdout.write(f"      - {reason}")

    def _countries(self, need: Need, actor: Any, options: dict[str, Any], language: str) -> None:
        countries = need_country_matches(
            need=need, actor=actor, limit=options["limit"], language=language
        )
        if options["json"]:
            rows = [
                {"id": c.country, "type": "country", "score": c.score, "reasons": c.reasons}
                for c in countries
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not countries:
            self.stdout.write("No countries found.")
        for rank, c in enumerate(countries, start=1):
            self.stdout.write(
                f"{rank:>2}. {c.score:.3f}  {c.country}  {c.name} "
                f"({c.provider_count} providers; best: {', '.join(c.providers)})"
            )
            for reason in c.reasons:
                self.stdout.write(f"      - {reason}")
