"""Keyboard-only use with visible focus at every Tab stop, and the account pages with
JavaScript turned off (every page here promises to work without it)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_focus_visible, log_in_after_signup, tab_to
from tests.factories import PatientFactory

pytestmark = pytest.mark.browser

PASSWORD = "purple kettle under the stairs"


def test_skip_link_is_first_and_moves_focus_to_main(server, page, shot):
    page.goto(server.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert_focus_visible(page)
    shot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_keyboard_only_signup_with_an_error_then_login(server, page, shot):
    page.goto(f"{server.url}/accounts/signup/")
    tab_to(page, page.get_by_label("Full name"))
    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Create a password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Show password").first).to_be_focused()  # static/js/password.js
    page.keyboard.press("Tab")
    page.keyboard.type("a different one")
    shot(page, "signup-filled")
    page.keyboard.press("Enter")

    # The error summary takes focus; its link leads to the field with the problem.
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_focus_visible(page)
    shot(page, "signup-error-summary-focused")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Type the password again")).to_be_focused()
    assert_focus_visible(page)
    # The browser does not keep password fields after an error; enter both again.
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Shift+Tab")  # over the first field's "Show password"
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Create a password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_role("button", name="Create my account"))
    shot(page, "signup-submit-focused")
    page.keyboard.press("Enter")
    log_in_after_signup(page, server.url, "kim@example.com", PASSWORD)

    # Log out and back in, keyboard only.
    tab_to(page, page.get_by_role("button", name="Log out"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    tab_to(page, page.locator("main").get_by_role("link", name="Log in"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email address")).to_be_focused()  # autofocus
    assert_focus_visible(page)
    page.keyboard.type("kim@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    tab_to(page, page.locator("main").get_by_role("button", name="Log in"))
    shot(page, "login-submit-focused")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Kim")


@pytest.fixture
def nojs_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_signup_login_and_logout_work_without_javascript(server, nojs_page, shot):
    page = nojs_page
    page.goto(f"{server.url}/accounts/signup/")
    page.get_by_label("Full name").fill("Nell Nojs")
    page.get_by_label("Email address").fill("nell@example")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Nell Nojs")
    shot(page, "signup-errors")

    page.get_by_label("Email address").fill("nell@example.com")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    log_in_after_signup(page, server.url, "nell@example.com", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nell")
    shot(page, "dashboard")
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("main").get_by_role("link", name="Log in")).to_be_visible()

    PatientFactory(email="olly@example.com", full_name="Olly Other")
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Email address").fill("nell@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nell")
