"""How complete a case study is, and the reviewer's checklist (pure code: plain data in).

The reviewer asks four questions of a case study: is it relevant (what, where, which subjects
and targets), does it report results, can others replicate it (lessons, building blocks), and
are the South-South partners named (provider and beneficiary countries, organizations). Each
item is worth points; the score is the share of points earned, 0 to 100.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ChecklistItem:
    """One question of the reviewer's checklist, answered for one case study."""

    key: str
    group: str | Promise
    label: str | Promise
    weight: int
    done: bool


def _text(data: dict[str, Any], name: str, min_length: int = 1) -> bool:
    value = data.get(name)
    if isinstance(value, dict):
        return any(len(str(text).strip()) >= min_length for text in value.values())
    return False


def _list(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    return isinstance(value, list) and any(value)


#: (key, group, label, weight, test): the checklist, in the order a reviewer reads it.
CHECKS: tuple[tuple[str, Promise, Promise, int, Callable[[dict[str, Any]], bool]], ...] = (
    ("title", _("Relevance"), _("A title"), 10, lambda d: _text(d, "title")),
    (
        "summary",
        _("Relevance"),
        _("A summary or a description of at least 200 characters"),
        15,
        lambda d: _text(d, "summary") or _text(d, "description", 200),
    ),
    (
        "subjects",
        _("Relevance"),
        _("At least one subject"),
        10,
        lambda d: _list(d, "subjects"),
    ),
    (
        "targets",
        _("Relevance"),
        _("At least one Kunming-Montreal or Aichi target"),
        10,
        lambda d: _list(d, "gbf_targets") or _list(d, "aichi_targets"),
    ),
    ("results", _("Results"), _("The results obtained"), 15, lambda d: _text(d, "results")),
    (
        "period",
        _("Results"),
        _("When it took place (start date)"),
        5,
        lambda d: bool(d.get("start_date")),
    ),
    (
        "lessons",
        _("Replicability"),
        _("Lessons learned"),
        10,
        lambda d: _text(d, "lessons"),
    ),
    (
        "building_blocks",
        _("Replicability"),
        _("At least one building block (a reusable part)"),
        10,
        lambda d: _list(d, "building_blocks"),
    ),
    (
        "countries",
        _("South-South partners"),
        _("Provider and beneficiary countries"),
        10,
        lambda d: _list(d, "provider_countries") and _list(d, "beneficiary_countries"),
    ),
    (
        "organizations",
        _("South-South partners"),
        _("The partner organizations"),
        5,
        lambda d: _list(d, "organizations"),
    ),
)


def case_study_completeness(data: dict[str, Any]) -> tuple[int, list[ChecklistItem]]:
    """The score (0-100) of a case study's exchange data and its checklist, done or missing."""
    items = [
        ChecklistItem(key=key, group=group, label=label, weight=weight, done=bool(test(data)))
        for key, group, label, weight, test in CHECKS
    ]
    total = sum(item.weight for item in items)
    earned = sum(item.weight for item in items if item.done)
    return round(100 * earned / total), items
