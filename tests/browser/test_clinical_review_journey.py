"""The clinical review in a real browser (issue #19, "Done when"): an editor drafts a change and
sends it for review; a reviewer sees the diff and the plain-language check and sends it back
with a comment; the editor fixes it; the reviewer approves; it is published; a patient sees the
update note and "Reviewed by", and says whether a section was clear; History tells the story.
Every page is checked with axe; the patient's pages at 1280 px and at 375 px."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from education.loading import load_series
from education.models import Lesson, LessonProgress
from education.review_models import ReviewAction, ReviewEvent, SectionFeedback
from tests.browser.helpers import login, staff_login_with_totp
from tests.factories import EditorFactory, PatientFactory, ReviewerFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def lesson(transactional_db):
    import textstat

    # textstat loads its pronouncing dictionary on first use (about 8 s on this machine), once
    # per process: the live server runs in this process, so load it before the clock starts.
    textstat.flesch_kincaid_grade("Warm up the dictionary.")
    load_series()
    return Lesson.objects.published().order_by("order").first()


def add_to_first_section(page, sentence):
    body = page.locator('textarea[name="sections-0-body"]')
    body.fill(body.input_value() + " " + sentence)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_be_visible()


def test_editor_drafts_reviewer_sends_back_then_approves_and_the_patient_sees_who_reviewed(
    server, lesson, open_page, audit
):
    editor = EditorFactory(full_name="Edith Editor", email="edith@example.com")
    reviewer = ReviewerFactory(full_name="Rhea Reviewer", email="rhea@example.com", credentials="RD, MSc")
    reader = PatientFactory(full_name="Rita Reader", email="rita@example.com")
    now = timezone.now()
    LessonProgress.objects.create(
        user=reader, lesson=lesson, sections_reached=lesson.sections.count(), finished_reading_at=now,
        read_version=lesson.version, quiz_passed_at=now, completed_at=now,
    )  # fmt: skip

    # 1. The editor drafts a change and sends it for review from the preview.
    staff = open_page()
    staff_login_with_totp(staff, server, editor)
    staff.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/change/")
    expect(staff.locator('input[name="_save"]')).to_have_count(0)  # read-only: no Save buttons
    audit.check(staff, "published-lesson", sizes=False)
    staff.get_by_role("button", name="Create draft").click()
    expect(staff.locator(".review-state")).to_contain_text("Draft.")
    add_to_first_section(staff, "Your care team can help you plan small changes.")
    audit.check(staff, "draft", sizes=False)
    draft = Lesson.objects.get(draft_of=lesson)

    staff.get_by_role("link", name="Preview as a patient").click()
    panel = staff.locator(".lesson-preview")
    expect(panel).to_contain_text("Changed in this draft (1)")
    expect(panel).to_contain_text("Plain-language check")
    expect(staff.locator(".lesson-section .badge")).to_have_count(1)
    audit.check(staff, "preview")
    panel.get_by_role("button", name="Send for review").click()
    expect(staff.locator(".review-state")).to_contain_text("Waiting for clinical review")
    audit.check(staff, "sent-for-review", sizes=False)

    # 2. The reviewer sees the diff and the check, and sends it back with a comment.
    checker = open_page()
    staff_login_with_totp(checker, server, reviewer)
    checker.goto(f"{server.url}/admin/education/lesson/{draft.pk}/change/")
    checker.get_by_role("link", name="Review it").click()
    expect(checker.locator("#changes-title")).to_be_visible()
    expect(checker.locator(".review-diff ins").first).to_contain_text("care team")
    expect(checker.locator(".plain-check")).to_contain_text("Reading grade of the whole lesson")
    audit.check(checker, "review-page", sizes=False)
    checker.set_viewport_size({"width": 375, "height": 800})
    audit.check(checker, "review-page-375", sizes=False)
    checker.set_viewport_size({"width": 1280, "height": 900})
    checker.get_by_label("Send back to the editor").check()
    checker.get_by_label(re.compile("^Comment")).fill("Say which care team: the GP or the therapist.")
    checker.get_by_role("button", name="Save the decision").click()
    expect(checker.locator(".messagelist")).to_contain_text("Sent back")
    audit.check(checker, "sent-back", sizes=False)

    # 3. The editor sees the comment, fixes the draft and sends it again.
    staff.goto(f"{server.url}/admin/education/lesson/{draft.pk}/change/")
    expect(staff.locator(".review-state")).to_contain_text("Say which care team")
    add_to_first_section(staff, "That may be your GP or your therapist.")
    staff.get_by_role("button", name="Send for review").click()
    expect(staff.locator(".review-state")).to_contain_text("Waiting for clinical review")

    # 4. The reviewer approves it (with a justification should the grade be above 8).
    checker.goto(f"{server.url}/admin/education/lesson/{draft.pk}/review/")
    checker.get_by_label("Approve").check()
    checker.get_by_label(re.compile("^Why a reading grade")).fill("Names the cells the lesson explains.")
    checker.get_by_role("button", name="Save the decision").click()
    expect(checker.locator(".messagelist")).to_contain_text("Approved")

    # 5. The editor publishes it.
    staff.goto(f"{server.url}/admin/education/lesson/{draft.pk}/change/")
    expect(staff.locator(".review-state")).to_contain_text("Approved by Rhea Reviewer, RD, MSc")
    staff.get_by_role("link", name="Publish this draft").click()
    audit.check(staff, "publish-form", sizes=False)
    staff.get_by_label(re.compile("What changed")).fill("Says who can help you plan changes.")
    staff.get_by_role("button", name="Publish now").click()
    expect(staff.get_by_text(re.compile(r"version 2"))).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.version == 2 and lesson.approval.action == ReviewAction.APPROVED

    # 6. The patient sees the update note and who reviewed it, and answers "Was this clear?".
    for width in (1280, 375):
        me = open_page(viewport={"width": width, "height": 900})
        login(me, server, reader)
        me.goto(f"{server.url}{lesson.get_absolute_url()}")
        expect(me.locator(".lesson-updated")).to_contain_text("Says who can help you plan changes.")
        today = timezone.localdate()
        expect(me.locator(".lesson-reviewed-by")).to_have_text(
            f"Reviewed by Rhea Reviewer, RD, MSc on {today.day} {today:%B %Y}."
        )
        audit.check(me, f"patient-lesson-{width}", reflow=True)
        first = me.locator(".section-feedback").first
        first.get_by_label("No").check()
        first.locator("summary").click()
        first.get_by_label(re.compile("Anything to add")).fill("The second sentence is long.")
        first.get_by_role("button", name="Send").click()
        expect(me.locator(".section-feedback__thanks").first).to_be_focused()
        audit.check(me, f"patient-feedback-sent-{width}", reflow=True)
    assert SectionFeedback.objects.filter(lesson=lesson, lesson_version=2, clear=False).count() == 2

    # 7. History tells the whole story; the editors see what readers said.
    staff.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/history/")
    history = staff.locator("#change-history")
    for text in ("Sent for review", "Sent back", "Say which care team", "Approved", "Published version 2",
                 "Says who can help you plan changes.", "Rhea Reviewer", "Edith Editor"):  # fmt: skip
        expect(history).to_contain_text(text)
    audit.check(staff, "history", sizes=False)
    staff.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/feedback/")
    expect(staff.locator("#content-main")).to_contain_text("The second sentence is long.")
    audit.check(staff, "reader-feedback", sizes=False)
    staff.goto(f"{server.url}/admin/")
    audit.check(staff, "editor-index", sizes=False)
    # The reviewer's page for a live lesson: "reviewed, no change" with the next review date.
    checker.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/review/")
    expect(checker.get_by_role("button", name="Record: reviewed, no change")).to_be_visible()
    audit.check(checker, "review-dates-page", sizes=False)
    steps = ReviewEvent.objects.filter(lesson=lesson).order_by("at").values_list("action", flat=True)
    assert list(steps) == ["submitted", "sent_back", "submitted", "approved", "published"]
    audit.assert_clean()
