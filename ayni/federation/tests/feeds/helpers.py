"""Rich records of every type with a page, and readers of what the pages and feeds carry."""

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from django.utils import translation

from ayni.core.choices import RecordStatus
from ayni.core.tests.records import make_record
from ayni.portal.selectors import record_url as _record_url
from ayni.roster.tests.factories import OrganizationFactory

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
CONTEXT_FILE = SCHEMAS / "schemaorg-context.jsonld"
SHAPES_FILE = SCHEMAS / "ayni-shapes.ttl"
SCHEMA_ORG_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
}


def record_url(record_type: str, uid: str, language: str = "en") -> str:
    with translation.override(language):
        return _record_url(record_type, uid)


def full_record(record_type: str) -> Any:
    """A published record of the type with its references and most fields filled."""
    published = RecordStatus.PUBLISHED
    organization = OrganizationFactory(status=published, name={"en": "Herbarium of Kenya"})
    extra: dict[str, Any] = {"status": published}
    if record_type == "organization":
        extra.update(
            acronym="CMS", website="https://cms.example.org/", description={"fr": "Centre"}
        )
    elif record_type == "expert":
        extra.update(organization=organization, nationality_id="SN", bio={"en": "Botanist."})
    elif record_type == "event":
        extra.update(
            start=dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC),
            end=dt.datetime(2027, 3, 12, 17, 0, tzinfo=dt.UTC),
            mode="hybrid",
            city="Dakar",
            online_url="https://meet.example.org/workshop",
            description={"en": "Three days, in person and online."},
        )
    elif record_type == "resource":
        extra.update(url="https://library.example.org/guide", publisher="UNEP", authors="A. Sow")
    elif record_type == "case-study":
        extra.update(summary={"en": "Twinning of seed banks."})
    record = make_record(record_type, **extra)
    if record_type == "event":
        record.organizers.set([organization])
    if record_type == "case-study":
        record.organizations.set([organization])
    if hasattr(record, "subjects"):
        record.subjects.set(["marine-coastal"])
    return record


def jsonld_of(html: str) -> dict[str, Any]:
    """The one JSON-LD object of a page."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    data: dict[str, Any] = json.loads(scripts[0])
    return data


def local_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: schema.org's context from the vendored file; nothing else."""
    if url.rstrip("/") + "/" not in {u.rstrip("/") + "/" for u in SCHEMA_ORG_URLS}:
        raise AssertionError(f"no network: the JSON-LD asked for {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT_FILE.read_text()),
    }
