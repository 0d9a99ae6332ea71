"""Every page template passes axe's default audit (WCAG 2.x A and AA, best practices)."""

from typing import Any

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# One address per page template, on the demonstration data.
PAGES = [
    "/en/",
    "/en/needs/demo:need-1/",
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
