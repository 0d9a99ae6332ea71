"""Browser tests: Ayni's pages in Debian's Chromium, driven by Playwright.

Playwright is given ``executable_path`` (``AYNI_CHROMIUM``, default ``/usr/bin/chromium``), so no
browser is ever downloaded. Without Chromium the tests skip with that reason, except in CI
(``CI`` set), where a missing browser is a failure: ``.ci/run`` installs Debian's ``chromium``.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls, not coroutines.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("AYNI_CHROMIUM", "/usr/bin/chromium")


def chromium_path() -> str | None:
    """The Chromium to drive, or None when this machine has none."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (of this worker)."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium to run browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page (its own cookies), English first by Accept-Language."""
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture
def vocabularies(transactional_db: Any) -> None:
    """The vocabularies, as `migrate` loads them: a transactional test may find them flushed."""
    from django.apps import apps

    from ayni.vocabularies.loading import load_vocabularies
    from ayni.vocabularies.models import Country

    if not Country.objects.exists():
        load_vocabularies(apps)


@pytest.fixture
def demo_site(vocabularies: None, live_server: Any) -> Any:
    """The live server with Ayni's demonstration data loaded (as `make run` has it)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return live_server
