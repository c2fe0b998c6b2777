"""Secure messages (issue #20) in a real browser: a patient asks about a quiz answer, the
therapist reads and replies in the workspace, the patient sees the reply; after the patient
revokes consent the therapist gets a 404, and a second therapist never can open it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import SharingConsent
from tests.admin.conftest import make_client_of
from tests.browser.helpers import login, staff_login_with_totp
from tests.education.quiz_helpers import finished_attempt
from tests.factories import TherapistFactory, build_quiz

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_patient_asks_about_a_quiz_answer_and_the_therapist_replies(server, browser, audit, width):
    therapist = TherapistFactory(full_name="Theo Therapist", email=f"theo{width}@example.com")
    other = TherapistFactory(full_name="Olga Other", email=f"olga{width}@example.com")
    patient = make_client_of(therapist, full_name="Ada Patient", email=f"ada{width}@example.com")
    quiz = build_quiz()
    attempt = finished_attempt(patient, quiz, wrong_positions=(1,))
    size = {"width": width, "height": 900}

    side = browser.new_context(viewport=size).new_page()
    login(side, server, patient)
    side.goto(server.url + reverse("education:attempt_result", args=[quiz.lesson.slug, attempt.pk]))
    side.get_by_role("link", name=re.compile("Ask my therapist about this")).first.click()
    expect(side.get_by_role("heading", level=1)).to_have_text("Ask my therapist about this")
    expect(side.get_by_text("Not for emergencies")).to_be_visible()
    audit.check(side, f"ask-{width}", reflow=True)
    side.get_by_label("Your message").fill("Why is this answer wrong?\nI thought it was right.")
    side.get_by_role("button", name="Send message").click()
    expect(side.get_by_text("Why is this answer wrong?")).to_be_visible()
    audit.check(side, f"conversation-{width}", reflow=True)

    staff = browser.new_context(viewport=size).new_page()
    staff_login_with_totp(staff, server, therapist)
    staff.goto(server.url + reverse("admin:care_client", args=[patient.pk]))
    staff.get_by_role("link", name=re.compile("Open messages with")).click()
    expect(staff.get_by_text("Why is this answer wrong?")).to_be_visible()
    expect(staff.get_by_text("Quiz question:", exact=False)).to_be_visible()
    audit.check(staff, f"therapist-conversation-{width}", sizes=False)
    staff.get_by_label("Your message").fill("Good question: let us look at it together.")
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.get_by_text("Reply sent.")).to_be_visible()

    side.reload()
    expect(side.get_by_text("Good question: let us look at it together.")).to_be_visible()
    audit.check(side, f"reply-seen-{width}", reflow=True)

    SharingConsent.objects.filter(patient=patient, therapist=therapist).update(revoked_at=timezone.now())
    url = server.url + reverse("admin:messaging_client_conversation", args=[patient.pk])
    assert staff.goto(url).status == 404
    second = browser.new_context(viewport=size).new_page()
    staff_login_with_totp(second, server, other)
    assert second.goto(url).status == 404
    audit.assert_clean()
