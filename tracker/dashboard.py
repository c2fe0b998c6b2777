"""The tracker's panel on the patient dashboard (see accounts/dashboard.py): today's
check-in as an htmx form that saves in place, and a small summary of the last 7 days.

Both are rendered without the request and cached per patient and day until their check-ins
change (bonehealth.fragments): no query once cached, one (today's and yesterday's check-ins) and
the summary's when not. Rendering the check-in form (four groups of radios and checkboxes,
crispy fields) was most of the dashboard's time. The form holds a CSRF token: it is cached
with a placeholder, and the request's own token is put in on every request."""

from datetime import timedelta

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from bonehealth.fragments import patient_fragment
from tracker.forms import CheckinForm, initial_for_new_day, initial_from_entry
from tracker.models import Entry
from tracker.stats import last_seven_days
from tracker.views import checkin_context

DASHBOARD_PANELS = ["tracker/_dashboard_panel.html"]


# Stands for the CSRF token in the cached check-in panel; only letters, so escaping leaves it as is.
CSRF_PLACEHOLDER = "CSRFTOKENPLACEHOLDERxTRACKERxPANEL"


def dashboard_context(request):
    today = timezone.localdate()
    user = request.user
    next_url = request.path

    def build():
        yesterday = today - timedelta(days=1)
        recent = {
            entry.day: entry for entry in Entry.objects.for_patient(user).filter(day__in=[today, yesterday])
        }
        entry = recent.get(today)
        initial = initial_from_entry(entry) if entry else initial_for_new_day(today, recent.get(yesterday))
        form = CheckinForm(initial=initial, today=today, fixed_day=True)
        panel = checkin_context(form=form, day=today, today=today, entry=entry, show_form=entry is None)
        context = {
            **panel,
            "next": next_url,
            "is_today": True,
            "just_saved": False,
            "autofocus_form": False,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        return {"day": today, "html": render_to_string("tracker/checkin.html#checkin-panel", context)}

    panel = patient_fragment(user.pk, "dashboard-checkin", today, build)
    html = panel["html"].replace(CSRF_PLACEHOLDER, get_token(request))
    return {
        "tracker_panel": {"day": panel["day"]},
        "tracker_panel_html": mark_safe(html),  # noqa: S308 - a rendered template and a token
        "tracker_week_html": week_summary_html(user, today),
    }


def week_summary_html(user, today):
    """The last 7 days' summary as HTML, cached per patient and day until their check-ins
    change (bonehealth.fragments). The check-in panel beside it holds a CSRF token: it stays live."""

    def build():
        week = last_seven_days(user, today)
        return render_to_string("tracker/checkin.html#week-summary", {"week": week, "oob": False})

    return mark_safe(patient_fragment(user.pk, "dashboard", today, build))  # noqa: S308 - a rendered template
