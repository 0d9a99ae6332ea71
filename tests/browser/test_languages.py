"""The language switch: to Arabic (right to left) and to French, with or without JavaScript."""

from typing import Any

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _switch(page: Any, language: str) -> None:
    page.select_option("#language-select", language)
    page.click("form.lang button[type=submit]")
    page.wait_for_load_state("load")


def test_switching_to_arabic_then_french_keeps_the_page(demo_site: Any, page: Any) -> None:
    """The switcher sends the reader to the same page in Arabic (rtl), then in French (ltr)."""
    page.goto(demo_site.url + "/en/needs/demo:need-1/")
    _switch(page, "ar")
    assert page.url == demo_site.url + "/ar/needs/demo:need-1/"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert axe_violations(page) == []
    _switch(page, "fr")
    assert page.url == demo_site.url + "/fr/needs/demo:need-1/"
    assert page.get_attribute("html", "lang") == "fr"
    assert page.get_attribute("html", "dir") in (None, "ltr")
    assert page.locator("h1").inner_text() == "Formation au suivi des mangroves par drone"


def test_javascript_off_switch_works(demo_site: Any, browser: Any) -> None:
    """Without JavaScript the switcher is a plain form and still works."""
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(demo_site.url + "/en/about/")
    _switch(page, "ar")
    assert page.url == demo_site.url + "/ar/about/"
    assert page.get_attribute("html", "dir") == "rtl"
    context.close()


def test_address_without_language_answers_in_the_browser_language(
    demo_site: Any, browser: Any
) -> None:
    """/ redirects to the language the browser asks for first (Accept-Language)."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(demo_site.url + "/")
    assert page.url == demo_site.url + "/fr/"
    assert page.get_attribute("html", "lang") == "fr"
    context.close()
