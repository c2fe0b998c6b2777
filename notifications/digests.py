"""Staff emails and notices: therapists' weekly digest, editors' lesson reviews due.

The digest says how many clients need attention and why, with first names only (the triage
list's reasons, grouped; never a health value) and a link to the caseload home. Both are logged
in the sent-log once per recipient and day, like patients' reminders, so a rerun sends nothing.
"""


from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from education.review_dates import review_due_lessons
from notifications.models import NoticeKind, ReminderKind, SentReminder
from notifications.notices import notify, send_optional_email

# The workspace's attention signals (care.attention.FLAG_KINDS) in the digest's words. An email
# carries no health detail, so the three signals read from check-ins share one plain heading.
DIGEST_REASONS = {
    "quiet": "have not checked in for a while",
    "stress": "have check-ins worth a look",
    "sleep": "have check-ins worth a look",
    "notes": "have check-ins worth a look",
    "lesson": "have an assigned lesson waiting",
    "quiz": "have a quiz not passed yet",
    "updated": "have an updated lesson to read again",
}


def digest_groups(therapist):
    """[{"why": words, "count": n, "names": [first names]}] for the therapist's clients, from the
    caseload home's own signals (care.caseload), so the digest and the home never disagree."""
    from care.caseload import caseload

    rows = caseload(therapist)
    names_by_why = {}
    for row in rows:
        for why in dict.fromkeys(DIGEST_REASONS[flag.kind] for flag in row.flags):
            names_by_why.setdefault(why, []).append(row.client.get_short_name())
    groups = [
        {"why": why, "count": len(names), "names": sorted(names)}
        for why in dict.fromkeys(DIGEST_REASONS.values())
        if (names := names_by_why.get(why))
    ]
    return {"groups": groups, "attention": sum(1 for row in rows if row.flags)}


def claim_day(user, kind, day):
    """Write the sent-log row for (user, kind, day); False when it was there already."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(recipient=user, kind=kind, local_date=day)
    except IntegrityError:
        return False
    return True


def send_weekly_digests(*, today=None):
    """Queue the digest for every active therapist who asked for it; returns how many."""
    today = today or timezone.localdate()
    therapists = User.objects.filter(
        role=Role.THERAPIST, is_active=True, reminder_settings__weekly_digest=True
    ).order_by("pk")
    queued = 0
    for therapist in therapists:
        summary = digest_groups(therapist)
        with transaction.atomic():
            if not claim_day(therapist, ReminderKind.DIGEST, today):
                continue
            send_optional_email(
                therapist,
                template="notifications/email/digest",
                context={**summary, "caseload_url": settings.SITE_URL + reverse("admin:care_home")},
            )
        queued += 1
    return queued


def notify_reviews_due(*, today=None):
    """Once a week (notifications.schedule): one notice per editor saying how many live lessons
    are due for review within 30 days or past it (education.review_dates), with a link to the
    editors' index, which lists them."""
    today = today or timezone.localdate()
    lessons = list(review_due_lessons(today=today))
    if not lessons:
        return 0
    past = sum(1 for lesson in lessons if lesson.next_review_due < today)
    text = f"{len(lessons)} lesson(s) need a clinical review soon ({past} past their review date)."
    link = reverse("admin:index")  # the editors' index lists the lessons due, soonest first
    sent = 0
    for editor in User.objects.filter(role=Role.EDITOR, is_active=True).order_by("pk"):
        with transaction.atomic():
            if claim_day(editor, ReminderKind.REVIEW_DUE, today):
                notify(recipient=editor, kind=NoticeKind.REVIEW_DUE, text=text, link=link)
                sent += 1
    return sent
