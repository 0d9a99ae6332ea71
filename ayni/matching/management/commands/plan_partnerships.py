"""``python manage.py plan_partnerships``: the matches of most value overall, within capacities."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ayni.matching.plan import partnership_plan, plan_report_data


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Plan a round of cooperation: for the open published needs, the set of matches with "
        "the greatest total score when each need takes at most --need-capacity providers and "
        "each provider at most --provider-capacity partnerships (a min-cost flow). Reads only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--need-capacity", type=_non_negative, default=1)
        parser.add_argument("--provider-capacity", type=_non_negative, default=3)
        parser.add_argument(
            "--top-k", type=int, default=20, help="candidates per need (default 20)"
        )
        parser.add_argument(
            "--min-score", type=float, default=0.0, help="leave out weaker candidates"
        )
        parser.add_argument("--language", default="en")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top_k"] < 1:
            raise CommandError("--top-k must be at least 1")
        report = partnership_plan(
            need_capacity=options["need_capacity"],
            provider_capacity=options["provider_capacity"],
            top_k=options["top_k"],
            min_score=options["min_score"],
            language=options["language"],
        )
        data = plan_report_data(report)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"{data['needs']} open needs, {data['providers']} providers, "
            f"{data['candidates']} candidate matches; plan: {len(data['matches'])} matches for "
            f"{data['matched_needs']} needs, total value {data['total_value']:.3f}"
        )
        for item in data["matches"]:
            self.stdout.write(
                f"{item['value']:.3f}  {item['need']}  ->  {item['provider']} ({item['type']})"
                f"  {item['need_title'][:50]} / {item['provider_name'][:40]}"
            )
        if data["unassigned"]:
            self.stdout.write(f"unassigned: {', '.join(data['unassigned'])}")
