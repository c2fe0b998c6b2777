"""The accounts fixes of issue #16 in a real browser, at 1280 px and 375 px, with axe at every
step: a wrong password's error shown once, "Show password", sign-up starting in Full name, the
email change confirmed from the new address, the site's own password rules, the logged-out
message and the footer's privacy, accessibility and contact pages. Without JavaScript a
password field stays a plain password field."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.helpers import nav_link
from tests.factories import DEFAULT_PASSWORD, PatientFactory

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
WRONG_LOGIN = "The email address or password is not right."


def confirm_link(address):
    message = next(m for m in mail.outbox if m.to == [address])
    return re.search(r"https?://\S+/accounts/email/confirm/\S+/", message.body).group(0)


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_account_fixes(server, page, audit, viewport):
    patient = PatientFactory(full_name="Ada Patient", email="ada@example.com")
    page.set_viewport_size(viewport)

    page.goto(f"{server.url}/accounts/signup/")
    expect(page.get_by_label("Full name")).to_be_focused()

    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Email address").fill(patient.email)
    password = page.get_by_label(re.compile(r"^\s*Password\W*$"))
    password.fill("wrong password")
    page.get_by_label("Show password").check()
    expect(password).to_have_attribute("type", "text")
    audit.check(page, "login-password-shown", reflow=True)
    page.get_by_label("Show password").uncheck()
    expect(password).to_have_attribute("type", "password")
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.locator("main").inner_text().count(WRONG_LOGIN) == 1
    audit.check(page, "login-error-once", reflow=True)

    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))

    # The email address: current password first, a link to the new address, then the change.
    nav_link(page, "My details").click()
    page.get_by_role("link", name="Change my email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your email address")
    page.get_by_label("New email address").fill("ada.new@example.com")
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".error-summary")).to_contain_text("That password is not right")
    expect(page.get_by_label("New email address")).to_have_value("ada.new@example.com")
    audit.check(page, "email-change-error", reflow=True)
    page.get_by_label("Your current password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status")).to_contain_text("We have sent a link to ada.new@example.com")
    expect(page.locator("main")).to_contain_text("You log in with ada@example.com")
    audit.check(page, "email-change-sent", reflow=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada.new@example.com", "ada@example.com"]
    link = confirm_link("ada.new@example.com")
    page.goto(link)
    audit.check(page, "email-change-confirm", reflow=True)
    page.get_by_role("button", name="Change my email address").click()
    expect(page.get_by_role("status")).to_contain_text("Your email address is now ada.new@example.com")
    assert User.objects.get(pk=patient.pk).email == "ada.new@example.com"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
    audit.check(page, "email-change-link-used", reflow=True)

    page.goto(f"{server.url}/accounts/password/change/")
    expect(page.locator("main")).to_contain_text("At least 10 characters, not only numbers")
    expect(page.get_by_label("Show password")).to_have_count(3)
    audit.check(page, "password-change-rules", reflow=True)

    nav_link(page, "Log out", role="button").click()
    expect(page.get_by_role("status")).to_contain_text("You have logged out.")
    audit.check(page, "logged-out", reflow=True)

    for link_name, heading in (
        ("Privacy notice", "Privacy notice"),
        ("Accessibility statement", "Accessibility statement"),
        ("Contact us", "Contact us"),
    ):
        page.locator("footer").get_by_role("link", name=link_name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        audit.check(page, heading, reflow=True)
    audit.assert_clean()


def test_without_javascript_a_password_field_is_a_plain_field(server, browser):
    patient = PatientFactory(email="nojs@example.com")
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server.url}/accounts/login/")
    expect(page.get_by_label("Show password")).to_have_count(0)
    expect(page.locator("#id_password")).to_have_attribute("type", "password")
    page.get_by_label("Email address").fill(patient.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    context.close()
