"""Every page template is valid HTML by the W3C checker (the Nu Html Checker, ``vnu.jar``).

The pages are those the accessibility test opens in a browser (its ``PAGES`` and
``SIGNED_IN_PAGES``), a curator's moderation forms, a proposal and a shared draft, rendered by
Django's test client on the demonstration data, written to a folder and checked in one run of
the checker (the Java VM starts once for all of them).

``vnu.jar`` comes from npm's ``vnu-jar`` and runs on Java 11 or later. It is looked for in
``AYNI_VNU_JAR``, then ``/tmp/vnu/node_modules/vnu-jar/build/dist/vnu.jar`` (``npm install
--prefix /tmp/vnu vnu-jar``), then ``node_modules/`` at the root of the clone. Without Java or
the checker the tests skip with that reason, except in CI (``CI`` set), where they fail.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from ayni.needs.models import Need
from ayni.partnerships.services import proposal_create
from ayni.portal.services import draft_share_token
from ayni.roster.models import Expert
from tests.browser.test_accessibility import PAGES, SIGNED_IN_PAGES

ROOT = Path(__file__).resolve().parent.parent.parent
JAR = Path("build") / "dist" / "vnu.jar"
JAR_PLACES = [
    Path("/tmp/vnu/node_modules/vnu-jar") / JAR,  # noqa: S108 - where `npm install --prefix` put it
    ROOT / "node_modules" / "vnu-jar" / JAR,
]
INSTALL = "npm install --prefix /tmp/vnu vnu-jar; Java: Debian's default-jre-headless"

# Forms only a curator opens, which the browser test does not visit.
CURATOR_PAGES = [
    "/en/moderation/merge/",
    "/en/moderation/needs/demo:need-1/reject/",
]


def made_pages(curator: Any) -> list[str]:
    """Pages of things a person makes: a proposal (its page) and a draft's share link."""
    need = Need.objects.get(uid="demo:need-1")
    expert = Expert.objects.get(uid="demo:expert-1")
    proposal = proposal_create(need=need, provider=expert, actor=curator, message="Mangroves.")
    token = draft_share_token(record=need, actor=curator)
    return [f"/en/proposals/{proposal.pk}/", f"/en/shared/{token}/"]


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the HTML checker: {reason}")
    pytest.skip(f"{reason} (install: {INSTALL})")


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The command that runs the checker; skips (fails in CI) when Java or vnu.jar is absent."""
    java = shutil.which("java")
    if java is None:
        _missing("no java on the PATH")
    from_env = os.environ.get("AYNI_VNU_JAR")
    places = [Path(from_env)] if from_env else JAR_PLACES
    jar = next((place for place in places if place.is_file()), None)
    if jar is None:
        _missing(f"no vnu.jar at {' or '.join(str(place) for place in places)}")
    return [java, "-jar", str(jar), "--errors-only", "--format", "json"]


def html_errors(vnu: list[str], pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The checker's errors for each page (address -> readable lines), in one run."""
    addresses = {}
    for number, (address, html) in enumerate(pages.items()):
        path = folder / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        addresses[path.name] = address
    run = subprocess.run(  # noqa: S603 - the checker found above, on our own files
        [*vnu, *(str(folder / name) for name in sorted(addresses))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(run.stderr)  # the JSON report goes to stderr
    except ValueError:
        pytest.fail(f"the checker gave no report (exit {run.returncode}): {run.stderr[-2000:]}")
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        url = message.get("url", "?")
        address = addresses.get(url.rsplit("/", 1)[-1], url)
        extract = " ".join(message.get("extract", "").split())
        line = f"line {message.get('lastLine', '?')}: {message['message']} [{extract}]"
        errors.setdefault(address, []).append(line)
    return errors


def rendered(client: Client, addresses: list[str], suffix: str = "") -> dict[str, str]:
    """Each address's HTML (keyed by address and suffix), asserting that it answers 200."""
    pages = {}
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address + suffix] = response.content.decode("utf-8")
    return pages


@pytest.fixture
def demo_data(db: Any) -> None:
    """The demonstration data (and the vocabularies, which a transactional test may flush)."""
    from ayni.vocabularies.loading import load_vocabularies
    from ayni.vocabularies.models import Country

    if not Country.objects.exists():
        load_vocabularies(apps)
    call_command("load_demo", verbosity=0)


def test_checker_reports_an_error_where_there_is_one(vnu: list[str], tmp_path: Path) -> None:
    """The checker itself finds the error of an invalid page (a block inside a paragraph)."""
    bad = '<!doctype html><html lang="en"><title>t</title><p><div>x</div></p></html>'
    good = '<!doctype html><html lang="en"><title>t</title><p>x</p></html>'
    errors = html_errors(vnu, {"bad": bad, "good": good}, tmp_path)
    assert list(errors) == ["bad"]
    assert "No “p” element in scope" in errors["bad"][0]


def test_every_page_is_valid_html(
    vnu: list[str], demo_data: None, curator: Any, tmp_path: Path
) -> None:
    """The public pages, and the signed-in pages as a curator sees them (with a proposal and a
    shared draft), have no HTML error."""
    pages = rendered(Client(), PAGES)
    signed_in = Client()
    signed_in.force_login(curator)
    addresses = SIGNED_IN_PAGES + CURATOR_PAGES + made_pages(curator)
    pages.update(rendered(signed_in, addresses, " (curator)"))
    errors = html_errors(vnu, pages, tmp_path)
    assert not errors, "\n".join(
        f"{address}\n  " + "\n  ".join(lines) for address, lines in errors.items()
    )
