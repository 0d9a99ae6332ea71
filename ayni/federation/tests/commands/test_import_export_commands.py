"""The command-line tools: import_records, export_records, load_demo and generate_records."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ayni.core.choices import RecordStatus
from ayni.core.registry import record_model
from ayni.events.models import Event
from ayni.federation.formats.ayni_jsonl import RECORD_FIELDS, TYPE_ORDER, Kind, dump_line
from ayni.needs.models import Need
from ayni.roster.models import Expert, Organization

pytestmark = pytest.mark.django_db

ORG = {
    "type": "organization",
    "id": "br-ufpa:org-1",
    "status": "published",
    "name": {"pt": "Laboratório de Manguezais", "en": "Mangrove Laboratory"},
    "country": "BR",
    "organization_type": "academic",
    "subjects": ["marine-coastal"],
}
EXPERT = {
    "type": "expert",
    "id": "br-ufpa:expert-1",
    "status": "published",
    "name": "Ana Exemplo",
    "country": "BR",
    "organization": "br-ufpa:org-1",
    "email": "ana@example.org",
    "consent_public": True,
}
NEED = {
    "type": "need",
    "id": "sn-dpn:need-7",
    "status": "published",
    "country": "SN",
    "title": {"fr": "Formation au suivi des mangroves par drone"},
    "subjects": ["marine-coastal", "monitoring-indicators"],
    "progress": "open",
}


def _write(path: Path, *records: Any) -> Path:
    """A JSON Lines file: dicts are dumped, strings written as they are."""
    lines = [dump_line(r) if isinstance(r, dict) else r for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(name: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _export(*args: str) -> list[dict[str, Any]]:
    out, _err = _run("export_records", "--no-progress", *args)
    return [json.loads(line) for line in out.splitlines()]


def _uids(model: Any) -> set[str]:
    return set(model.objects.values_list("uid", flat=True))


# ---------------------------------------------------------------------------------------------
# import_records


def test_import_reports_each_bad_line_and_lands_the_good_ones(tmp_path):
    """Bad lines are printed as 'line N: reason' on stderr, the command exits 1, good lines land."""
    path = _write(
        tmp_path / "records.jsonl",
        ORG,
        "{not json",
        {**NEED, "id": "sn-dpn:need-8", "subjects": ["mangroves"]},
        EXPERT,
        {**EXPERT, "id": "br-ufpa:expert-2", "organization": "br-ufpa:org-404"},
        NEED,
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_records", str(path), "--no-progress", stdout=out, stderr=err)
    assert exited.value.code == 1
    errors = err.getvalue().splitlines()
    assert errors[0].startswith("line 2: broken JSON")
    assert errors[1] == "line 3: field 'subjects': unknown code 'mangroves'"
    assert errors[2].startswith("line 5: field 'organization': no organization with id")
    assert len(errors) == 3
    assert out.getvalue().strip() == "3 created, 0 updated, 0 unchanged, 3 rejected"
    assert _uids(Organization) == {"br-ufpa:org-1"}
    assert _uids(Expert) == {"br-ufpa:expert-1"}
    assert _uids(Need) == {"sn-dpn:need-7"}


def test_import_reports_a_line_whose_type_is_not_text(tmp_path):
    """A line whose `type` is a list is one bad line, not a crash: the other lines land."""
    path = _write(tmp_path / "records.jsonl", ORG, {**NEED, "type": ["need"]})
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_records", str(path), "--no-progress", stdout=out, stderr=err)
    assert exited.value.code == 1
    assert err.getvalue().startswith("line 2: unknown type")
    assert _uids(Organization) == {"br-ufpa:org-1"}


def test_import_of_a_clean_file_exits_normally_and_prints_the_counts(tmp_path):
    """A file without bad lines imports, exits normally and says what it did."""
    path = _write(tmp_path / "records.jsonl", ORG, EXPERT, NEED)
    out, err = _run("import_records", str(path), "--no-progress")
    assert out.strip() == "3 created, 0 updated, 0 unchanged, 0 rejected"
    assert err == ""
    out, err = _run("import_records", str(path), "--no-progress")
    assert out.strip() == "0 created, 0 updated, 3 unchanged, 0 rejected"


def test_import_prints_warnings_for_unknown_fields(tmp_path):
    """A field the format does not know is a warning on stderr; the record still lands."""
    path = _write(tmp_path / "records.jsonl", {**NEED, "x_priority": "high"})
    out, err = _run("import_records", str(path), "--no-progress")
    assert err.strip() == "line 1: warning: unknown field 'x_priority' ignored"
    assert out.startswith("1 created")


def test_import_of_a_missing_file_is_a_command_error(tmp_path):
    """A file that does not exist gives a CommandError naming it."""
    missing = tmp_path / "nowhere.jsonl"
    with pytest.raises(CommandError, match="no such file"):
        _run("import_records", str(missing), "--no-progress")


def test_import_of_a_non_utf8_file_is_refused_and_nothing_lands(tmp_path):
    """A file in another encoding gives a clear CommandError, and no record of it is written."""
    good = "".join(dump_line({**ORG, "id": f"br-ufpa:org-{n}"}) + "\n" for n in range(200))
    latin = dump_line({**NEED, "title": {"fr": "Sénégal : suivi des mangroves"}})
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(good.encode("utf-8") + latin.encode("latin-1") + b"\n")
    with pytest.raises(CommandError, match="not UTF-8 text") as caught:
        _run("import_records", str(path), "--no-progress")
    assert str(path) in str(caught.value)
    assert Organization.objects.count() == 0
    assert Need.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# export_records


@pytest.fixture
def imported(tmp_path):
    """An organization, an expert (with an e-mail) and a need, imported from a file."""
    _run("import_records", str(_write(tmp_path / "in.jsonl", ORG, EXPERT, NEED)), "--no-progress")


@pytest.mark.usefixtures("imported")
def test_export_to_a_file_writes_one_json_object_per_line(tmp_path):
    """--output writes one JSON object per line, every record, and says how many on stderr."""
    target = tmp_path / "out.jsonl"
    _out, err = _run("export_records", "--no-progress", "--output", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert all(isinstance(record, dict) for record in records)
    assert [(r["type"], r["id"]) for r in records] == [
        ("organization", "br-ufpa:org-1"),
        ("expert", "br-ufpa:expert-1"),
        ("need", "sn-dpn:need-7"),
    ]
    assert err.strip() == f"3 records written to {target}"
    assert records[2]["title"] == NEED["title"]


@pytest.mark.usefixtures("imported")
def test_export_of_one_type_holds_only_that_type():
    """--type need exports the needs and nothing else."""
    records = _export("--type", "need")
    assert [(r["type"], r["id"]) for r in records] == [("need", "sn-dpn:need-7")]


@pytest.mark.usefixtures("imported")
def test_export_keeps_private_fields_and_public_export_leaves_them_out():
    """The full backup holds the expert's e-mail; --public leaves it out."""
    (full,) = _export("--type", "expert")
    (public,) = _export("--type", "expert", "--public")
    assert full["email"] == "ana@example.org"
    assert "email" not in public
    assert public["name"] == "Ana Exemplo"


