"""The synthetic record stream: deterministic, lazy, valid and self-consistent.

These tests need no Django and no database: `ayni.demo.synthetic` is pure Python.
"""

from __future__ import annotations

import ast
import itertools
import re
import sys
import time
import zoneinfo
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from ayni.demo import synthetic
from ayni.demo.synthetic import (
    MAX_CLEARING_HOUSES,
    RECORD_TYPES,
    TYPE_WEIGHTS,
    Vocab,
    default_vocab_for_tests,
    generate_records,
)

SAMPLE_SIZE = 2000

# Required beyond type, id, status (DESIGN.md, "The exchange format").
REQUIRED: dict[str, tuple[str, ...]] = {
    "organization": ("name", "country", "organization_type"),
    "expert": ("name", "country"),
    "offer": ("title",),
    "case-study": ("title", "provider_countries", "beneficiary_countries"),
    "resource": ("title",),
    "need": ("country", "title"),
    "partnership": ("need", "providers"),
    "event": ("title", "start", "timezone"),
    "country-profile": ("country",),
    "clearing-house": ("name", "protocol", "endpoint"),
}

# Every field the exchange format knows, per type.
KNOWN_FIELDS: dict[str, set[str]] = {
    "organization": {
        "name", "acronym", "country", "organization_type", "subjects", "gbf_targets",
        "aichi_targets", "assistance_types", "languages", "regions_served", "description",
        "website", "centre_of_excellence",
    },
    "expert": {
        "name", "country", "nationality", "organization", "subjects", "gbf_targets",
        "assistance_types", "languages", "regions_of_experience", "bio", "available_from",
        "available_until", "consent_public", "email",
    },
    "offer": {
        "title", "description", "provider", "provider_country", "subjects", "gbf_targets",
        "assistance_types", "languages", "regions_covered", "eligibility", "available_from",
        "available_until",
    },
    "case-study": {
        "title", "summary", "description", "provider_countries", "beneficiary_countries",
        "modality", "organizations", "funders", "subjects", "gbf_targets", "aichi_targets",
        "start_date", "end_date", "results", "lessons", "building_blocks", "links",
    },
    "resource": {
        "title", "summary", "resource_type", "authors", "publisher", "publication_date", "url",
        "subjects", "gbf_targets", "aichi_targets", "countries", "languages",
    },
    "need": {
        "country", "institution", "title", "description", "subjects", "gbf_targets",
        "aichi_targets", "assistance_types", "languages", "partner_scope", "timeframe_start",
        "timeframe_end", "co_financing", "offers_in_return", "progress",
    },
    "partnership": {
        "need", "providers", "funders", "start_date", "end_date", "outcome", "progress",
    },
    "event": {
        "title", "description", "event_type", "mode", "start", "end", "timezone", "city",
        "country", "online_url", "organizers", "languages", "subjects", "meeting",
        "registration_url", "materials",
    },
    "country-profile": {
        "country", "ssc_policy", "ssc_policy_in_development_plan", "ssc_policy_url",
        "focal_points", "budget_earmarked", "triangular_partners", "nbsap_url", "summary",
    },
    "clearing-house": {"name", "url", "protocol", "endpoint", "schedule"},
}  # fmt: skip

LANGUAGE_MAP_FIELDS = (
    "title", "summary", "description", "bio", "eligibility", "results", "lessons",
    "co_financing", "offers_in_return", "outcome",
)  # fmt: skip

ENUMS: dict[tuple[str, str], set[str]] = {
    ("organization", "organization_type"): {
        "government", "research", "academic", "ngo", "intergovernmental", "private",
        "community", "funder",
    },
    ("case-study", "modality"): {"bilateral", "regional", "triangular"},
    ("resource", "resource_type"): {
        "publication", "guidance", "toolkit", "dataset", "video", "training", "website",
    },
    ("need", "partner_scope"): {"subregional", "regional", "global"},
    ("need", "progress"): {"open", "matched", "in-partnership", "closed"},
    ("partnership", "progress"): {"proposed", "agreed", "active", "completed", "cancelled"},
    ("event", "event_type"): {
        "conference", "seminar", "workshop", "webinar", "training", "side-event",
    },
    ("event", "mode"): {"in-person", "virtual", "hybrid"},
    ("clearing-house", "protocol"): {"oai-pmh", "atom", "rss", "ayni-jsonl", "cbd-chm"},
}  # fmt: skip

# Reference fields: (type, field) -> types the referenced record may have.
SINGLE_REFERENCES: dict[tuple[str, str], set[str]] = {
    ("expert", "organization"): {"organization"},
    ("offer", "provider"): {"organization", "expert"},
    ("partnership", "need"): {"need"},
}
LIST_REFERENCES: dict[tuple[str, str], set[str]] = {
    ("case-study", "organizations"): {"organization"},
    ("case-study", "funders"): {"organization"},
    ("partnership", "providers"): {"organization", "expert"},
    ("partnership", "funders"): {"organization"},
    ("event", "organizers"): {"organization"},
    ("event", "materials"): {"resource"},
}

