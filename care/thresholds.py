"""When the caseload home says a client "needs attention": every threshold in one place.

Each therapist may adjust the first three on their settings page (care.models.CareSettings,
admin/care/settings/); without a row the defaults below apply. The rules, in words:

- no check-in for `quiet_days` days or more (default 3), counted from the last check-in;
- stress at or above the client's own stress goal (or `stress_level`, default 7, when the
  client has none) on at least STRESS_HITS of their last STRESS_WINDOW check-ins (3 of 5);
- sleep below the client's sleep goal (the default 7 to 9 hours when none is set) on at least
  `sleep_nights` (default 4) of the nights recorded in the last 7 days: most nights of the week;
- an assigned lesson not started ASSIGNMENT_GRACE_DAYS days after it was assigned, or past its
  due date and not complete;
- a quiz failed and not passed since;
- a lesson updated (a new version published) since the client finished reading it;
- check-in notes written since this therapist last opened the client's page;
- a care link (an accepted invitation) still waiting for the client's consent to share.
"""

from dataclasses import dataclass

DEFAULT_QUIET_DAYS = 3
DEFAULT_STRESS_LEVEL = 7
DEFAULT_SLEEP_NIGHTS = 4

STRESS_WINDOW = 5
STRESS_HITS = 3
SLEEP_WEEK_DAYS = 7
ASSIGNMENT_GRACE_DAYS = 7

# The limits the settings form and the database accept.
QUIET_DAYS_RANGE = (1, 60)
STRESS_LEVEL_RANGE = (1, 10)
SLEEP_NIGHTS_RANGE = (1, 7)


@dataclass(frozen=True)
class Thresholds:
    quiet_days: int = DEFAULT_QUIET_DAYS
    stress_level: int = DEFAULT_STRESS_LEVEL
    sleep_nights: int = DEFAULT_SLEEP_NIGHTS


def thresholds_for(therapist) -> Thresholds:
    """The therapist's own thresholds, or the defaults (one query)."""
    from care.models import CareSettings

    row = CareSettings.objects.filter(therapist=therapist).first()
    if row is None:
        return Thresholds()
    return Thresholds(row.quiet_days, row.stress_level, row.sleep_nights)
