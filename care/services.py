"""The workspace's writes that touch more than one row or another app's records."""

from django.db import transaction

from tracker.models import Goal


def set_goal(*, therapist, client, factor, target_min, target_max, note=""):
    """Set (or replace) the client's goal for one factor, as agreed with `therapist`, who must
    already have fetched `client` through scoping (care.access.get_client_for_therapist)."""
    with transaction.atomic():
        goal, _ = Goal.objects.update_or_create(
            patient=client,
            factor=factor,
            defaults={"target_min": target_min, "target_max": target_max, "note": note, "set_by": therapist},
        )
    return goal