DATE_FIELDS = (
    "available_from", "available_until", "start_date", "end_date", "publication_date",
    "timeframe_start", "timeframe_end",
)  # fmt: skip


def _sample(seed: int = 7, count: int = SAMPLE_SIZE) -> list[dict[str, Any]]:
    return list(generate_records(count, seed=seed, vocab=default_vocab_for_tests()))


def _is_reference(value: str) -> bool:
    return ":" in value


def test_same_seed_gives_same_records() -> None:
    """Two streams made with the same seed and vocabulary are identical, record for record."""
    assert _sample(seed=42, count=500) == _sample(seed=42, count=500)


def test_different_seeds_give_disjoint_ids() -> None:
    """Streams made with different seeds share no id, so both can be imported side by side."""
    first = {record["id"] for record in _sample(seed=1)}
    second = {record["id"] for record in _sample(seed=2)}
    assert first.isdisjoint(second)


def test_ids_are_unique_and_namespaced_by_seed() -> None:
    """Every id is `synth-s<seed>:<type>-<n>` and no id repeats within a stream."""
    records = _sample(seed=3)
    ids = [record["id"] for record in records]
    assert len(ids) == len(set(ids))
    for record in records:
        assert re.fullmatch(rf"synth-s3:{record['type']}-\d+", record["id"]), record["id"]


def test_every_type_appears_in_two_thousand_records() -> None:
    """A stream of 2,000 records holds at least one record of each of the ten types."""
    counts = Counter(record["type"] for record in _sample())
    assert set(counts) == set(RECORD_TYPES)


def test_type_mix_follows_the_weights() -> None:
    """Over a long stream each main type's share is within 3 points of its weight."""
    records = _sample(count=10_000)
    counts = Counter(record["type"] for record in records)
    for record_type in ("organization", "expert", "offer", "need", "case-study", "event"):
        share = 100 * counts[record_type] / len(records)
        assert abs(share - TYPE_WEIGHTS[record_type]) < 3, (record_type, share)


def test_country_profiles_at_most_one_per_country_and_clearing_houses_capped() -> None:
    """No country gets two profiles, and clearing-houses stay a handful."""
    records = _sample(count=10_000)
    profiles = [r["country"] for r in records if r["type"] == "country-profile"]
    assert len(profiles) == len(set(profiles))
    houses = [r for r in records if r["type"] == "clearing-house"]
    assert 1 <= len(houses) <= MAX_CLEARING_HOUSES


def test_every_reference_points_to_an_earlier_record_of_the_right_type() -> None:
    """References resolve against ids already yielded, so a streaming importer can follow."""
    seen: dict[str, str] = {}
    for record in _sample():
        record_type = record["type"]
        for (owner, field), allowed in SINGLE_REFERENCES.items():
            if owner == record_type and field in record:
                assert seen.get(record[field]) in allowed, (record["id"], field)
        for (owner, field), allowed in LIST_REFERENCES.items():
            if owner == record_type:
                for target in record.get(field, []):
                    assert seen.get(target) in allowed, (record["id"], field, target)
        if record_type == "need" and _is_reference(record.get("institution", "")):
            assert seen.get(record["institution"]) == "organization", record["id"]
        if record_type == "country-profile":
            for partner in record["triangular_partners"]:
                if _is_reference(partner):
                    assert seen.get(partner) == "organization", (record["id"], partner)
        seen[record["id"]] = record_type


def test_required_fields_are_present_and_fields_are_known() -> None:
    """Each record has type, id, status 'published', its required fields, and no others."""
    for record in _sample():
        record_type = record["type"]
        assert record["status"] == "published"
        for field in REQUIRED[record_type]:
            assert record.get(field), (record["id"], field)
        if record_type == "offer":
            assert record.get("provider") or record.get("provider_country"), record["id"]
        unknown = set(record) - {"type", "id", "status"} - KNOWN_FIELDS[record_type]
        assert not unknown, (record["id"], unknown)


def test_enumerated_fields_use_the_format_values() -> None:
    """Organization types, modalities, modes, progress values and the like are valid."""
    for record in _sample():
        for (record_type, field), allowed in ENUMS.items():
            if record["type"] == record_type and field in record:
                assert record[field] in allowed, (record["id"], field, record[field])


def test_all_codes_come_from_the_vocabulary() -> None:
    """Countries, subjects, targets, assistance types, languages and M49 codes are the vocab's."""
    vocab = default_vocab_for_tests()
    countries = set(vocab.countries)
    checks: dict[str, set[str]] = {
        "subjects": set(vocab.subjects),
        "gbf_targets": set(vocab.gbf_targets),
        "aichi_targets": set(vocab.aichi_targets),
        "assistance_types": set(vocab.assistance_types),
        "languages": set(vocab.languages),
        "regions_served": set(vocab.m49_regions),
        "regions_of_experience": set(vocab.m49_regions),
        "regions_covered": set(vocab.m49_regions),
        "countries": countries,
        "provider_countries": countries,
        "beneficiary_countries": countries,
    }
    for record in _sample():
        for field, allowed in checks.items():
            assert set(record.get(field, [])) <= allowed, (record["id"], field)
        for field in ("country", "nationality", "provider_country"):
            if field in record:
                assert record[field] in countries, (record["id"], field)
        for partner in record.get("triangular_partners", []):
            assert _is_reference(partner) or partner in countries, (record["id"], partner)
        for field in (*LANGUAGE_MAP_FIELDS, "name"):
            if isinstance(record.get(field), dict):
                assert set(record[field]) <= set(vocab.languages), (record["id"], field)


