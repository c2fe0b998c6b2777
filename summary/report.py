"""What the printable summary shows, gathered from the apps that own each part: the tracker's
figures, charts and patterns (tracker.trends.trends_context, unchanged), the lessons completed,
the topics of quiz questions missed, and the patient's own questions for their doctor.

A fixed number of queries whatever the amount of data (asserted in tests/summary)."""

from datetime import date

from django.db.models import OuterRef, Prefetch, Subquery

from education.catalogue import catalogue
from education.models import LessonProgress, QuizAnswer, QuizAttempt
from summary.models import DoctorQuestion
from tracker.factors import Factor
from tracker.trends import trends_context


def lessons_completed(user) -> list[LessonProgress]:
    return list(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False)
        .select_related("lesson")
        .only("completed_at", "lesson__title", "lesson__order")
        .order_by("lesson__order", "completed_at")
    )


def missed_topics(user, catalogue_=None) -> list[dict]:
    """Per lesson, the sections covering the questions missed in the patient's latest finished
    attempt at its quiz: [{"lesson": title, "url": ..., "topics": [{"heading", "url"}]}].
    Two queries (the latest attempts, their wrong answers)."""
    catalogue_ = catalogue_ or catalogue()
    latest_pk = (
        QuizAttempt.objects.for_user(user)
        .submitted()
        .filter(quiz=OuterRef("quiz"))
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    attempts = (
        QuizAttempt.objects.for_user(user)
        .submitted()
        .filter(pk=Subquery(latest_pk))
        .select_related("quiz__lesson")
        .only("questions", "quiz__lesson__slug", "quiz__lesson__title", "quiz__lesson__order")
        .order_by("quiz__lesson__order")
        .prefetch_related(
            Prefetch("answers", queryset=QuizAnswer.objects.filter(is_correct=False), to_attr="wrong")
        )
    )
    found = []
    for attempt in attempts:
        if not attempt.wrong:
            continue
        lesson = attempt.quiz.lesson
        outline = catalogue_["lessons"].get(lesson.slug, {})
        headings = {s["anchor"]: s["heading"] for s in outline.get("sections", [])}
        lesson_url = outline.get("url", "")
        topics = []
        for answer in attempt.wrong:
            if not 1 <= answer.position <= len(attempt.questions):
                continue
            anchor = attempt.questions[answer.position - 1].get("section_anchor") or ""
            heading = headings.get(anchor)
            topic = {"heading": heading, "url": f"{lesson_url}#{anchor}" if lesson_url else ""}
            if heading and topic not in topics:
                topics.append(topic)
        found.append(
            {"lesson": lesson.title, "url": lesson_url, "topics": topics, "missed": len(attempt.wrong)}
        )
    return found


def doctor_questions(user) -> list[DoctorQuestion]:
    return list(DoctorQuestion.objects.for_patient(user))


def _training_weeks_met(weeks) -> tuple[int, int]:
    return sum(1 for week in weeks if week.training_goal_met), len(weeks)


def summary_context(user, *, days: int, ending: date) -> dict:
    """Everything the summary page needs for `days` days ending on `ending`."""
    trends = trends_context(user, days=days, today=ending)
    sections = {section["key"]: section for section in trends["sections"]}
    met_weeks, weeks = _training_weeks_met(trends["weeks"])
    return {
        "days": days,
        "first": trends["first"],
        "last": trends["last"],
        "figures": trends["summary"],
        "goals": trends["goals"],
        "sections": trends["sections"],
        "sleep": sections[Factor.SLEEP],
        "stress": sections[Factor.STRESS],
        "training": sections[Factor.TRAINING],
        "omega3": sections[Factor.OMEGA3],
        "training_weeks_met": met_weeks,
        "training_weeks": weeks,
        "insights": trends["insights"],
        "lessons_completed": lessons_completed(user),
        "missed_topics": missed_topics(user),
        "questions": doctor_questions(user),
    }
