"""The patient dashboard's "assigned to you" panel (see accounts.dashboard)."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from education.models import Assignment, LessonProgress

DASHBOARD_PANELS = ["education/_dashboard_assignments.html"]


def dashboard_context(request):
    """The patient's assignments, newest due first, each marked done or overdue."""
    completed = LessonProgress.objects.filter(
        user=request.user, lesson=OuterRef("lesson"), completed_at__isnull=False
    )
    assignments = list(
        Assignment.objects.filter(client=request.user)
        .select_related("therapist", "series", "lesson")
        .annotate(lesson_done=Exists(completed))
    )
    today = timezone.localdate()
    for assignment in assignments:
        assignment.is_done = bool(assignment.lesson_id and assignment.lesson_done)
        assignment.is_overdue = bool(
            assignment.due_date and assignment.due_date < today and not assignment.is_done
        )
    return {"assignments": assignments}
