"""The series overview and the lesson page: published lessons only, complete pages, fixed query counts."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from education.models import Lesson, Status
from tests.education.lesson_builders import build_lesson
from tests.factories import LessonFactory, LessonProgressFactory, QuizFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def lesson_url(lesson):
    return reverse("education:lesson", args=[lesson.slug])


# --- series overview ----------------------------------------------------------------------


def test_overview_lists_published_lessons_with_summary_and_reading_time(client):
    first = build_lesson(order=1, title="Inflammation basics", reading_minutes=6, sections=4)
    build_lesson(order=2, title="Hidden draft", status=Status.DRAFT)
    response = client.get(reverse("education:series"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Lessons</h1>" in html
    assert "Inflammation basics" in html and first.summary in html
    assert "About 6 minutes to read, in 4 sections." in html
    assert "Hidden draft" not in html
    assert "Your progress" not in html


def test_overview_shows_a_patients_own_progress(patient_client, patient, other_patient):
    reading = build_lesson(order=1, sections=5)
    done = build_lesson(order=2)
    untouched = build_lesson(order=3)
    LessonProgressFactory(user=patient, lesson=reading, sections_reached=2)
    LessonProgressFactory(
        user=patient, lesson=done, sections_reached=3, finished_reading_at="2026-11-20T10:00Z"
    )
    LessonProgressFactory(user=other_patient, lesson=untouched, sections_reached=3)

    html = patient_client.get(reverse("education:series")).content.decode()

    assert "Reading</span>, 2 of 5 sections read" in html
    assert "Quiz due</span>" in html
    assert html.count("Not started</span>") == 1  # the other patient's progress is not shown


@pytest.mark.parametrize("logged_in", [False, True])
def test_overview_query_count_does_not_grow_with_lessons(
    client, patient, django_assert_num_queries, logged_in
):
    if logged_in:
        client.force_login(patient)
    # The catalogue (lessons, sections, question counts) once per content change; then only
    # the session, the user, the progress and the assignments (issue #16: shown with due dates).
    first, then = (7, 4) if logged_in else (3, 0)
    for size in (1, 6):
        for _ in range(size - Lesson.objects.count()):
            lesson = build_lesson(order=Lesson.objects.count() + 1)
            LessonProgressFactory(user=patient, lesson=lesson, sections_reached=1)
        for expected in (first, then):
            with django_assert_num_queries(expected):
                response = client.get(reverse("education:series"))
            assert response.content.decode().count('class="lesson-card"') == size


def test_overview_refuses_post(client):
    assert client.post(reverse("education:series")).status_code == 405


# --- lesson page --------------------------------------------------------------------------


def test_lesson_page_shows_the_whole_lesson(client):
    series = SeriesFactory()
    before = build_lesson(series=series, order=1, title="The first lesson")
    lesson = build_lesson(
        series=series,
        order=2,
        title="The middle lesson",
        in_brief="The **main message** first.",
        takeaways=["Point one.", "Point two."],
        last_reviewed="2026-11-21",
        next_review_due="2027-11-21",
        sections=3,
    )
    after = build_lesson(series=series, order=3, title="The last lesson")

    response = client.get(lesson_url(lesson))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and ">The middle lesson</h1>" in html
    assert "lesson 2 of 3" in html
    # In brief comes before the first section.
    assert html.index('id="in-brief"') < html.index(f'id="{lesson.slug}-part-1"')
    assert "<strong>main message</strong>" in html
    for section in lesson.sections.all():
        assert f'<a href="#{section.anchor}">{section.heading}</a>' in html  # contents
        assert f'<h2 id="{section.anchor}">{section.heading}</h2>' in html
    assert "<li>Point one.</li>" in html
    for faq in lesson.faqs.all():
        assert f"<h3>{faq.question}</h3>" in html
    for term in lesson.glossary_terms.all():
        assert f'id="term-{term.slug}"' in html and term.definition in html
        assert f'href="#term-{term.slug}"' in html
    for reference in lesson.references.all():
        assert f'id="ref-{reference.number}"' in html and reference.citation in html
        assert f'href="{reference.url}"' in html
    assert 'href="#ref-1"' in html
    assert "does not replace" in html
    assert "Last reviewed: 21 November 2026." in html and "Next review due: 21 November 2027." in html
    assert f'rel="prev" href="{lesson_url(before)}"' in html
    assert f'rel="next" href="{lesson_url(after)}"' in html
    assert "css/lesson.css" in html and "js/lesson.js" in html


def test_a_script_in_a_section_body_never_reaches_the_page(client):
    lesson = build_lesson(sections=1)
    section = lesson.sections.get()
    section.body = "Words.\n\n<script>alert('hacked')</script>\n\n<img src=x onerror=\"alert('hacked')\">"
    section.save()
    html = client.get(lesson_url(lesson)).content.decode()
    assert "alert('hacked')" not in html
    assert "onerror" not in html


def test_anonymous_readers_see_no_progress_forms_but_an_invitation(client):
    lesson = build_lesson()
    html = client.get(lesson_url(lesson)).content.decode()
    assert "Save my place" not in html and "I have finished reading" not in html
    assert "create a free account" in html


def test_a_patient_gets_a_place_saving_form_after_each_section(patient_client):
    lesson = build_lesson(sections=4)
    QuizFactory(lesson=lesson)
    html = patient_client.get(lesson_url(lesson)).content.decode()
    progress_url = reverse("education:lesson_progress", args=[lesson.slug])
    # Sections 1-3 each end with "Save my place"; the last is finished at the end of the lesson.
    assert html.count("Save my place here") == 3
    # htmx on the button only: scrolling saves nothing (issue #16; lesson.js counts reading time).
    assert html.count(f'hx-post="{progress_url}" hx-target=') == 4 and "intersect" not in html
    assert html.count(f'action="{progress_url}"') == 4
    assert "I have finished reading" in html
    assert reverse("education:quiz", args=[lesson.slug]) in html
    assert 'hx-select=".progress-done, .progress-error"' in html  # never a login page in the status
    assert "{%" not in html and "{#" not in html and "hx-select keeps" not in html


def test_a_returning_patient_is_offered_their_place(patient_client, patient):
    lesson = build_lesson(sections=4)
    sections = list(lesson.sections.order_by("order"))
    LessonProgressFactory(user=patient, lesson=lesson, sections_reached=2, last_section=sections[1])
    html = patient_client.get(lesson_url(lesson)).content.decode()
    assert f'<a href="#{sections[2].anchor}">Continue where you left off: {sections[2].heading}</a>' in html
    assert html.count("(read)") == 2


def test_a_finished_lesson_says_so_and_offers_no_continue_link(patient_client, patient):
    lesson = build_lesson(sections=2)
    LessonProgressFactory(
        user=patient, lesson=lesson, sections_reached=2, finished_reading_at="2026-11-20T10:00Z"
    )
    html = patient_client.get(lesson_url(lesson)).content.decode()
    assert "You finished reading this lesson on 20 November 2026." in html
    assert "Continue where you left off" not in html


@pytest.mark.parametrize("status", [Status.DRAFT])
def test_an_unpublished_lesson_is_not_found(client, patient_client, status):
    lesson = build_lesson(status=status)
    assert client.get(lesson_url(lesson)).status_code == 404
    assert patient_client.get(lesson_url(lesson)).status_code == 404


def test_an_editors_working_copy_is_never_shown(client):
    published = build_lesson(title="Published title")
    LessonFactory(
        series=published.series,
        order=published.order,
        slug=published.slug,
        title="Draft title",
        draft_of=published,
        status=Status.PUBLISHED,
    )  # even if wrongly marked published
    html = client.get(lesson_url(published)).content.decode()
    assert "Published title" in html and "Draft title" not in html


def test_an_unknown_lesson_is_not_found(client):
    assert client.get(reverse("education:lesson", args=["no-such-lesson"])).status_code == 404


def test_lesson_page_refuses_post(client):
    lesson = build_lesson()
    assert client.post(lesson_url(lesson)).status_code == 405


@pytest.mark.parametrize("logged_in", [False, True])
def test_lesson_page_query_count_does_not_grow_with_content(
    client, patient, django_assert_num_queries, logged_in
):
    if logged_in:
        client.force_login(patient)
    # The lesson twice (its key, then the whole row), sections, faqs, references, glossary,
    # the catalogue's three (+ session, user, progress): the article is then cached.
    expected = 12 if logged_in else 9
    small = build_lesson(order=1, sections=2, faqs=1, references=1, terms=1)
    large = build_lesson(order=2, sections=12, faqs=6, references=8, terms=12)
    QuizFactory(lesson=large)
    for lesson in (small, large):
        LessonProgressFactory(
            user=patient, lesson=lesson, sections_reached=1, last_section=lesson.sections.first()
        )
        cache.clear()
        for count in (expected, 4 if logged_in else 1):  # then the article is cached
            with django_assert_num_queries(count):
                response = client.get(lesson_url(lesson))
            assert response.content.decode().count('class="lesson-section"') == lesson.sections.count()
