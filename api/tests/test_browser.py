"""In Chromium: the API's Swagger page and the token page work under the site's CSP, in Chinese and English."""

import pytest

from api.models import AccessToken
from xianfeng.tests import factories as f
from xianfeng.tests.test_browser_csp import log_in, pytestmark, visit, watch  # noqa: F401 - the fixture

__all__ = ["pytestmark"]


def test_the_swagger_page_draws_the_schema_with_no_policy_violation(page, live_server, watch, county):  # noqa: F811
    visit(page, f"{live_server.url}/api/docs/")
    page.locator(".opblock-tag").first.wait_for()
    assert page.locator(".opblock").count() >= 10
    # Swagger UI draws only what is near the viewport: scroll down until the people tag is drawn too.
    people = page.locator(".opblock-tag", has_text="people")
    for _ in range(60):
        if people.count():
            break
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(150)
    people.first.wait_for()
    assert watch.clean(), (watch.violations, watch.errors)


@pytest.mark.parametrize(
    ("language", "heading", "created"), [("zh-hans", "访问令牌", "新令牌"), ("en", "Access tokens", "New token")]
)
def test_a_user_makes_and_revokes_a_token_in_the_browser(page, live_server, watch, county, language, heading, created):  # noqa: F811
    f.user("township_a", "township_admin", organization=county.township_a)
    log_in(page, f"{live_server.url}/api/tokens/", "township_a")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    visit(page, f"{live_server.url}/api/tokens/")
    assert page.locator("h1").inner_text() == heading
    page.fill("input[name=name]", "dashboard")
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#new-token h2").inner_text() == created
    secret = page.locator(".token-secret").inner_text()
    assert secret.startswith("xf_")
    page.locator("main form.inline button").click()
    page.wait_for_load_state("networkidle")
    assert AccessToken.objects.get().revoked_at is not None
    assert watch.clean(), (watch.violations, watch.errors)
