"""The tracker part of the patient dashboard (accounts.dashboard.dashboard calls checkin_panel):
today's check-in (a card that opens onto the htmx form, which also works as a plain form), the
last 7 days in a few lines, and the patient's current goals.

The data (today's and yesterday's check-ins, the 7-day aggregate, the goals) is cached per
patient and day until their check-ins or goals change (bonehealth.fragments): no query once
cached, three when not. The templates render it on every request, with the request's own
CSRF token: nothing pre-rendered.
"""

from datetime import timedelta

from bonehealth.fragments import patient_fragment
from tracker.forms import CheckinForm, initial_for_new_day, initial_from_entry
from tracker.goals import goals_for
from tracker.models import Entry
from tracker.stats import last_seven_days
from tracker.views import checkin_context


def _tracker_data(user, today):
    yesterday = today - timedelta(days=1)
    entries = Entry.objects.for_patient(user).filter(day__in=[today, yesterday])
    recent = {entry.day: entry for entry in entries}
    goals = goals_for(user)
    return {
        "entry": recent.get(today),
        "yesterday": recent.get(yesterday),
        "week": last_seven_days(user, today),
        "goals": [goal for goal in goals.values() if goal is not None],
    }


def checkin_panel(user, today, *, next_url):
    """The dashboard's tracker context: the check-in panel's (checkin_context), the week and goals."""
    data = patient_fragment(user.pk, "dashboard", today, lambda: _tracker_data(user, today))
    entry = data["entry"]
    initial = initial_from_entry(entry) if entry else initial_for_new_day(today, data["yesterday"])
    form = CheckinForm(initial=initial, today=today, fixed_day=True)
    context = checkin_context(
        form=form, day=today, today=today, entry=entry, show_form=entry is None, next_url=next_url
    )
    context.update(
        week=data["week"],
        goals=data["goals"],
        some_goals_suggested=any(goal.is_default for goal in data["goals"]),
        autofocus_form=False,
    )
    return context
