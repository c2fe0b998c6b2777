"""Account journeys in a real browser: signup (with errors), login, profile, password change
and reset, dashboard, with axe-core at every state, at desktop width and at 320 px."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    log_in_after_signup,
    login,
    small_body_text,
    undersized_targets,
)
from tests.factories import DEFAULT_PASSWORD, PatientFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "purple kettle under the stairs"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}


def open_menu(page):
    """On a phone the links are behind the "Menu" disclosure (issue #16): open it when shown."""
    button = page.locator(".site-menu__button")
    if button.is_visible() and page.locator(".site-menu").get_attribute("open") is None:
        button.click()


def check_page(page, shot, name):
    """What every page state must pass: axe, no sideways scrolling, 18 px text, 24 px targets."""
    shot(page, name)
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)
    assert small_body_text(page) == []
    assert undersized_targets(page, "main a, main button, main input, main select, main textarea", 24) == []
    assert undersized_targets(page, "main .btn, main .form-control, main .form-select", 44) == []


def expect_error_summary(page, *messages):
    """GOV.UK error pattern: 'Error: ' title, a focused summary linking to each field."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_signup_with_errors_then_dashboard_profile_and_password_change(server, page, shot, viewport):
    page.set_viewport_size(viewport)
    page.goto(server.url)
    check_page(page, shot, "home")
    page.locator("main").get_by_role("link", name="Create a free account").click()

    expect(page).to_have_title("Create your account – Bone health")
    check_page(page, shot, "signup-empty")

    # Nothing filled in: every field is reported, in the summary and beside the field.
    page.get_by_role("button", name="Create my account").click()
    expect_error_summary(page)
    expect(page.locator(".error-summary li")).to_have_count(4)
    check_page(page, shot, "signup-all-errors")

    # A summary link moves focus to its field.
    page.locator(".error-summary a").first.click()
    expect(page.get_by_label("Full name")).to_be_focused()

    # A bad email and mismatched passwords: the values typed are kept.
    page.get_by_label("Full name").fill("Nia Newpatient")
    page.get_by_label("Email address").fill("nia-at-example")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill("something else entirely")
    page.get_by_role("button", name="Create my account").click()
    expect_error_summary(page, "Enter an email address in the right format, like name@example.com.")
    expect(page.get_by_label("Full name")).to_have_value("Nia Newpatient")
    expect(page.get_by_label("Email address")).to_have_value("nia-at-example")
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    check_page(page, shot, "signup-some-errors")

    page.get_by_label("Email address").fill("nia@example.com")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    check_page(page, shot, "signup-check-your-email")
    log_in_after_signup(page, server.url, "nia@example.com", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nia")
    assert User.objects.get(email="nia@example.com").role == "patient"
    check_page(page, shot, "dashboard")

    open_menu(page)
    page.get_by_role("link", name="My details").click()
    expect(page.get_by_label("Full name")).to_have_value("Nia Newpatient")
    check_page(page, shot, "profile")
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save my details").click()
    expect_error_summary(page)
    check_page(page, shot, "profile-error")
    page.get_by_label("Full name").fill("Nia New")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_role("status")).to_contain_text("Your details have been saved.")
    check_page(page, shot, "profile-saved")

    page.get_by_role("link", name="Change my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    check_page(page, shot, "password-change")
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_role("button", name="Change my password").click()
    expect_error_summary(page)
    check_page(page, shot, "password-change-error")
    page.get_by_label("Your current password").fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^\s*New password\W*$")).fill(DEFAULT_PASSWORD)
    page.get_by_label("New password confirmation").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/change/done/$"))
    check_page(page, shot, "password-changed")

    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("main").get_by_role("link", name="Log in")).to_be_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_login_error_then_password_reset_by_email(server, page, shot, viewport):
    patient = PatientFactory(full_name="Ada Patient", email="ada@example.com")
    page.set_viewport_size(viewport)
    page.goto(f"{server.url}/accounts/login/")
    # The email field has autofocus.
    expect(page.get_by_label("Email address")).to_be_focused()
    check_page(page, shot, "login-empty")

    page.get_by_label("Email address").fill(patient.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("wrong password")
    page.locator("main").get_by_role("button", name="Log in").click()
    expect_error_summary(page)
    expect(page.locator(".error-summary")).to_contain_text("The email address or password is not right.")
    expect(page.get_by_label("Email address")).to_have_value(patient.email)
    check_page(page, shot, "login-error")

    page.get_by_role("link", name="Forgotten your password?").click()
    check_page(page, shot, "password-reset")
    page.get_by_role("button", name="Send me a link").click()
    expect_error_summary(page)
    check_page(page, shot, "password-reset-error")
    page.get_by_label("Email address").fill(patient.email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page(page, shot, "password-reset-sent")

    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_page(page, shot, "password-reset-choose")
    page.get_by_label(re.compile(r"^\s*New password\W*$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill("not the same")
    page.get_by_role("button", name="Save my new password").click()
    expect_error_summary(page)
    check_page(page, shot, "password-reset-choose-error")
    page.get_by_label(re.compile(r"^\s*New password\W*$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/complete/$"))
    check_page(page, shot, "password-reset-complete")

    login(page, server, patient, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    check_page(page, shot, "dashboard")
