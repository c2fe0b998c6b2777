"""series_report: one line per lesson with status, version, size, reading grade, terms, references, quiz."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from education.models import Lesson
from tests.education.lesson_builders import build_lesson
from tests.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def report(*args):
    out = StringIO()
    call_command("series_report", *args, stdout=out)
    return out.getvalue()


def test_every_loaded_lesson_reads_at_grade_six_or_below_with_its_figures_and_questions():
    call_command("load_series", stdout=StringIO())
    output = report("--max-grade", "6")
    lines = {line.split()[1]: line.split() for line in output.splitlines() if line[:1].isdigit()}
    assert set(lines) == set(Lesson.objects.values_list("slug", flat=True))
    for slug, cells in lines.items():
        lesson = Lesson.objects.get(slug=slug)
        status, version, sections, words, grade, terms, refs, figures, questions = cells[2:]
        assert status == "published" and version == "1"
        assert int(sections) == lesson.sections.count()
        assert 800 < int(words) <= 1400
        assert 0 < float(grade) <= 6
        assert int(terms) == lesson.glossary_terms.count()
        assert int(refs) == lesson.references.count()
        assert int(figures) == sum(s.body.count("](figure:") for s in lesson.sections.all()) >= 1
        assert int(questions) == lesson.quiz.questions.count() >= 8


def test_a_hard_lesson_fails_the_grade_check():
    lesson = build_lesson(sections=1, slug="hard-lesson")
    section = lesson.sections.get()
    section.body = (
        "Proinflammatory cytokine-mediated osteoclastogenesis substantially exacerbates trabecular "
        "microarchitectural deterioration, notwithstanding concurrent pharmacological interventions."
    )
    section.save()
    with pytest.raises(CommandError, match="hard-lesson"):
        report("--max-grade", "8")


def test_drafts_and_lessons_without_a_quiz_are_labelled():
    published = build_lesson(slug="with-quiz")
    QuestionFactory(quiz=QuizFactory(lesson=published))
    build_lesson(slug="no-quiz-yet", order=5)
    output = report()
    assert "no quiz" in next(line for line in output.splitlines() if "no-quiz-yet" in line)
    assert next(line for line in output.splitlines() if "with-quiz" in line).split()[-1] == "1"


def test_no_lessons_says_how_to_load_them():
    assert "load_series" in report()
