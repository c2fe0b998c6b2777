"""Every page a patient sees, filled with data, checked with axe-core (WCAG 2.2 AA), 18px body
text, 24px targets (44px for buttons and fields) and no sideways scrolling, at desktop width and
at 320px. The journeys check the empty, error and after-htmx states; this tour checks the
pages with a history behind them (quiz attempts table, tracker days, sharing, settings)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import SHARING_WORDING_VERSION, SharingConsent
from education.loading import load_series
from education.models import Lesson
from tests.browser.helpers import login
from tests.education.quiz_helpers import finished_attempt
from tests.factories import DEFAULT_PASSWORD, CareRelationshipFactory, PatientFactory, TherapistFactory
from tracker.services import save_checkin

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}


@pytest.fixture
def patient_with_history(transactional_db):
    load_series()
    lesson = Lesson.objects.published().order_by("order").first()
    patient = PatientFactory(full_name="Hana History", email="hana@example.com")
    finished_attempt(patient, lesson.quiz, wrong_positions=[1, 2, 3])
    finished_attempt(patient, lesson.quiz)
    today = timezone.localdate()
    for offset in range(5):
        save_checkin(patient=patient, day=today - timedelta(days=offset),
                     values={"sleep_hours": 7, "sleep_quality": 4, "stress": 3, "training_minutes": 20})
    therapist = TherapistFactory(full_name="Theo Therapist")
    CareRelationshipFactory(therapist=therapist, client=patient)
    SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )
    # A second therapist asks to follow: the consent form shows on the sharing page.
    CareRelationshipFactory(therapist=TherapistFactory(full_name="Tess Second"), client=patient)
    return patient, lesson


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_patient_pages_with_data(server, page, audit, patient_with_history, viewport):
    patient, lesson = patient_with_history
    page.set_viewport_size(viewport)
    login(page, server, patient)
    entry = patient.tracker_entries.order_by("-day").first()
    pages = [
        ("dashboard", "/accounts/dashboard/"),
        ("series", "/lessons/"),
        ("lesson", lesson.get_absolute_url()),
        ("quiz-with-attempts", f"{lesson.get_absolute_url()}quiz/"),
        ("tracker-home", "/tracker/"),
        ("tracker-history", "/tracker/days/"),
        ("checkin-today-filled", "/tracker/check-in/"),
        ("profile", "/accounts/profile/"),
        ("sharing", "/accounts/sharing/"),
        ("two-step-setup", "/accounts/two-step/"),
        ("password-change", "/accounts/password/change/"),
        ("delete-account", "/accounts/delete/"),
        ("entry-change", f"/tracker/entries/{entry.pk}/"),
        ("entry-delete", f"/tracker/entries/{entry.pk}/delete/"),
    ]
    for name, path in pages:
        response = page.goto(server.url + path)
        assert response.status == 200, (path, response.status)
        audit.check(page, name, reflow=True)

    # The latest result page, with every answer explained.
    page.goto(f"{server.url}{lesson.get_absolute_url()}quiz/")
    page.get_by_role("link", name="See answers").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    audit.check(page, "quiz-result", reflow=True)

    # Stop sharing: a confirmation page first (issue #16), then the panel as it is after.
    page.goto(f"{server.url}/accounts/sharing/")
    page.get_by_role("link", name="Stop sharing with Theo").click()
    audit.check(page, "sharing-stop-confirm", reflow=True)
    page.get_by_role("button", name="Yes, stop sharing").click()
    expect(page.locator("#sharing-panel")).not_to_contain_text("Theo Therapist can see your progress")
    audit.check(page, "sharing-after-stop", reflow=True)
    audit.assert_clean()


def test_two_step_code_page_and_lockout_page(server, page, audit, transactional_db):
    """A patient who turned two-step verification on: the code page (with an error), then the
    page shown after too many wrong passwords."""
    import re

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    patient = PatientFactory(full_name="Sam Secure", email="sam@example.com")
    device = TOTPDevice.objects.create(user=patient, name="Authenticator app", confirmed=True)
    login(page, server, patient)
    expect(page).to_have_url(re.compile(r"/accounts/two-step/verify/"))
    audit.check(page, "two-step-code", reflow=True)
    page.get_by_label("6-digit code").fill("99")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    audit.check(page, "two-step-code-error", reflow=True)
    page.get_by_role("link", name="Use a backup code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Use a backup code")
    audit.check(page, "two-step-backup-code", reflow=True)
    page.get_by_role("link", name="Use the code from your authenticator app instead").click()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("6-digit code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    page.goto(f"{server.url}/accounts/two-step/turn-off/")
    page.get_by_role("button", name="Turn off two-step verification").click()
    expect(page.locator(".error-summary")).to_be_focused()
    audit.check(page, "two-step-turn-off-error", reflow=True)
    page.get_by_role("button", name="Log out").click()

    for _ in range(5):
        page.goto(f"{server.url}/accounts/login/")
        page.get_by_label("Email address").fill(patient.email)
        page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("not the password")
        page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to log in")
    audit.check(page, "locked-out", reflow=True)
    audit.assert_clean()


def test_patient_deletes_their_account(server, page, audit, transactional_db):
    import re

    from accounts.models import User

    patient = PatientFactory(full_name="Dee Leaving", email="dee@example.com")
    login(page, server, patient)
    page.goto(f"{server.url}/accounts/delete/")
    page.get_by_role("button", name="Delete my account and my data").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    audit.check(page, "delete-error", reflow=True)
    page.get_by_label(re.compile(r"^\s*Your password\W*$")).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Delete my account and my data").click()
    # Logged out: the header offers "Log in" again.
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    audit.check(page, "after-delete", reflow=True)
    assert not User.objects.filter(email="dee@example.com").exists()
    audit.assert_clean()
