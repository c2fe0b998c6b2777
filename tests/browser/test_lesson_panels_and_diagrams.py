"""Lesson diagrams, "For the curious" panels and "Listen to this section" in a real browser:
opened by keyboard, printed open, accessible at 320 px and when printed; the quiz and result
pages with their shuffled answers pass axe at 320 px and in print too."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from education.models import Quiz
from education.quiz_services import start_attempt, submit_attempt
from tests.browser.helpers import assert_no_axe_violations, tab_to
from tests.browser.test_lessons import log_in
from tests.education.quiz_helpers import answer_all, question_url
from tests.factories import PatientFactory

pytestmark = pytest.mark.browser

SLUGS = [
    "chronic-inflammation-and-bone-health",
    "how-inflammation-drives-bone-loss",
    "gut-stress-metabolism-and-what-helps",
]


@pytest.fixture
def series(server):
    call_command("load_series", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def lesson_url(server, slug):
    return f"{server.url}/lessons/{slug}/"


def test_a_curious_panel_and_a_diagrams_description_open_by_keyboard(server, series, page, shot):
    page.goto(lesson_url(server, SLUGS[0]))
    panel = page.locator("details.curious").first
    summary = panel.locator("summary")
    expect(summary).to_contain_text("For the curious")
    expect(panel.locator("p").first).to_be_hidden()
    tab_to(page, summary, max_tabs=80)
    page.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    expect(panel.locator("p").first).to_be_visible()

    figure = page.locator("figure.lesson-figure").first
    expect(figure.get_by_role("img")).to_have_accessible_name(
        "Diagram: clearing cells remove old bone, then building cells fill the gap with new bone."
    )
    description = figure.locator("details.lesson-figure__description")
    tab_to(page, description.locator("summary"), max_tabs=80)
    page.keyboard.press("Space")
    expect(description).to_have_attribute("open", "")
    expect(description.locator("p")).to_contain_text("one large clearing cell")
    shot(page, "opened")


def test_a_glossary_definition_opens_below_the_sentence_not_inside_it(server, series, page):
    page.goto(lesson_url(server, SLUGS[0]))
    term = page.locator("#what-inflammation-is ~ p .term-button").first
    term.click()
    tip = page.locator(f"#{term.get_attribute('aria-controls')}")
    expect(tip).to_be_visible()
    # The tip is a block after the paragraph, so the sentence it came from reads on unbroken.
    assert tip.evaluate("el => el.tagName === 'DIV' && el.previousElementSibling.tagName === 'P'")
    assert term.evaluate("el => el.closest('p').contains(el)")


@pytest.mark.parametrize("slug", SLUGS)
def test_each_lesson_passes_axe_at_320px_and_printed_with_panels_open(server, series, page, audit, slug):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(lesson_url(server, slug))
    expect(page.locator("figure.lesson-figure").first).to_be_visible()
    audit.check(page, f"{slug}-320", reflow=True)
    page.emulate_media(media="print")
    # Printed, every panel's text is on the page, and the listen controls are not.
    for details in page.locator("main details.curious, main details.lesson-figure__description").all():
        expect(details.locator(":scope > :not(summary)").first).to_be_visible()
    audit.check(page, f"{slug}-print", sizes=False)
    page.emulate_media(media="print", forced_colors="active")
    audit.check(page, f"{slug}-print-high-contrast", sizes=False)
    audit.assert_clean()


def test_quiz_question_and_result_pages_pass_axe_at_320px_and_printed(server, series, page, audit):
    patient = PatientFactory()
    log_in(page.context, server, patient)
    quiz = Quiz.objects.get(lesson__slug=SLUGS[2])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{server.url}{reverse('education:quiz', args=[SLUGS[2]])}")
    audit.check(page, "quiz-320", reflow=True)
    attempt = start_attempt(user=patient, quiz=quiz)
    multiple = next(n for n, q in enumerate(attempt.questions, start=1) if q["kind"] == "multiple")
    page.goto(server.url + question_url(attempt, multiple))
    right = sum(c["correct"] for c in attempt.questions[multiple - 1]["choices"])
    expect(page.locator(".quiz-how-many")).to_have_text(f"Choose {right} answers.")
    # The page shows the choices in the attempt's own (shuffled) order.
    labels = page.locator(".quiz-choice label").all_inner_texts()
    assert labels == [c["text"] for c in attempt.questions[multiple - 1]["choices"]]
    audit.check(page, "question-320", reflow=True)
    page.emulate_media(media="print")
    audit.check(page, "question-print", sizes=False)
    page.emulate_media(media="screen")
    answer_all(attempt, wrong_positions=(1,))
    submit_attempt(attempt=attempt)
    page.goto(f"{server.url}{reverse('education:attempt_result', args=[SLUGS[2], attempt.pk])}")
    audit.check(page, "result-320", reflow=True)
    page.emulate_media(media="print")
    audit.check(page, "result-print", sizes=False)
    audit.assert_clean()


FAKE_SPEECH = """
window.__spoken = [];
window.__calls = [];
class FakeUtterance { constructor(text) { this.text = text; this.rate = 1; } }
window.SpeechSynthesisUtterance = FakeUtterance;
Object.defineProperty(window, "speechSynthesis", { value: {
  getVoices() { return [{ name: "Test voice", lang: "en-GB" }]; },
  speak(u) { window.__spoken.push({ text: u.text, rate: u.rate }); },
  pause() { window.__calls.push("pause"); },
  resume() { window.__calls.push("resume"); },
  cancel() { window.__calls.push("cancel"); },
  addEventListener() {}, removeEventListener() {},
}});
"""


def test_listen_reads_a_section_aloud_with_pause_stop_and_speed(server, series, page, shot):
    page.add_init_script(FAKE_SPEECH)
    page.goto(lesson_url(server, SLUGS[2]))
    controls = page.locator("#sleep").locator("xpath=..").locator(".listen")
    play = controls.get_by_role("button", name="Listen to this section")
    expect(play).to_be_visible()
    controls.get_by_label("Speed").select_option("0.75")
    play.click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]["rate"] == 0.75
    assert "7 to 9 hours a night" in spoken[0]["text"]
    assert "Listen to this section" not in spoken[0]["text"]
    expect(controls.get_by_role("button", name="Pause")).to_be_visible()
    controls.get_by_role("button", name="Pause").click()
    expect(controls.get_by_role("button", name="Resume")).to_be_visible()
    controls.get_by_role("button", name="Stop").click()
    assert page.evaluate("window.__calls") == ["cancel", "pause", "cancel"]
    expect(play).to_be_visible()
    shot(page, "listen")
    assert_no_axe_violations(page)


def test_listen_is_not_offered_where_the_browser_cannot_speak(server, series, page):
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', { value: undefined });")
    page.goto(lesson_url(server, SLUGS[2]))
    expect(page.locator(".lesson-section").first).to_be_visible()
    expect(page.locator(".listen")).to_have_count(0)
