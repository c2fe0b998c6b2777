"""In-app notices: `notify()` is what other apps call (assignments, goals, sharing requests)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Sum, When, Window
from django.urls import reverse
from django.utils import timezone

from bonehealth.emails import send_templated_email
from notifications.links import unsubscribe_url
from notifications.models import Notice, NoticeKind, ReminderSettings

DASHBOARD_NOTICES = 5


def notify(*, recipient, kind, text, link=""):
    """Add a notice to `recipient`'s list, and queue an email when they asked for notice emails.

    `text` is shown on the dashboard and in the email: words only, never a health value."""
    notice = Notice.objects.create(recipient=recipient, kind=kind, text=text[:200], link=link)
    wants_email = ReminderSettings.objects.filter(user=recipient, notice_emails=True).exists()
    if wants_email:
        send_optional_email(
            recipient,
            template="notifications/email/notice",
            context={"text": notice.text, "link_url": settings.SITE_URL + (link or "/")},
        )
    return notice


def send_optional_email(user, *, template, context):
    """Queue an email the user chose (reminder, notice, digest): their first name and a one-click
    unsubscribe link in the context, and RFC 8058's headers (mail clients POST
    `List-Unsubscribe=One-Click` to the link)."""
    url = unsubscribe_url(user)
    return send_templated_email(
        to=[user.email],
        template=template,
        context={"first_name": user.get_short_name(), "unsubscribe_url": url, **context},
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def dashboard_notices(user):
    """The dashboard's notices panel: the newest few and how many are unread, in one query (the
    unread count is a window over all the user's notices, computed before the LIMIT). Not
    cached: one indexed query costs less than a cache round trip plus its invalidation."""
    unread_total = Window(Sum(Case(When(read_at__isnull=True, then=1), default=0)))
    notices = list(Notice.objects.for_user(user).annotate(unread_total=unread_total)[:DASHBOARD_NOTICES])
    return {"notices": notices, "unread_notices": notices[0].unread_total if notices else 0}


def mark_read(*, user, notice_id=None):
    """Mark one of the user's notices read, or all of them; returns how many changed."""
    with transaction.atomic():
        unread = Notice.objects.for_user(user).unread()
        if notice_id is not None:
            unread = unread.filter(pk=notice_id)
        return unread.update(read_at=timezone.now())


# --- what other apps call (one line each, in the admin where therapists act) --------------------


def therapist_name(therapist):
    return therapist.get_full_name() or "Your therapist"


def notify_goal_saved(*, goal, therapist, changed):
    """A therapist set or changed one of the patient's goals (the notice names no target)."""
    verb = "changed" if changed else "set"
    notify(
        recipient=goal.patient,
        kind=NoticeKind.GOAL,
        text=f"{therapist_name(therapist)} {verb} a goal for you. See it in your tracker.",
        link=reverse("tracker:home"),
    )


def notify_share_requested(*, relationship):
    """A therapist asked to look after the patient: sharing needs the patient's consent."""
    notify(
        recipient=relationship.client,
        kind=NoticeKind.SHARING,
        text=f"{therapist_name(relationship.therapist)} asked you to share your progress with them.",
        link=reverse("accounts:sharing"),
    )
