"""The quiz in a real browser: answers checked in place with htmx (focus on the feedback),
the same journey with JavaScript off, and accessibility of each quiz page."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from education.models import Choice, Lesson, LessonProgress
from tests.browser.helpers import assert_no_axe_violations, small_body_text, undersized_targets
from tests.factories import PatientFactory

pytestmark = pytest.mark.browser

SLUG = "chronic-inflammation-and-bone-health"


def log_in(context, server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}])


@pytest.fixture
def lesson(server):
    call_command("load_series", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Lesson.objects.get(slug=SLUG)


def tick(page, *, right):
    """Tick the right choices of the question on screen, or one wrong one."""
    inputs = page.locator("input[name=choice]")
    ids = [int(inputs.nth(i).get_attribute("value")) for i in range(inputs.count())]
    correct = set(Choice.objects.filter(pk__in=ids, is_correct=True).values_list("pk", flat=True))
    chosen = sorted(correct) if right else [next(i for i in ids if i not in correct)]
    for choice_id in chosen:
        page.locator(f"input[name=choice][value='{choice_id}']").check()


def take(page, *, wrong, js, check_pages=False, shot=None):
    answered = 0
    while True:
        if check_pages and answered == 0:
            assert_no_axe_violations(page)
            assert small_body_text(page) == []
            assert undersized_targets(page, "main .btn", 44) == []
        tick(page, right=answered >= wrong)
        if js:
            page.evaluate("window.quizMarker = 1")  # survives only if the page is not reloaded
        page.get_by_role("button", name="Check my answer").click()
        answered += 1
        feedback = page.locator(".quiz-feedback")
        expect(feedback).to_be_visible()
        if js:
            expect(feedback).to_be_focused()
            assert page.evaluate("window.quizMarker") == 1, "the answer was not checked in place"
        expect(feedback).to_contain_text("Not quite" if answered <= wrong else "Correct")
        expect(feedback).to_contain_text("Score so far")
        if check_pages and answered == 1:
            assert_no_axe_violations(page)
        if shot and answered <= 2:
            shot(page, f"feedback-{answered}")
        next_button = page.get_by_role("link", name="Next question")
        if next_button.count() == 0:
            break
        next_button.click()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")


def journey(server, lesson, page, *, htmx, shot=None):
    patient = PatientFactory()
    # Lesson 1 read to the end (reading itself is covered by the lesson tests).
    sections = lesson.sections.count()
    LessonProgress.objects.create(
        user=patient, lesson=lesson, sections_reached=sections, finished_reading_at=lesson.updated
    )
    log_in(page.context, server, patient)
    page.goto(f"{server.url}/lessons/{SLUG}/quiz/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quiz: {lesson.title}")
    if htmx:
        assert_no_axe_violations(page)
    page.get_by_role("button", name="Start the quiz").click()
    if shot:
        shot(page, "question")
    take(page, wrong=3, js=htmx, check_pages=htmx, shot=shot)
    expect(page.locator(".quiz-result")).to_contain_text("Not passed yet")
    if shot:
        shot(page, "result-not-passed")
    if htmx:
        assert_no_axe_violations(page)
    page.get_by_role("button", name="Try the 3 questions I missed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question 1 of 3")
    take(page, wrong=0, js=htmx)
    expect(page.locator(".quiz-result")).to_contain_text("You passed")
    expect(page.locator(".quiz-result")).to_contain_text("This lesson is now complete")
    if shot:
        page.goto(f"{server.url}/lessons/{SLUG}/quiz/")
        shot(page, "overview-history")
        page.go_back()
    page.get_by_role("link", name="Go to my dashboard").click()
    expect(page.locator(".dashboard-lessons")).to_contain_text("You have completed 1 of 3 lessons.")


def test_quiz_with_htmx_checks_answers_in_place(server, lesson, page, shot):
    journey(server, lesson, page, htmx=True, shot=shot)


def test_quiz_without_javascript(server, lesson, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        journey(server, lesson, page, htmx=False)
    finally:
        context.close()
