"""The whole journey on the real content: read lesson 1, take its quiz, fail, read the
explanations, retake the missed questions, pass, and see the lesson complete on the dashboard,
once as plain forms (no JavaScript) and once as htmx sends them. Also checks the quiz content
files themselves: enough questions of each kind, each pointing at a real section."""

import re
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from education.models import Choice, Lesson, LessonProgress, Question, QuestionKind, QuizAttempt, Section

pytestmark = pytest.mark.django_db

QUIZ_FILES = sorted((Path(settings.BASE_DIR) / "education" / "content" / "quizzes").glob("*.toml"))
SLUG = "chronic-inflammation-and-bone-health"


@pytest.fixture
def series():
    call_command("load_series", stdout=StringIO())
    return Lesson.objects.published().order_by("order")


def choice_ids(html):
    return [int(v) for v in re.findall(r'name="choice" value="(\d+)"', html)]


def pick(html, *, right):
    """The choices to tick on a question page: the right ones, or one wrong one."""
    ids = choice_ids(html)
    assert ids, "no choices on the page"
    correct = set(Choice.objects.filter(pk__in=ids, is_correct=True).values_list("pk", flat=True))
    return sorted(correct) if right else [next(i for i in ids if i not in correct)]


def form_action(html):
    return re.search(r'<form method="post" action="([^"]+/questions/\d+/)"', html).group(1)


def next_link(html):
    found = re.search(r'href="([^"]+)">Next question</a>', html)
    return found.group(1) if found else None


def submit_action(html):
    return re.search(r'action="([^"]+/submit/)"', html).group(1)


def take_quiz(client, first_url, *, wrong_count, htmx):
    """Answer every question asked, getting the first `wrong_count` wrong, then submit.
    Returns the result page's HTML."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    html = client.get(first_url).content.decode()
    asked = 0
    while True:
        url = form_action(html)
        response = client.post(url, {"choice": pick(html, right=asked >= wrong_count)}, **headers)
        asked += 1
        if htmx:
            assert response.status_code == 200
            feedback = response.content.decode()
            assert "<html" not in feedback  # swapped in place, no page load
        else:
            assert response.status_code == 302 and response["Location"] == url
            feedback = client.get(url).content.decode()
        assert 'role="status"' in feedback and "data-autofocus" in feedback
        assert ("Not quite" if asked <= wrong_count else "Correct") in feedback
        assert "Score so far:" in feedback
        following = next_link(feedback)
        if following is None:
            break
        html = client.get(following).content.decode()
    response = client.post(submit_action(feedback), follow=True)
    assert response.status_code == 200
    return response.content.decode(), asked


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_read_fail_retake_pass_complete(patient_client, patient, series, htmx):
    lesson = series.get(slug=SLUG)
    total = lesson.quiz.questions.count()

    # Read lesson 1 to the end.
    page = patient_client.get(lesson.get_absolute_url()).content.decode()
    assert reverse("education:quiz", args=[SLUG]) in page
    last = lesson.sections.order_by("order").last()
    patient_client.post(reverse("education:lesson_progress", args=[SLUG]), {"section": last.anchor})
    assert LessonProgress.objects.get(user=patient, lesson=lesson).finished_reading_at

    # First go: three wrong answers, below the 80% pass mark.
    start = patient_client.post(reverse("education:quiz_start", args=[SLUG]), {"focus": "all"}, follow=True)
    first_question = start.redirect_chain[-1][0]
    result, asked = take_quiz(patient_client, first_question, wrong_count=3, htmx=htmx)
    assert asked == total
    assert "Not passed yet" in result
    assert f"You got {total - 3} out of {total} questions right" in result
    # The explanations, in the content's own words, with links to the lesson's sections.
    first = lesson.quiz.questions.order_by("order").first()
    assert first.explanation in result
    assert f'href="{lesson.get_absolute_url()}#{first.section_anchor}"' in result
    progress = LessonProgress.objects.get(user=patient, lesson=lesson)
    assert progress.quiz_passed_at is None and progress.completed_at is None

    # Retake only the three missed questions, and get them right.
    start_url = reverse("education:quiz_start", args=[SLUG])
    retake = patient_client.post(start_url, {"focus": "missed"}, follow=True)
    assert "Question 1 of 3" in retake.content.decode()
    result, asked = take_quiz(patient_client, retake.redirect_chain[-1][0], wrong_count=0, htmx=htmx)
    assert asked == 3
    assert "You passed" in result and f"You got {total} out of {total}" in result
    assert "This lesson is now complete" in result

    progress.refresh_from_db()
    assert progress.quiz_passed_at and progress.completed_at
    attempts = QuizAttempt.objects.filter(user=patient).order_by("started_at")
    assert [(a.score, a.passed) for a in attempts] == [(total - 3, False), (total, True)]

    # The quiz page shows the history; the dashboard shows the lesson complete.
    quiz_page = patient_client.get(reverse("education:quiz", args=[SLUG])).content.decode()
    assert quiz_page.count("See answers") == 2 and f"{total} out of {total} right (100%)" in quiz_page
    dashboard = patient_client.get(reverse("accounts:dashboard")).content.decode()
    assert "You have completed 1 of 3 lessons." in dashboard
    assert re.search(re.escape(lesson.title) + r"</a>:\s*<span[^>]*>Complete</span>", dashboard)


# --- the content files ---------------------------------------------------------------------


def test_every_quiz_file_has_enough_questions_of_each_kind():
    assert len(QUIZ_FILES) == 3
    for path in QUIZ_FILES:
        questions = tomllib.loads(path.read_text())["question"]
        assert len(questions) >= 6, path.name
        kinds = [q["kind"] for q in questions]
        for kind in QuestionKind.values:
            assert kind in kinds, f"{path.name} has no {kind} question"
        for q in questions:
            rights = [c for c in q["choice"] if c["correct"]]
            assert q["explanation"].strip() and q["section"], path.name
            if q["kind"] == "multiple":
                assert len(rights) >= 2, q["prompt"]
            else:
                assert len(rights) == 1, q["prompt"]


def test_every_loaded_question_links_to_a_section_of_its_lesson(series):
    questions = Question.objects.select_related("quiz__lesson")
    assert questions.count() == sum(len(tomllib.loads(p.read_text())["question"]) for p in QUIZ_FILES)
    for question in questions:
        lesson = question.quiz.lesson
        assert Section.objects.filter(lesson=lesson, anchor=question.section_anchor).exists(), (
            f"{lesson.slug}: no section #{question.section_anchor}"
        )


def test_series_report_counts_the_questions_of_each_lesson(series):
    out = StringIO()
    call_command("series_report", stdout=out)
    lines = out.getvalue().splitlines()
    header = lines[0].split()
    assert header[-1] == "questions"
    for lesson in series:
        line = next(line for line in lines if lesson.slug in line)
        assert line.split()[-1] == str(lesson.quiz.questions.count())
