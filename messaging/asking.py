""" "Ask my therapist about this" (issue #20): the quoted context of a new message, read from
real ids in the link (a lesson section, or one of the patient's own quiz answers). A tampered or
someone else's id gives no context (a 404 from the view)."""

from education.models import Choice, QuizAnswer, Section


def context_from_query(user, query):
    """The quoted text for `?section=<id>` or `?answer=<id>`, or None when the id is not real
    (or not this patient's answer)."""
    section_id, answer_id = query.get("section", ""), query.get("answer", "")
    if section_id.isdigit():
        section = Section.objects.filter(pk=section_id, lesson__in=_published_lessons()).select_related(
            "lesson"
        )
        section = section.first()
        if section is not None:
            return f"Lesson: {section.lesson.title}\nSection: {section.heading}"
    if answer_id.isdigit():
        answer = (
            QuizAnswer.objects.filter(pk=answer_id, attempt__user=user, question__isnull=False)
            .select_related("question")
            .first()
        )
        if answer is not None:
            chosen = Choice.objects.filter(pk__in=_ids(answer.selected)).values_list("text", flat=True)
            return f"Quiz question: {answer.question.prompt}\nMy answer: {'; '.join(chosen) or 'none'}"[:500]
    return None


def _ids(selected):
    return [value for value in selected if isinstance(value, int)] if isinstance(selected, list) else []


def _published_lessons():
    from education.models import Lesson

    return Lesson.objects.published()
