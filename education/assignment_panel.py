"""The patient dashboard's "assigned to you" panel (see accounts.dashboard).

The rendered panel is cached per patient and day (an assignment becomes overdue at
midnight), keyed by the content generation and the patient's reader version
(education.page_cache): a new, changed or deleted assignment, a lesson completed, or the
therapist's name changed (education.signals) shows at the next request.
"""

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from education.models import Assignment, LessonProgress
from education.page_cache import FRAGMENT_TIMEOUT, request_versions

DASHBOARD_PANELS = ["education/_dashboard_assignments.html"]
PANEL = "education/_dashboard_assignments.html#assignments-panel"


def assignments_context(user, today):
    """The patient's assignments, newest due first, each marked done or overdue."""
    completed = LessonProgress.objects.filter(
        user=user, lesson=OuterRef("lesson"), completed_at__isnull=False
    )
    assignments = list(
        Assignment.objects.filter(client=user)
        .select_related("therapist", "series", "lesson")
        .annotate(lesson_done=Exists(completed))
    )
    for assignment in assignments:
        assignment.is_done = bool(assignment.lesson_id and assignment.lesson_done)
        assignment.is_overdue = bool(
            assignment.due_date and assignment.due_date < today and not assignment.is_done
        )
    return {"assignments": assignments}


def dashboard_context(request):
    generation, reader = request_versions(request)
    today = timezone.localdate()
    key = f"education:dashboard-assignments:{request.user.pk}:{today.isoformat()}:{generation}:{reader}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(PANEL, assignments_context(request.user, today))
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return {"assignments_html": mark_safe(html)}  # noqa: S308 (rendered by our template)
