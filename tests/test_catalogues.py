"""The gettext catalogues of the six other UI languages are complete and compiled.

`makemessages` is run afresh over the source into a scratch copy of the catalogues, so a string
added to the code without its translations fails here, naming the string. GNU gettext
(Debian's `gettext`) is needed for that; without it the test skips, except in CI.
"""

import gettext
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "ayni" / "locale"
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def _catalogue(language: str, base: Path = LOCALE_DIR) -> Path:
    return base / to_locale(language) / "LC_MESSAGES" / "django.po"


def _untranslated(path: Path) -> list[str]:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_catalogue_has_no_untranslated_entry(language: str) -> None:
    """Every entry of the committed catalogue has its translation, none fuzzy."""
    path = _catalogue(language)
    assert path.exists(), f"no catalogue for {language} at {path}"
    assert _untranslated(path) == []


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    """The committed .mo file says what the .po file says (compilemessages was run)."""
    path = _catalogue(language)
    with path.open("rb") as handle:
        source = read_po(handle)
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    differences = []
    for message in source:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        key = msgid if message.context is None else f"{message.context}\x04{msgid}"
        if isinstance(message.id, str):
            if compiled.get(key) != message.string:
                differences.append(message.id)
        else:
            plural = tuple(message.string or ())
            forms = tuple(compiled.get((key, index)) for index in range(len(plural)))
            if forms != plural:
                differences.append(message.id[0])
    assert differences == []


def test_makemessages_finds_no_new_string(tmp_path: Path, settings: Any) -> None:
    """A fresh `makemessages` over the code adds no entry the catalogues lack a translation for."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI")
        pytest.skip("GNU gettext is not installed (Debian's gettext); the catalogues are unchecked")
    # makemessages writes next to the code (the nearest `locale` folder), so it runs on a copy.
    copy = tmp_path / "code"
    skip = shutil.ignore_patterns("__pycache__", "tests", "*.mo")
    for folder in ("ayni", "config"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=skip)
    scratch = copy / "ayni" / "locale"
    settings.LOCALE_PATHS = [scratch]
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        call_command(
            "makemessages",
            locale=[to_locale(code) for code in OTHER_LANGUAGES],
            no_obsolete=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    missing = {code: _untranslated(_catalogue(code, scratch)) for code in OTHER_LANGUAGES}
    assert missing == {code: [] for code in OTHER_LANGUAGES}