def test_texts_are_language_maps_of_one_or_two_languages_covering_the_vocab() -> None:
    """Each text is a map of 1-2 languages; together the records use every vocab language."""
    vocab = default_vocab_for_tests()
    used: Counter[str] = Counter()
    for record in _sample():
        for field in LANGUAGE_MAP_FIELDS:
            if field in record:
                text = record[field]
                assert isinstance(text, dict), (record["id"], field)
                assert 1 <= len(text) <= 2, (record["id"], field)
                assert all(isinstance(v, str) and v for v in text.values())
                used.update(list(text))
    assert set(used) == set(vocab.languages)
    assert used.most_common(1)[0][0] in {"en", "fr", "es"}


def test_texts_differ_by_language() -> None:
    """The same record's text in two languages is not a copy: each language has its words."""
    pairs = 0
    for record in _sample():
        title = record.get("title")
        if isinstance(title, dict) and len(title) == 2:
            first, second = title.values()
            assert first != second, record["id"]
            pairs += 1
    assert pairs > 100


def test_events_are_in_the_future_with_offsets_matching_their_time_zone() -> None:
    """Event start/end carry a UTC offset that is the IANA time zone's offset on that day."""
    today = date(2026, 12, 31)
    for record in _sample():
        if record["type"] != "event":
            continue
        start = datetime.fromisoformat(record["start"])
        end = datetime.fromisoformat(record["end"])
        assert start.tzinfo is not None
        assert end.tzinfo is not None
        assert start.date() > today
        assert end > start
        zone = zoneinfo.ZoneInfo(record["timezone"])
        assert start.utcoffset() == start.astimezone(zone).utcoffset(), record["id"]
        if record["mode"] != "in-person":
            assert record["online_url"].startswith("https://")
        if record["mode"] != "virtual" and "country" in record:
            assert record["city"]


def test_dates_are_iso_calendar_dates() -> None:
    """Date fields are YYYY-MM-DD strings that parse as calendar dates."""
    for record in _sample():
        for field in DATE_FIELDS:
            if field in record:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record[field])
                date.fromisoformat(record[field])


def test_contact_addresses_and_links_use_reserved_example_domains() -> None:
    """E-mail addresses end in @example.org and URLs point at example.org or example.net."""
    for record in _sample():
        if "email" in record:
            assert record["email"].endswith("@example.org")
        for field in ("url", "website", "endpoint", "online_url", "registration_url"):
            if field in record:
                assert re.match(r"https://([a-z0-9-]+\.)*example\.(org|net)/", record[field])


def test_generator_stays_lazy() -> None:
    """Taking the first five of a billion records is quick: nothing is built ahead."""
    started = time.perf_counter()
    stream = generate_records(10**9, seed=1, vocab=default_vocab_for_tests())
    first = list(itertools.islice(stream, 5))
    assert len(first) == 5
    assert time.perf_counter() - started < 1.0


def test_zero_count_yields_nothing() -> None:
    """A count of zero gives an empty stream."""
    assert list(generate_records(0, seed=1, vocab=default_vocab_for_tests())) == []


def test_bad_arguments_are_refused_at_call_time() -> None:
    """A negative count or an empty vocabulary raises ValueError before any iteration."""
    vocab = default_vocab_for_tests()
    with pytest.raises(ValueError, match="count"):
        generate_records(-1, seed=1, vocab=vocab)
    empty = Vocab(
        countries=(),
        south=frozenset(),
        subjects=vocab.subjects,
        gbf_targets=vocab.gbf_targets,
        aichi_targets=vocab.aichi_targets,
        assistance_types=vocab.assistance_types,
        languages=vocab.languages,
        m49_regions=vocab.m49_regions,
    )
    with pytest.raises(ValueError, match="countries"):
        generate_records(10, seed=1, vocab=empty)


def test_a_language_without_word_bank_still_gets_text() -> None:
    """A vocab language with no word bank still gets non-empty texts under its own code."""
    base = default_vocab_for_tests()
    vocab = Vocab(
        countries=base.countries,
        south=base.south,
        subjects=base.subjects,
        gbf_targets=base.gbf_targets,
        aichi_targets=base.aichi_targets,
        assistance_types=base.assistance_types,
        languages=("sw",),
        m49_regions=base.m49_regions,
    )
    records = list(generate_records(200, seed=5, vocab=vocab))
    titles = [r["title"] for r in records if "title" in r]
    assert titles
    assert all(set(t) == {"sw"} and t["sw"] for t in titles)


def test_module_imports_only_the_standard_library() -> None:
    """synthetic.py imports nothing outside the standard library (no Django)."""
    source = Path(synthetic.__file__).read_text(encoding="utf-8")
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules
