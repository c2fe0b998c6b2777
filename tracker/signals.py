"""Every write to a patient's check-ins or goals makes their cached tracker HTML stale
(bonehealth.fragments), whichever path made it: the check-in form, correcting or removing a day,
a therapist's goal in the admin, account erasure (accounts.privacy deletes the rows one
queryset at a time, which still sends these signals). Writes that bypass signals
(bulk_create, QuerySet.update) must call bonehealth.fragments.forget_patient_on_commit themselves, as
tracker.services.seed_demo_entries does."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from bonehealth.fragments import forget_patient_on_commit
from tracker.models import Entry, Goal


@receiver(post_save, sender=Entry, dispatch_uid="tracker_entry_saved")
@receiver(post_delete, sender=Entry, dispatch_uid="tracker_entry_deleted")
@receiver(post_save, sender=Goal, dispatch_uid="tracker_goal_saved")
@receiver(post_delete, sender=Goal, dispatch_uid="tracker_goal_deleted")
def tracker_row_changed(sender, instance, **kwargs):
    forget_patient_on_commit(instance.patient_id)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="tracker_user_deleted")
def user_deleted(sender, instance, **kwargs):
    """An erased account's cached tracker HTML goes with it, not an hour later."""
    forget_patient_on_commit(instance.pk)
