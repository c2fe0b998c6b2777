"""My summary and my bone plan in a real browser, at 1280 px and 375 px: from the dashboard to
the summary, a bad period, questions for my doctor (an error, added, changed, removed), the
printed summary as Chromium's print-to-PDF on exactly one A4 page, and the bone plan; axe at
every step."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summary.models import QUESTION_MAX_LENGTH, QUESTIONS_PER_PATIENT, DoctorQuestion
from tests.browser.helpers import login, nav_link
from tests.education.quiz_helpers import finished_attempt
from tests.factories import (
    EntryFactory,
    GoalFactory,
    LessonFactory,
    LessonProgressFactory,
    PatientFactory,
    SectionFactory,
    TherapistFactory,
    build_quiz,
)
from tracker.factors import LESSON_SLUG, Factor

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
ARTIFACTS_PDF = "test-artifacts/summary"


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF written by Chromium (Skia writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def busiest_patient():
    """A patient with everything the summary can show, each at its longest: 90 days of check-ins,
    a therapist's goal with a long note for every factor, three lessons completed with missed
    questions in each, and the most questions the page holds, each as long as allowed."""
    patient = PatientFactory(full_name="Philippa Longname-Summerhayes", email="philippa@example.com")
    therapist = TherapistFactory()
    today = timezone.localdate()
    for offset in range(1, 91):
        EntryFactory(
            patient=patient,
            day=today - datetime.timedelta(days=offset),
            sleep_hours=Decimal("5.5") if offset % 3 == 0 else Decimal("7.75"),
            stress=8 if offset % 3 == 0 else 3,
            training_minutes=0 if offset % 2 else 45,
            kind_weights=not offset % 2,
            fish_servings=offset % 2,
            supplement_mg=500,
        )
    note = "Agreed at our review: build up slowly and tell me how it feels. " * 5
    for factor, low, high in (
        (Factor.SLEEP, Decimal(7), Decimal(9)),
        (Factor.STRESS, None, Decimal(4)),
        (Factor.TRAINING, Decimal(3), None),
        (Factor.OMEGA3, Decimal(500), None),
    ):
        GoalFactory(
            patient=patient, factor=factor, target_min=low, target_max=high, set_by=therapist, note=note[:300]
        )
    now = timezone.now()
    for order in (1, 2, 3):
        slug = LESSON_SLUG if order == 3 else f"lesson-{order}"
        lesson = LessonFactory(
            slug=slug, order=order, title=f"Lesson {order}: a title of a realistic length here"
        )
        for n in range(1, 5):
            SectionFactory(
                lesson=lesson, order=n, anchor=f"part-{n}", heading=f"A section heading of some length {n}"
            )
        if order == 3:
            SectionFactory(
                lesson=lesson,
                order=9,
                anchor="this-week",
                heading="What you can do this week",
                body="- **Pick 2 days** for strength exercise.\n- **Plan one meal** with oily fish.",
            )
        quiz = build_quiz(lesson=lesson, section_anchor="part-1")
        for position in (2, 3, 4, 5):
            quiz.questions.filter(order=position).update(section_anchor=f"part-{position - 1}")
        finished_attempt(patient, quiz, wrong_positions=(2, 3, 4, 5))
        LessonProgressFactory(
            user=patient, lesson=lesson, finished_reading_at=now, quiz_passed_at=now, completed_at=now
        )
    text = (
        "Is it safe for me to do strength exercise with my back, and which exercises would you "
        "suggest? Should I have a bone density scan, and how often should it be repeated? "
    ) * 3
    for n in range(QUESTIONS_PER_PATIENT - 1):
        DoctorQuestion.objects.create(patient=patient, text=f"{n + 1}. {text}"[:QUESTION_MAX_LENGTH])
    return patient


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_summary_from_the_dashboard_to_one_printed_page(server, page, audit, shot, viewport, tmp_path):
    patient = busiest_patient()
    other = PatientFactory(full_name="Oscar Otherpatient")
    DoctorQuestion.objects.create(patient=other, text="Oscar's private question")
    page.set_viewport_size(viewport)
    login(page, server, patient)

    page.get_by_role("link", name="My summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary for Philippa Longname-Summerhayes")
    expect(page.locator(".chart__svg")).to_have_count(4)
    audit.check(page, "summary", reflow=True)

    # A day in the future: an error beside the field, the summary still there.
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page.get_by_label("Ending on").fill(future)
    page.get_by_role("button", name="Show this period").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Choose today or a day before it.")
    audit.check(page, "summary-period-error", reflow=True)

    page.get_by_label("Period", exact=True).select_option("90")
    page.get_by_label("Ending on").fill("")
    page.get_by_role("button", name="Show this period").click()
    expect(page.locator(".summary__period")).to_contain_text("(90 days)")
    expect(page.locator("main")).to_contain_text("89 check-ins in these 90 days.")

    # Questions: an empty one is refused, then one is added, changed and another removed.
    page.get_by_role("button", name="Add this question").click()
    expect(page.locator(".error-summary")).to_contain_text("Write your question")
    audit.check(page, "question-error", reflow=True)
    page.get_by_label("Your question").fill("Do I need a blood test for vitamin D?")
    page.get_by_role("button", name="Add this question").click()
    expect(page.get_by_role("status")).to_contain_text("Your question has been added")
    expect(page.locator(".summary__questions li")).to_have_count(QUESTIONS_PER_PATIENT)
    expect(page.get_by_label("Your question")).to_have_count(0)  # the page holds no more
    page.get_by_role("link", name="Change question 10", exact=True).click()
    page.get_by_label("Your question").fill("Do I need a blood test for vitamin D, and when?")
    audit.check(page, "question-change", reflow=True)
    page.get_by_role("button", name="Save my question").click()
    expect(page.locator(".summary__questions")).to_contain_text(
        "Do I need a blood test for vitamin D, and when?"
    )
    page.get_by_role("link", name="Remove question 1", exact=True).click()
    audit.check(page, "question-remove", reflow=True)
    page.get_by_role("button", name="Remove the question").click()
    expect(page.get_by_role("status")).to_contain_text("Your question has been removed")
    page.get_by_label("Your question").fill("Should I take calcium as well as eating it?")
    page.get_by_role("button", name="Add this question").click()
    expect(page.locator(".summary__questions li")).to_have_count(QUESTIONS_PER_PATIENT)
    expect(page.locator("main")).not_to_contain_text("Oscar")
    audit.check(page, "summary-full", reflow=True)

    # Printed: Chromium's print-to-PDF on A4 makes exactly one page, with the charts in it.
    # What the printer gets, at the width of an A4 page less its margins (186 mm at 96 dpi).
    page.set_viewport_size({"width": 703, "height": 1033})
    page.emulate_media(media="print")
    shot(page, "summary-print-media")
    expect(page.locator(".summary__charts")).to_be_visible()
    expect(page.locator(".summary__controls")).to_be_hidden()
    page.set_viewport_size(viewport)
    pdf = page.pdf(format="A4")  # in print media (emulated above)
    page.emulate_media(media="screen")
    (tmp_path / "summary.pdf").write_bytes(pdf)
    import pathlib

    out = pathlib.Path(ARTIFACTS_PDF)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"summary-{viewport['width']}.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1

    # The bone plan, from the dashboard.
    nav_link(page, "My dashboard").click()
    page.get_by_role("link", name="My bone plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My bone plan")
    expect(page.locator("main")).to_contain_text("Pick 2 days")
    expect(page.locator("main")).to_contain_text("goal set with your therapist")
    audit.check(page, "bone-plan", reflow=True)
    audit.assert_clean()
