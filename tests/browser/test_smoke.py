import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_home_page_loads_with_no_axe_violations(server, page, shot):
    page.goto(server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Look after your bones, one step at a time")
    shot(page, "home")
    assert_no_axe_violations(page)
