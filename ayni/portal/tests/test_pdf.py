"""A case study and a country profile as PDF: who may download them, and what they say."""

import os
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from typing import NoReturn

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from ayni.casestudies.tests.factories import CaseStudyFactory
from ayni.core.choices import RecordStatus
from ayni.countries.models import CountryProfile
from ayni.countries.tests.factories import CountryProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    """Requests in French or Arabic leave that language active: give the next test English."""
    with translation.override("en"):
        yield


def pdf_url(name: str, uid: str, language: str = "en") -> str:
    """The PDF's address in a language."""
    with translation.override(language):
        return reverse(f"portal:{name}", kwargs={"uid": uid})


def _pdf_string(raw: bytes) -> str:
    """A PDF string object's text: ``(literal)`` or ``<FEFF…>`` (UTF-16BE)."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode("ascii"))
        return (
            data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
        )
    body = re.sub(rb"\\([()\\])", rb"\1", raw[1:-1])
    return body.decode("latin-1")


def inflated(document: bytes) -> list[bytes]:
    """The PDF itself and each of its Flate streams inflated (object streams hold the outline)."""
    chunks = [document]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", document, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return chunks


def pdf_strings(document: bytes) -> set[str]:
    """The text strings of a PDF's objects (document info, outline, links), streams inflated.

    WeasyPrint writes a heading per bookmark (the outline) and the ``<title>`` as the document's
    title; page text itself is glyph ids, which only a full PDF reader maps back to text.
    """
    found = set()
    for chunk in inflated(document):
        for raw in re.findall(rb"\((?:[^()\\]|\\.)*\)|<[Ff][Ee][Ff][Ff][0-9A-Fa-f]*>", chunk):
            found.add(_pdf_string(raw))
    return found


def test_case_study_downloads_as_pdf_with_its_title(client):
    """A published case study's PDF is a PDF named after the record, titled with its title."""
    case = CaseStudyFactory(
        uid="test:cs-pdf", status=RecordStatus.PUBLISHED, title={"en": "Mangrove seed banks"}
    )
    response = client.get(pdf_url("case_study_pdf", str(case.uid)))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="case-study-test-cs-pdf.pdf"' in response["Content-Disposition"]
    assert "Mangrove seed banks" in pdf_strings(response.content)


def test_unpublished_case_study_pdf_is_not_found(client):
    """A visitor asking for the PDF of a submitted (unpublished) case study gets a 404."""
    case = CaseStudyFactory(uid="test:cs-hidden", status=RecordStatus.SUBMITTED)
    response = client.get(pdf_url("case_study_pdf", str(case.uid)))
    assert response.status_code == 404


def test_absent_record_pdf_is_not_found(client):
    """An identifier that names no record answers 404, like a hidden one."""
    assert client.get(pdf_url("country_profile_pdf", "test:nothing")).status_code == 404


def test_country_profile_pdf_speaks_the_readers_language(client):
    """A French reader's PDF is in French: the country's French name, the French catalogue's
    labels (in the outline), the document language; an English reader's is in English."""
    profile = CountryProfileFactory(
        uid="test:country-pdf",
        status=RecordStatus.PUBLISHED,
        summary={"fr": "Le Sénégal coopère avec ses voisins.", "en": "Senegal cooperates."},
    )
    with translation.override("fr"):
        details_fr = gettext("Details")
        summary_fr = str(CountryProfile._meta.get_field("summary").verbose_name)
    response = client.get(pdf_url("country_profile_pdf", str(profile.uid), "fr"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    strings = pdf_strings(response.content)
    assert {"Sénégal", details_fr, capfirst(summary_fr)} <= strings
    assert b"/Lang (fr)" in b"".join(inflated(response.content))
    english = pdf_strings(
        client.get(pdf_url("country_profile_pdf", str(profile.uid), "en")).content
    )
    assert {"Senegal", "Details", "Summary"} <= english
    assert "Sénégal" not in english


def test_country_profile_pdf_draws_the_country_map(client):
    """The country profile's PDF includes its locator map (a vector drawing, not an image)."""
    profile = CountryProfileFactory(uid="test:country-map", status=RecordStatus.PUBLISHED)
    with_map = client.get(pdf_url("country_profile_pdf", str(profile.uid)))
    case = CaseStudyFactory(uid="test:cs-nomap", status=RecordStatus.PUBLISHED)
    without_map = client.get(pdf_url("case_study_pdf", str(case.uid)))
    assert with_map.status_code == without_map.status_code == 200
    assert b"/Subtype /Image" not in with_map.content
    assert len(with_map.content) > len(without_map.content)


def test_arabic_case_study_pdf_is_right_to_left_with_its_arabic_title(client):
    """An Arabic reader's PDF carries the Arabic title and says it is in Arabic."""
    title = "بنوك بذور المانغروف"
    case = CaseStudyFactory(
        uid="test:cs-ar", status=RecordStatus.PUBLISHED, title={"ar": title, "en": "Seed banks"}
    )
    response = client.get(pdf_url("case_study_pdf", str(case.uid), "ar"))
    assert response.status_code == 200
    assert title in pdf_strings(response.content)
    assert b"/Lang (ar)" in b"".join(inflated(response.content))


def chinese_font_families() -> set[str]:
    """The font families fontconfig says cover Chinese (``fc-list :lang=zh``), squeezed to
    lowercase letters and digits (``notosanscjksc``); empty when none does."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    listed = subprocess.run(  # noqa: S603 - fontconfig's own command, fixed arguments
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    names = {name for line in listed.splitlines() for name in line.split(",")}
    return {re.sub(r"[^a-z0-9]", "", name.lower()) for name in names if name.strip()}


def _needed(what: str) -> NoReturn:
    """Skip without a tool or font this test needs, except in CI, where it must run."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {what}")
    pytest.skip(what)


def test_chinese_case_study_pdf_draws_its_chinese_title(client):
    """A Chinese reader's PDF has the Chinese title as page text (read back by poppler's
    pdftotext), drawn with an embedded font that has Chinese characters, not empty boxes."""
    families = chinese_font_families()
    if not families:
        _needed("no installed font covers Chinese (fc-list :lang=zh): install fonts-noto-cjk")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        _needed("no pdftotext: install poppler-utils")
    title = "红树林种子库"
    case = CaseStudyFactory(
        uid="test:cs-zh", status=RecordStatus.PUBLISHED, title={"zh": title, "en": "Seed banks"}
    )
    response = client.get(pdf_url("case_study_pdf", str(case.uid), "zh-hans"))
    assert response.status_code == 200
    text = subprocess.run(  # noqa: S603 - poppler's command, the PDF on its standard input
        [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert title in text
    # The text maps back to Chinese even when it is drawn as boxes: the fonts tell them apart.
    embedded = re.findall(
        rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)", b"".join(inflated(response.content))
    )
    squeezed = {re.sub(r"[^a-z0-9]", "", name.decode("latin-1").lower()) for name in embedded}
    assert any(font.startswith(family) for font in squeezed for family in families), squeezed