@pytest.mark.usefixtures("imported")
def test_export_to_stdout_gives_lines_that_import_again(tmp_path):
    """Export to standard output; its lines import back unchanged (export → import is lossless)."""
    out, _err = _run("export_records", "--no-progress")
    assert len(out.splitlines()) == 3
    path = tmp_path / "backup.jsonl"
    path.write_text(out, encoding="utf-8")
    again, _err = _run("import_records", str(path), "--no-progress")
    assert again.strip() == "0 created, 0 updated, 3 unchanged, 0 rejected"


def test_export_into_a_missing_folder_is_a_command_error(tmp_path):
    """--output in a folder that does not exist gives a CommandError naming the folder."""
    with pytest.raises(CommandError, match="does not exist"):
        _run("export_records", "--no-progress", "--output", str(tmp_path / "no" / "out.jsonl"))


# ---------------------------------------------------------------------------------------------
# load_demo and generate_records


def test_load_demo_twice_creates_nothing_the_second_time():
    """Loading the demo again finds every record already there."""
    first, _err = _run("load_demo")
    second, _err = _run("load_demo")
    assert first.startswith("Demo data: ")
    assert not first.startswith("Demo data: 0 created")
    assert second.startswith("Demo data: 0 created, 0 updated, ")


def test_demo_has_published_records_of_every_type():
    """After load_demo there are at least three published records of each type."""
    _run("load_demo")
    for record_type in TYPE_ORDER:
        model = record_model(record_type)
        published = model._default_manager.filter(status=RecordStatus.PUBLISHED).count()
        assert published >= 3, record_type


def test_demo_is_written_in_at_least_four_languages():
    """The demo's texts (language maps, as exported) are in four languages or more."""
    _run("load_demo")
    languages: set[str] = set()
    for record in _export():
        for spec in RECORD_FIELDS[record["type"]]:
            if spec.kind is Kind.TEXT and spec.name in record:
                languages |= set(record[spec.name])
            elif spec.kind is Kind.TEXT_LIST and spec.name in record:
                for text in record[spec.name]:
                    languages |= set(text)
    assert len(languages) >= 4, languages


def test_demo_has_events_to_come():
    """Some published demo events start in the future (the events page is not empty)."""
    _run("load_demo")
    upcoming = Event.objects.filter(status=RecordStatus.PUBLISHED, start__gt=timezone.now())
    assert upcoming.exists()


def _counts() -> dict[str, int]:
    return {t: record_model(t)._default_manager.count() for t in TYPE_ORDER}


def test_generate_records_adds_published_records_of_every_type():
    """--count 300 --seed 3 adds 300 published records, some of each type."""
    before = _counts()
    out, _err = _run("generate_records", "--count", "300", "--seed", "3")
    after = _counts()
    assert out.strip() == "300 created, 0 updated, 0 unchanged, 0 rejected"
    assert sum(after.values()) - sum(before.values()) == 300
    for record_type in TYPE_ORDER:
        model = record_model(record_type)
        generated = model._default_manager.filter(uid__startswith="synth-s3:")
        assert generated.exists(), record_type
        assert not generated.exclude(status=RecordStatus.PUBLISHED).exists(), record_type


def test_generate_records_again_with_the_same_seed_adds_nothing():
    """A second run with the same seed creates no record and changes no count."""
    _run("generate_records", "--count", "300", "--seed", "3")
    before = _counts()
    out, _err = _run("generate_records", "--count", "300", "--seed", "3")
    assert out.startswith("0 created, 0 updated, ")
    assert _counts() == before
