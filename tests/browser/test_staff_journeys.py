"""Editor journeys through the admin in a real browser (the therapist's: test_care_journey.py),
each starting with the real login form and two-step verification (a TOTP code computed as an
authenticator app does), with the patient's side in a second browser context."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from education.models import LessonProgress
from tests.browser.helpers import login, staff_login_with_totp
from tests.factories import EditorFactory, PatientFactory

pytestmark = pytest.mark.browser


def test_editor_drafts_previews_and_publishes_and_the_reader_sees_the_update(server, series, new_context,
                                                                                audit):
    lesson = series[0]
    editor = EditorFactory(full_name="Edith Editor", email="edith@example.com")
    reader = PatientFactory(full_name="Rita Reader", email="rita@example.com")
    now = timezone.now()
    LessonProgress.objects.create(
        user=reader, lesson=lesson, sections_reached=lesson.sections.count(), finished_reading_at=now,
        read_version=lesson.version, quiz_passed_at=now, completed_at=now,
    )

    staff = new_context()
    staff_login_with_totp(staff, server, editor)
    staff.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/change/")
    audit.check(staff, "published-lesson", sizes=False)
    staff.get_by_role("button", name="Create draft").click()
    expect(staff.get_by_role("link", name="Publish this draft")).to_be_visible()
    summary = staff.get_by_label(re.compile(r"^Summary"))
    summary.fill("How long-lasting inflammation affects your bones, in plain words.")
    staff.get_by_role("button", name="Save and continue editing").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    audit.check(staff, "draft", sizes=False)

    staff.get_by_role("link", name="Preview as a patient").click()
    expect(staff.locator(".lesson-preview")).to_contain_text("Preview.")
    audit.check(staff, "preview")
    staff.go_back()

    staff.get_by_role("link", name="Publish this draft").click()
    audit.check(staff, "publish-form", sizes=False)
    staff.get_by_label(re.compile("What changed")).fill("A plainer summary of the lesson.")
    staff.get_by_role("button", name="Publish").click()
    expect(staff.get_by_text(re.compile(r"version 2"))).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.version == 2

    me = new_context()
    login(me, server, reader)
    me.goto(f"{server.url}{lesson.get_absolute_url()}")
    notice = me.locator(".lesson-updated")
    expect(notice).to_contain_text("Updated since you read it")
    expect(notice).to_contain_text("A plainer summary of the lesson.")
    audit.check(me, "reader-update-notice")
    audit.assert_clean()

