"""The 503 page (database unavailable) and the 500 page in a real browser, on a desktop and a
375 px phone: the site's look, axe at 0 violations, readable, no stack or error text
(issue #15, faults). The URLs that fail are in tests/faults/urls.py."""

import pytest
from playwright.sync_api import expect

PAGES = [
    ("/test-failures/database-down/", 503, "Back in a moment"),
    ("/test-failures/bug/", 500, "Something went wrong"),
]


@pytest.fixture
def failing_site(server, settings):
    settings.ROOT_URLCONF = "tests.faults.urls"
    return server


@pytest.mark.parametrize("width", [1280, 375])
def test_error_pages_look_like_the_site_and_pass_axe(failing_site, page, audit, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path, status, heading in PAGES:
        response = page.goto(f"{failing_site.url}{path}")
        assert response.status == status
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("link", name="Bone health")).to_be_visible()
        expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
        body = page.content()
        assert "10.0.0.20" not in body and "a bug" not in body and "Traceback" not in body
        # Styled by the site's stylesheet, not the browser's defaults.
        brand_colour = page.locator(".navbar-brand").evaluate("el => getComputedStyle(el).color")
        assert brand_colour != "rgb(0, 0, 238)"
        audit.check(page, f"{status}-{width}px", reflow=width < 400)
    audit.assert_clean()
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(f"{failing_site.url}/")
