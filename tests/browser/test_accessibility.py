"""Every page template passes axe's default audit (WCAG 2.x A and AA, best practices)."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from ayni.accounts.tests.factories import CuratorFactory
from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# One address per page template, on the demonstration data.
PAGES = [
    "/en/",
    "/en/about/",
    "/en/search/?q=mangrove",
    "/en/search/?q=mangrove&country=SN&sort=date",
    "/en/needs/",
    "/en/case-studies/",
    "/en/needs/demo:need-1/",
    "/en/offers/demo:offer-1/",
    "/en/experts/demo:expert-1/",
    "/en/organizations/demo:org-1/",
    "/en/case-studies/demo:case-study-1/",
    "/en/resources/demo:resource-1/",
    "/en/events/demo:event-1/",
    "/en/country-profiles/demo:country-profile-sn/",
    "/en/partnerships/demo:partnership-1/",
    "/en/needs/demo:need-1/matches/",
    "/en/offers/demo:offer-1/needs/",
    "/en/experts/demo:expert-1/needs/",
    "/en/crosstab/",
    "/en/crosstab/?rows=region&columns=target",
    "/en/crosstab/cell/?rows=country&row=SN&columns=subject&column=marine-coastal",
    "/en/benchmarks/",
    "/en/benchmarks/?subject=marine-coastal",
    "/en/countries/",
    "/en/countries/SN/",
    "/en/regions/002/",
    "/ar/",
    "/ar/search/?q=mangrove",
    "/zh-hans/countries/SN/",
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/experts/demo:expert-1/contact/",
]

# Pages behind sign-in, opened by a curator (who sees every action on them).
SIGNED_IN_PAGES = [
    "/en/dashboard/",
    "/en/contribute/",
    "/en/contribute/needs/new/",
    "/en/contribute/case-studies/new/",
    "/en/contribute/events/new/",
    "/en/moderation/",
    "/en/inbox/",
    "/en/needs/demo:need-1/propose/",
    "/en/needs/demo:need-1/edit/",
]


@pytest.mark.parametrize("address", PAGES)
def test_page_has_no_accessibility_violation(demo_site: Any, page: Any, address: str) -> None:
    """The page loads (200) and axe finds no violation on it."""
    response = page.goto(demo_site.url + address)
    assert response is not None
    assert response.status == 200, address
    assert axe_violations(page) == []


def test_audit_reports_a_missing_image_description(page: Any) -> None:
    """The audit itself finds a violation where there is one (an image without a text)."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        '<body><main><h1>t</h1><img src="data:," width="1" height="1"></main></body></html>'
    )
    assert any(line.startswith("image-alt") for line in axe_violations(page))


def test_signed_in_pages_have_no_accessibility_violation(demo_site: Any, browser: Any) -> None:
    """Dashboard, forms, moderation queue, inbox and proposal pages pass the audit."""
    curator = CuratorFactory()
    EmailAddress.objects.create(user=curator, email=curator.email, verified=True, primary=True)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(demo_site.url + "/en/accounts/login/")
    page.fill("input[name=login]", curator.email)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("form[action*='login'] button[type=submit]")
    page.wait_for_load_state("load")
    failures = {}
    for address in SIGNED_IN_PAGES:
        response = page.goto(demo_site.url + address)
        assert response is not None
        assert response.status == 200, address
        violations = axe_violations(page)
        if violations:
            failures[address] = violations
    context.close()
    assert failures == {}
