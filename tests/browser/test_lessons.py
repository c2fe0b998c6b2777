"""The lesson pages in a real browser: accessibility, the glossary in place, the place saved
while reading (htmx) and without JavaScript."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from education.models import Lesson, LessonProgress
from tests.browser.helpers import assert_no_axe_violations, small_body_text, undersized_targets
from tests.factories import PatientFactory

pytestmark = pytest.mark.browser

LESSON_1 = "/lessons/chronic-inflammation-and-bone-health/"


def log_in(context, server, user):
    """A logged-in session in the browser, without depending on the login form."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}])


@pytest.fixture
def series(server):
    call_command("load_series", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Lesson.objects.get(slug="chronic-inflammation-and-bone-health")


def test_overview_and_lesson_pass_axe_and_put_the_main_message_first(server, series, page, shot):
    page.goto(f"{server.url}/lessons/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessons")
    expect(page.locator(".lesson-card")).to_have_count(3)
    shot(page, "overview")
    assert_no_axe_violations(page)

    page.goto(server.url + LESSON_1)
    expect(page.get_by_role("heading", level=1)).to_have_text(series.title)
    # "In brief" is visible without scrolling on a laptop screen.
    brief = page.locator(".lesson-brief").bounding_box()
    assert brief["y"] < 900
    shot(page, "lesson")
    assert_no_axe_violations(page)
    assert small_body_text(page) == []
    assert undersized_targets(page, "main .btn, .lesson-pager a, .lesson-toc a", 24) == []


def test_a_glossary_term_shows_its_definition_in_place(server, series, page):
    page.goto(server.url + LESSON_1)
    term = page.locator(".term-button[role=button][data-term='osteoclast']").first
    expect(term).to_have_attribute("aria-expanded", "false")
    term.click()
    expect(term).to_have_attribute("aria-expanded", "true")
    tip = page.locator(f"#{term.get_attribute('aria-controls')}")
    expect(tip).to_contain_text("Osteoclast")
    expect(tip).to_contain_text("A cell that breaks down and removes old or damaged bone.")
    assert page.url.endswith(LESSON_1)  # the reader stayed where they were
    page.keyboard.press("Escape")
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(tip).to_be_empty()
    # Keyboard: Enter on the focused term opens it too.
    term.focus()
    page.keyboard.press("Enter")
    expect(term).to_have_attribute("aria-expanded", "true")


def test_scrolling_past_in_two_seconds_does_not_finish_the_lesson_the_button_does(server, series, page, shot):
    """Issue #16: reading is counted by time on screen per section (lesson.js), never by
    scrolling; "I have finished reading" finishes at once."""
    patient = PatientFactory()
    log_in(page.context, server, patient)
    page.goto(server.url + LESSON_1)
    assert_no_axe_violations(page)  # with the place-saving forms
    for section in page.locator(".lesson-section").all():  # about two seconds from top to bottom
        section.scroll_into_view_if_needed()
        page.wait_for_timeout(2000 // len(series.sections.all()))
    page.locator("#lesson-end").scroll_into_view_if_needed()
    page.wait_for_timeout(6000)  # longer than lesson.js's batch interval: a batch would have gone
    progress = LessonProgress.objects.filter(user=patient, lesson=series).first()
    assert progress is None or progress.finished_reading_at is None
    assert progress is None or progress.sections_reached < series.sections.count()

    page.get_by_role("button", name="I have finished reading").click()
    expect(page.locator("#lesson-end .section-progress__status")).to_contain_text("finished reading")
    progress = LessonProgress.objects.get(user=patient, lesson=series)
    assert progress.finished_reading_at is not None
    shot(page, "lesson-end-patient")


def test_a_section_on_screen_long_enough_counts_as_read(server, series, page):
    """The first section, left on screen for its reading time at 300 words a minute, is sent in
    one batch and saved; the lesson is not finished."""
    patient = PatientFactory()
    log_in(page.context, server, patient)
    page.goto(server.url + LESSON_1)
    first = page.locator(".lesson-section").first
    words = len(first.inner_text().split())
    first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)  # the section in the middle band of the window
    page.wait_for_timeout(max(3, words / 300 * 60) * 1000 + 6500)
    progress = LessonProgress.objects.get(user=patient, lesson=series)
    assert progress.sections_reached >= 1 and progress.finished_reading_at is None


def test_without_javascript_a_button_saves_the_place_and_terms_link_to_the_glossary(server, series, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    patient = PatientFactory()
    log_in(context, server, patient)
    page.goto(server.url + LESSON_1)
    first = series.sections.order_by("order").first()

    page.locator(f"#{first.anchor}-end").get_by_role("button", name="Save my place here").click()

    expect(page.locator("#messages")).to_contain_text("Your place is saved")
    assert page.url.endswith(f"#{first.anchor}-end")
    assert LessonProgress.objects.get(user=patient, lesson=series).sections_reached == 1
    page.locator("a.term-link[data-term='osteoclast']").first.click()
    assert page.url.endswith("#term-osteoclast")
    expect(page.locator("#term-osteoclast")).to_contain_text("bone-clearing cell")
    context.close()
