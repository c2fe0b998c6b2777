"""Helpers for the quiz tests: picking right and wrong choices from an attempt's questions,
and the URLs of an attempt's pages."""

from django.urls import reverse


def right(question):
    """The ids of the right choices of a question snapshot."""
    return [c["id"] for c in question["choices"] if c["correct"]]


def wrong(question):
    """One wrong choice of a question snapshot: the same one whatever order the attempt shuffled
    its choices into (the lowest id)."""
    return [min(c["id"] for c in question["choices"] if not c["correct"])]


def question_url(attempt, position):
    return reverse("education:attempt_question", args=[attempt.quiz.lesson.slug, attempt.pk, position])


def attempt_url(name, attempt):
    return reverse(f"education:{name}", args=[attempt.quiz.lesson.slug, attempt.pk])


def quiz_url(name, quiz):
    return reverse(f"education:{name}", args=[quiz.lesson.slug])


def answer_all(attempt, *, wrong_positions=()):
    """Answer every question not answered yet, right except at `wrong_positions`."""
    from education.quiz_services import record_answer

    for position, question in enumerate(attempt.questions, start=1):
        if attempt.answers.filter(position=position).exists():
            continue
        choice_ids = wrong(question) if position in wrong_positions else right(question)
        record_answer(attempt=attempt, position=position, choice_ids=choice_ids)


def finished_attempt(user, quiz, *, wrong_positions=()):
    """A submitted attempt at `quiz`."""
    from education.quiz_services import start_attempt, submit_attempt

    attempt = start_attempt(user=user, quiz=quiz)
    answer_all(attempt, wrong_positions=wrong_positions)
    return submit_attempt(attempt=attempt)
