"""The partnership plan from the database and ``manage.py plan_partnerships``."""

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ayni.core.choices import RecordStatus
from ayni.matching.management.commands.plan_partnerships import Command
from ayni.matching.plan import partnership_plan
from ayni.needs.choices import NeedProgress
from ayni.needs.tests.factories import NeedFactory
from ayni.roster.tests.factories import ExpertFactory

PUBLISHED = RecordStatus.PUBLISHED
MANGROVES = {"fr": "Suivi des mangroves par drone et restauration des mangroves côtières"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def needs_and_expert(db):
    """Two open Senegalese needs on mangroves, one matched need, and one Malian expert."""
    for _ in range(2):
        NeedFactory(status=PUBLISHED, country_id="SN", title=MANGROVES, description=MANGROVES)
    NeedFactory(status=PUBLISHED, country_id="SN", title=MANGROVES,
                progress=NeedProgress.MATCHED)  # fmt: skip
    expert: Any = ExpertFactory(country_id="ML", bio=MANGROVES)
    expert.subjects.set(["marine-coastal"])
    return expert


def test_plan_respects_provider_capacity(needs_and_expert):
    """With capacity 1, the one expert serves one of the two open needs; the other waits."""
    report = partnership_plan(provider_capacity=1)
    assert report.needs == 2
    assert [edge.provider for edge in report.plan.edges] == [needs_and_expert.uid]
    assert len(report.plan.unassigned_needs) == 1


def test_plan_gives_the_expert_both_needs_with_capacity_two(needs_and_expert):
    """With capacity 2 both open needs get the expert."""
    report = partnership_plan(provider_capacity=2)
    assert report.plan.matched_needs == 2
    assert report.plan.total_value == pytest.approx(sum(e.value for e in report.plan.edges))


def test_command_prints_json_plan(needs_and_expert):
    """--json prints the matches with need, provider, type and value."""
    data = json.loads(run("--json", "--provider-capacity", "1"))
    assert data["needs"] == 2
    assert data["matches"][0]["provider"] == needs_and_expert.uid
    assert data["matches"][0]["type"] == "expert"
    assert 0 < data["matches"][0]["value"] <= 1
    assert len(data["unassigned"]) == 1


def test_command_without_needs_prints_an_empty_plan(db):
    """Without open needs the plan is empty, not an error."""
    assert "0 open needs" in run()


def test_command_refuses_a_bad_top_k(db):
    """--top-k 0 is refused with a message."""
    with pytest.raises(CommandError, match="top-k"):
        run("--top-k", "0")
