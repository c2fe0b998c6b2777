"""Assigning lessons (or a whole series) to clients: one transaction, one email per client."""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import User
from bonehealth.emails import send_templated_email
from education.models import Assignment
from notifications.models import NoticeKind
from notifications.notices import notify


def assign_content(*, therapist, clients, series, lesson=None, due_date=None, note=""):
    """Create one Assignment per client, all or none, and email each client once it commits.

    Every client must be one the therapist may see now (active care relationship and consent);
    one that is not rolls the whole batch back with PermissionDenied.
    """
    if lesson is not None and lesson.series_id != series.pk:
        raise ValueError("The lesson is not part of the series.")
    visible = User.objects.clients_of(therapist)
    created = []
    with transaction.atomic():
        for client in clients:
            # Checked row by row inside the transaction: a consent revoked a moment ago, or a
            # tampered id, stops the whole batch.
            if not visible.filter(pk=client.pk).exists():
                raise PermissionDenied("Not one of your clients.")
            created.append(
                Assignment.objects.create(
                    therapist=therapist,
                    client=client,
                    series=series,
                    lesson=lesson,
                    due_date=due_date,
                    note=note,
                )
            )
        transaction.on_commit(partial(send_assignment_emails, [a.pk for a in created]))
    return created


def send_assignment_emails(assignment_ids):
    """Tell each client what was assigned to them (after the assignments are committed): an
    in-app notice, and an email queued through bonehealth.emails (never sent on the request).

    The email names the therapist and the reading only: a therapist's note may hold health
    details, so it stays on the dashboard."""
    assignments = Assignment.objects.filter(pk__in=assignment_ids).select_related(
        "therapist", "client", "series", "lesson"
    )
    for assignment in assignments:
        what = assignment.lesson.title if assignment.lesson_id else assignment.series.title
        therapist_name = assignment.therapist.get_full_name() or "Your therapist"
        notify(
            recipient=assignment.client,
            kind=NoticeKind.ASSIGNMENT,
            text=f"{therapist_name} asked you to read: {what}",
            link=reverse("accounts:dashboard"),
        )
        send_templated_email(
            to=[assignment.client.email],
            template="education/assignment",
            context={
                "first_name": assignment.client.get_short_name(),
                "therapist_name": therapist_name,
                "what": what,
                "due_date": date_format(assignment.due_date, "j F Y") if assignment.due_date else "",
                "has_note": bool(assignment.note),
                "dashboard_url": settings.SITE_URL + reverse("accounts:dashboard"),
            },
        )
