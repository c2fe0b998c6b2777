"""Therapist and editor journeys through the admin in a real browser, each starting with the
real login form and two-step verification (a TOTP code computed as an authenticator app does),
with the patient's side in a second browser context."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import SHARING_WORDING_VERSION, CareRelationship, SharingConsent
from education.loading import load_series
from education.models import Assignment, Lesson, LessonProgress
from tests.browser.helpers import login, staff_login_with_totp
from tests.factories import CareRelationshipFactory, PatientFactory, TherapistFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def series(transactional_db):
    load_series()
    return list(Lesson.objects.published().order_by("order"))


@pytest.fixture
def new_context(browser, browser_context_args):
    """Open more browser contexts (separate cookie jars: a therapist and a patient side by side)."""
    contexts = []

    def open_context():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_context
    for context in contexts:
        context.close()


def test_therapist_links_a_client_assigns_lesson_2_and_follows_progress(server, series, new_context, audit):
    lesson_2 = series[1]
    therapist = TherapistFactory(full_name="Theo Therapist", email="theo@example.com")
    patient = PatientFactory(full_name="Ada Patient", email="ada@example.com")
    other_therapist = TherapistFactory(full_name="Olga Other", email="olga@example.com")
    their_client = PatientFactory(full_name="Bo Theirs", email="bo@example.com")
    CareRelationshipFactory(therapist=other_therapist, client=their_client)
    SharingConsent.objects.create(
        patient=their_client, therapist=other_therapist, wording_version=SHARING_WORDING_VERSION
    )

    staff = new_context()
    staff_login_with_totp(staff, server, therapist, audit=audit)
    audit.check(staff, "admin-index", sizes=False)

    # 1. Link the client by email.
    staff.goto(f"{server.url}/admin/accounts/carerelationship/add/")
    audit.check(staff, "care-relationship-add", sizes=False)
    staff.get_by_label("Client's email address").fill(patient.email)
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    assert CareRelationship.objects.filter(therapist=therapist, client=patient).exists()

    # 2. The patient agrees to share, on their own details page.
    me = new_context()
    login(me, server, patient)
    me.goto(f"{server.url}/accounts/sharing/")
    audit.check(me, "patient-sharing-request")
    me.get_by_label(re.compile("Theo Therapist")).check()
    me.locator("input[name=agree]").check()
    me.get_by_role("button", name="Share my progress").click()
    expect(me.locator("#sharing-panel")).to_contain_text("Theo Therapist can see your progress")
    audit.check(me, "patient-sharing-granted")

    # 3. Assign lesson 2 with a due date, from the client list.
    due = timezone.localdate() + timedelta(days=7)
    staff.goto(f"{server.url}/admin/accounts/client/")
    expect(staff.get_by_role("link", name="Ada Patient")).to_be_visible()
    expect(staff.get_by_role("link", name="Bo Theirs")).to_have_count(0)
    audit.check(staff, "client-list", sizes=False)
    staff.locator("tr", has_text="Ada Patient").locator("input.action-select").check()
    staff.locator("select[name=action]").select_option("assign_content_action")
    staff.locator("button[name=index], input[name=index]").first.click()
    expect(staff.get_by_text("Assign to:")).to_be_visible()
    audit.check(staff, "assign-form", sizes=False)
    staff.locator("select[name=lesson]").select_option(value=str(lesson_2.pk))
    staff.locator("input[name=due_date]").fill(due.isoformat())
    staff.get_by_role("button", name="Assign and email the clients").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    assignment = Assignment.objects.get(therapist=therapist, client=patient)
    assert assignment.lesson == lesson_2 and assignment.due_date == due

    # 4. The client sees the assignment and starts reading it.
    me.goto(f"{server.url}/accounts/dashboard/")
    assigned = me.locator("#assignments")
    expect(assigned).to_contain_text(lesson_2.title)
    expect(assigned).to_contain_text("Assigned by Theo Therapist")
    expect(assigned).to_contain_text(f"due {due.day} {due.strftime('%B %Y')}")
    audit.check(me, "patient-dashboard-assignment")
    assigned.get_by_role("link", name=lesson_2.title).click()
    first_stop = me.locator("form.section-progress").first
    first_stop.get_by_role("button", name="Save my place here").scroll_into_view_if_needed()
    expect(first_stop.locator(".section-progress__status")).to_contain_text("Your place is saved")
    assert LessonProgress.objects.get(user=patient, lesson=lesson_2).sections_reached >= 1

    # 5. The therapist follows the client's progress.
    staff.goto(f"{server.url}/admin/accounts/client/")
    staff.get_by_role("link", name="Ada Patient").click()
    progress = staff.locator("#client-progress")
    expect(progress.locator("tr", has_text=lesson_2.title)).to_contain_text("Reading")
    expect(staff.locator("#client-assignments")).to_contain_text(lesson_2.title)
    audit.check(staff, "client-follow", sizes=False)

    # 6. Another therapist's client, by URL: not found.
    for path in [f"/admin/accounts/client/{their_client.pk}/change/",
                 f"/admin/accounts/user/{their_client.pk}/change/"]:
        response = staff.goto(server.url + path)
        assert response.status in (403, 404), (path, response.status)
    response = staff.goto(f"{server.url}/admin/accounts/client/{their_client.pk}/change/")
    assert response.status == 404
    audit.assert_clean()


# The editor's journey (draft, preview, review, publish, the reader's update notice) is in
# tests/browser/test_clinical_review_journey.py since publishing needs a clinical review (issue #19).

