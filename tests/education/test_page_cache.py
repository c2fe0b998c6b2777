"""The cached education fragments follow every change: each test fills the cache with one
request, changes the data through one write path, and expects the change at the next request.
Without the signal or bump that path relies on, each would show the cached, stale page."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SHARING_WORDING_VERSION, SharingConsent
from accounts.privacy import erase_user
from education.models import Assignment, LessonProgress
from education.page_cache import content_and_reader, reader_key, versions
from education.quiz_services import start_attempt, submit_attempt
from education.services import record_section_reached
from tests.conftest import otp_login
from tests.education.lesson_builders import build_lesson
from tests.education.quiz_helpers import answer_all
from tests.factories import (
    CareRelationshipFactory,
    LessonProgressFactory,
    QuestionFactory,
    SeriesFactory,
    build_quiz,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard")
SERIES = reverse("education:series")


@pytest.fixture
def lessons():
    series = SeriesFactory(title="Bones and you")
    return [build_lesson(series=series, order=n, title=f"Lesson number {n}", sections=3) for n in (1, 2)]


@pytest.fixture
def reader(patient):
    client = Client()
    client.force_login(patient)
    return client


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def lesson_url(lesson):
    return reverse("education:lesson", args=[lesson.slug])


# --- the patient's own records ------------------------------------------------------------


def test_reading_progress_shows_on_the_dashboard_series_and_lesson(reader, patient, lessons):
    lesson = lessons[0]
    assert "Start this lesson" in page(reader, DASHBOARD)
    assert "Reading</span>" not in page(reader, SERIES)
    assert "(read)</span>" not in page(reader, lesson_url(lesson))
    sections = list(lesson.sections.order_by("order"))
    record_section_reached(user=patient, lesson=lesson, section=sections[0])

    assert "Continue where you left off:" in page(reader, DASHBOARD)
    assert "Reading</span>, 1 of 3 sections read" in page(reader, SERIES)
    html = page(reader, lesson_url(lesson))
    assert html.count('<span class="lesson-toc__read">(read)</span>') == 1
    assert f"Continue where you left off: {sections[1].heading}" in html


def test_a_deleted_progress_row_shows_on_the_dashboard(reader, patient, lessons):
    LessonProgressFactory(user=patient, lesson=lessons[0], sections_reached=1)
    assert "Continue reading" in page(reader, DASHBOARD)
    LessonProgress.objects.filter(user=patient).delete()
    assert "Continue reading" not in page(reader, DASHBOARD)


def test_starting_and_submitting_a_quiz_show_on_the_dashboard(reader, patient, lessons):
    quiz = build_quiz(lesson=lessons[0])
    LessonProgressFactory(
        user=patient, lesson=lessons[0], sections_reached=3, finished_reading_at=timezone.now()
    )
    assert "Take the quiz<span" in page(reader, DASHBOARD)

    attempt = start_attempt(user=patient, quiz=quiz)  # a new attempt (post_save)
    assert "Carry on with the quiz" in page(reader, DASHBOARD)

    answer_all(attempt, wrong_positions=range(1, attempt.total + 1))
    # A failed attempt is scored with update() and touches no progress: submit_attempt bumps.
    submit_attempt(attempt=attempt)
    html = page(reader, DASHBOARD)
    panel = html[html.index('id="next-step-heading"') :]
    panel = panel[: panel.index("</section>")]
    assert "Carry on with the quiz" not in panel and "Try the quiz again" in panel


def test_the_panels_of_one_patient_are_not_served_to_another(reader, other_patient, patient, lessons):
    LessonProgressFactory(user=patient, lesson=lessons[0], sections_reached=1)
    assert "Continue reading" in page(reader, DASHBOARD)
    other = Client()
    other.force_login(other_patient)
    assert "Continue reading" not in page(other, DASHBOARD)


# --- assignments ------------------------------------------------------------------------------


@pytest.fixture
def my_client(therapist, patient):
    """`patient`, visible to `therapist`: a care relationship and a consent to share."""
    CareRelationshipFactory(therapist=therapist, client=patient)
    SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )
    return patient


@pytest.fixture
def therapist_admin(therapist):
    client = Client()
    otp_login(client, therapist)
    return client


def assign(therapist, patient, lesson, **fields):
    return Assignment.objects.create(
        therapist=therapist, client=patient, series=lesson.series, lesson=lesson, **fields
    )


def test_an_assignment_from_the_client_page_shows_at_once(
    reader,
    therapist_admin,
    therapist,
    my_client,
    lessons,
):
    assert "Assigned to you" not in page(reader, DASHBOARD)
    response = therapist_admin.post(
        reverse("admin:care_client_assign", args=[my_client.pk]),
        {"lesson": lessons[1].pk, "note": "Read this one first."},
    )
    assert response.status_code == 302 and Assignment.objects.count() == 1
    html = page(reader, DASHBOARD)
    assert "Assigned to you" in html and "Read this one first." in html


def test_an_assignment_deleted_in_the_admin_goes_at_once(
    reader,
    therapist_admin,
    therapist,
    my_client,
    lessons,
):
    assignment = assign(therapist, my_client, lessons[0], note="Please read.")
    assert "Please read." in page(reader, DASHBOARD)
    response = therapist_admin.post(
        reverse("admin:education_assignment_changelist"),
        {"action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Assignment.objects.exists()
    assert "Assigned to you" not in page(reader, DASHBOARD)


def test_a_changed_due_date_and_a_completed_lesson_show_at_once(reader, therapist, patient, lessons):
    assignment = assign(therapist, patient, lessons[0])
    assert "Overdue" not in page(reader, DASHBOARD)
    assignment.due_date = timezone.localdate() - datetime.timedelta(days=1)
    assignment.save()
    assert "Overdue" in page(reader, DASHBOARD)
    now = timezone.now()
    LessonProgressFactory(
        user=patient, lesson=lessons[0], sections_reached=3, finished_reading_at=now,
        quiz_passed_at=now, completed_at=now,
    )  # fmt: skip
    html = page(reader, DASHBOARD)
    assert "Done</span>" in html and "Overdue" not in html


def test_an_assignment_becomes_overdue_the_next_day(reader, therapist, patient, lessons, monkeypatch):
    today = timezone.localdate()
    assign(therapist, patient, lessons[0], due_date=today)
    assert "Overdue" not in page(reader, DASHBOARD)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert "Overdue" in page(reader, DASHBOARD)


def test_the_therapists_new_name_shows_at_once(reader, therapist, patient, lessons):
    assign(therapist, patient, lessons[0])
    assert "Assigned by Theo Therapist" in page(reader, DASHBOARD)
    therapist.full_name = "Theodora Therapist"
    therapist.save()
    assert "Assigned by Theodora Therapist" in page(reader, DASHBOARD)


def test_erasing_the_therapist_takes_their_assignments_off_at_once(reader, therapist, patient, lessons):
    assign(therapist, patient, lessons[0], note="Please read.")
    assert "Please read." in page(reader, DASHBOARD)
    erase_user(therapist)
    assert "Assigned to you" not in page(reader, DASHBOARD)


def test_erasing_a_patient_replaces_their_reader_version(reader, therapist, patient, lessons):
    assign(therapist, patient, lessons[0])
    LessonProgressFactory(user=patient, lesson=lessons[0], sections_reached=1)
    page(reader, DASHBOARD)
    before = content_and_reader(patient.pk)[1]
    erase_user(patient)
    # Nobody can log in as them any more; should the id ever come back, nothing cached is read.
    assert versions(reader_key(patient.pk))[reader_key(patient.pk)] != before


# --- content --------------------------------------------------------------------------------


def test_a_retitled_lesson_shows_everywhere_at_once(reader, lessons):
    pages = (DASHBOARD, SERIES, lesson_url(lessons[0]))
    for path in pages:
        page(reader, path)
    lessons[1].title = "A clearer title"
    lessons[1].save()
    for path in pages:  # the panel, the overview, the first lesson's pager
        assert "A clearer title" in page(reader, path), path


def test_a_retitled_series_shows_on_the_lesson_page(client, lessons):
    assert "Bones and you: lesson 1 of 2" in page(client, lesson_url(lessons[0]))
    series = lessons[0].series
    series.title = "Your bones"
    series.save()
    assert "Your bones: lesson 1 of 2" in page(client, lesson_url(lessons[0]))


def test_a_newly_published_lesson_shows_at_once(client, lessons):
    draft = build_lesson(series=lessons[0].series, order=3, title="Lesson number 3", status="draft")
    assert "lesson 1 of 2" in page(client, lesson_url(lessons[0]))
    assert "Lesson number 3" not in page(client, SERIES)
    draft.status = "published"
    draft.save()
    assert "lesson 1 of 3" in page(client, lesson_url(lessons[0]))
    assert "Lesson number 3" in page(client, SERIES)


def test_a_new_quiz_shows_on_the_lesson_page(reader, lessons):
    assert "Take the quiz for this lesson" not in page(reader, lesson_url(lessons[0]))
    build_quiz(lesson=lessons[0])
    assert "Take the quiz for this lesson" in page(reader, lesson_url(lessons[0]))


def test_a_new_question_shows_on_the_quiz_page(reader, lessons):
    quiz = build_quiz(lesson=lessons[0], size=3)
    assert "3 short questions" in page(reader, reverse("education:quiz", args=[lessons[0].slug]))
    QuestionFactory(quiz=quiz, order=99)
    assert "4 short questions" in page(reader, reverse("education:quiz", args=[lessons[0].slug]))


# --- what is never cached -------------------------------------------------------------------


def article(html):
    return html[html.index("<article") : html.index("</article>")]


def csrf_tokens(html):
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_each_request_gets_its_own_csrf_token_in_a_cached_article(patient, other_patient, lessons):
    first, second = Client(), Client()
    first.force_login(patient)
    second.force_login(other_patient)
    tokens = [set(csrf_tokens(article(page(c, lesson_url(lessons[0]))))) for c in (first, second)]
    assert all(len(t) == 1 for t in tokens) and tokens[0] != tokens[1]
    assert "csrf-token-of-this-request" not in page(first, lesson_url(lessons[0]))


def test_saving_the_place_with_the_token_from_a_cached_article_works(patient, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    page(client, lesson_url(lessons[0]))  # fills the cache
    html = page(client, lesson_url(lessons[0]))
    section = lessons[0].sections.order_by("order").first()
    response = client.post(
        reverse("education:lesson_progress", args=[lessons[0].slug]),
        {"section": section.anchor, "csrfmiddlewaretoken": csrf_tokens(html)[0]},
    )
    assert response.status_code == 302


def test_a_message_is_shown_once_around_a_cached_article(reader, lessons):
    page(reader, lesson_url(lessons[0]))
    section = lessons[0].sections.order_by("order").first()
    reader.post(reverse("education:lesson_progress", args=[lessons[0].slug]), {"section": section.anchor})
    assert "Your place is saved" in page(reader, lesson_url(lessons[0]))
    assert "Your place is saved" not in page(reader, lesson_url(lessons[0]))
