"""The browse pages in a real browser (Debian's Chromium): with and without JavaScript.

Chromium comes from tests/browser/conftest.py (skipped with a reason when absent, except in CI).
"""

import pytest

from ayni.search.tests.factories import case_study, event, need, offer, write_and_index
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def records(vocabularies: None) -> None:
    write_and_index(
        need(),
        offer(),
        event(),
        case_study(),
        *[need(f"test:many-{n}", title={"en": f"Need number {n}"}) for n in range(25)],
    )


def test_browse_pages_pass_the_axe_audit(live_server, browser, records):
    """The home, search, list and about pages (English and Arabic) have no axe violations."""
    page = browser.new_page()
    failures = {}
    for url in (
        "/en/",
        "/en/search/?q=mangroves&country=SN",
        "/en/search/?page=2",
        "/en/needs/",
        "/en/case-studies/",
        "/en/about/",
        "/ar/search/?country=XX",
    ):
        page.goto(live_server.url + url)
        page.click("details summary") if page.query_selector("details summary") else None
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}


def test_facet_link_narrows_the_results_in_place_with_javascript(live_server, browser, records):
    """With JavaScript, a facet link replaces the results in place and updates the address."""
    page = browser.new_page()
    page.goto(live_server.url + "/en/search/")
    page.evaluate("window.untouched = true")
    page.click('aside a[href*="country=BR"]')
    page.wait_for_url("**/en/search/?country=BR")
    assert page.locator("ol.hits h3").all_inner_texts() == ["Restauración de manglares en la costa"]
    assert page.evaluate("window.untouched") is True  # the page was not reloaded


def test_facet_form_works_without_javascript(live_server, browser, records):
    """Without JavaScript, ticking two countries in the form and applying shows both."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/search/?q=mangroves")
    page.click("details summary")
    page.check('form.facet-form input[name="country"][value="SN"]')
    page.click("form.facet-form button")
    page.wait_for_url("**/en/search/?q=mangroves&country=SN")
    assert page.locator("ol.hits h3").all_inner_texts() == [
        "Formation au suivi des mangroves par drone"
    ]
    context.close()
