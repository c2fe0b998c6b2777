"""The patient dashboard: one view calling three plainly named functions, one per app, each
returning plain context for its own part of templates/accounts/dashboard.html:

- sharing_requests (below): therapists who have asked to follow the patient's progress;
- education.dashboard.lessons_panel: assignments with due dates, lessons, the one next step;
- tracker.dashboard.checkin_panel: today's check-in, the last 7 days and current goals;
- notifications.notices.dashboard_notices: the newest in-app notices and the unread count.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.sharing_forms import therapists_asking
from accounts.views import patient_required


def sharing_requests(user):
    """Therapists caring for the patient who asked to follow their progress and are not yet
    allowed to (one query)."""
    return {"sharing_requests": list(therapists_asking(user).only("full_name", "email"))}


@require_safe
@patient_required
def dashboard(request):
    # Imported here: accounts imports nothing from education or tracker at module level.
    from education.dashboard import lessons_panel
    from notifications.notices import dashboard_notices
    from tracker.dashboard import checkin_panel

    today = timezone.localdate()
    context = {
        **dashboard_notices(request.user),
        **sharing_requests(request.user),
        **lessons_panel(request.user, today),
        **checkin_panel(request.user, today, next_url=request.path),
    }
    return render(request, "accounts/dashboard.html", context)
