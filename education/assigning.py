"""Assigning lessons (or a whole series) to clients: one transaction, one email per client."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from education.models import Assignment


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
    """Tell each client what was assigned to them (after the assignments are committed)."""
    assignments = Assignment.objects.filter(pk__in=assignment_ids).select_related(
        "therapist", "client", "series", "lesson"
    )
    for assignment in assignments:
        context = {
            "assignment": assignment,
            "what": assignment.lesson.title if assignment.lesson_id else assignment.series.title,
            "dashboard_path": reverse("accounts:dashboard"),
        }
        send_mail(
            subject=f"New reading from {assignment.therapist.get_full_name() or 'your therapist'}",
            message=render_to_string("education/assignment_email.txt", context),
            from_email=None,
            recipient_list=[assignment.client.email],
        )
