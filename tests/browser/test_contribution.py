"""A contributor submits a need in the browser; the focal point publishes it; visitors see it."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress

from ayni.accounts.tests.factories import FocalPointFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password"  # the factories' test password
TITLE = "Training in seagrass mapping with drones"


def _person(factory: Any, **fields: Any) -> Any:
    user = factory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _sign_in(browser: Any, base: str, user: Any) -> Any:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(base + "/en/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action*='login'] button[type=submit]")
    page.wait_for_load_state("load")
    return page


def test_need_submitted_by_a_contributor_is_published_by_the_focal_point(
    demo_site: Any, browser: Any
) -> None:
    """Submit → the focal point's dashboard lists it → Publish → a visitor opens it."""
    base = demo_site.url
    contributor = _person(UserFactory)
    focal_point = _person(FocalPointFactory, country_id="SN")

    page = _sign_in(browser, base, contributor)
    page.goto(base + "/en/contribute/needs/new/")
    page.fill("input[name=title__en]", TITLE)
    page.select_option("select[name=country]", "SN")
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state("load")
    page.goto(base + "/en/dashboard/")
    assert TITLE in page.locator("main").inner_text()
    page.context.close()

    visitor = browser.new_page()
    visitor.goto(base + "/en/search/?q=seagrass")
    assert TITLE not in visitor.locator("main").inner_text()  # not public while submitted

    page = _sign_in(browser, base, focal_point)
    page.goto(base + "/en/dashboard/")
    row = page.locator("#status-submitted + table tr", has_text=TITLE)
    row.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("load")
    page.context.close()

    visitor.goto(base + "/en/search/?q=seagrass")
    visitor.get_by_role("link", name=TITLE).click()
    visitor.wait_for_load_state("load")
    assert visitor.locator("h1").inner_text() == TITLE
    visitor.close()
