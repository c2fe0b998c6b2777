"""The therapist's client list: the "last active" column."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from education.models import LessonProgress
from tests.admin.conftest import make_client_of
from tests.factories import LessonFactory
from tracker.models import Entry

CHANGELIST = reverse("admin:accounts_client_changelist")


def last_active_by_client(response):
    return {client.pk: client.last_active_at for client in response.context["cl"].result_list}


def test_last_active_is_the_latest_of_several_check_ins(therapist_admin, my_client):
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    for days_ago in (3, 2, 1, 0):
        entry = Entry.objects.create(patient=my_client, day=today - timedelta(days=days_ago), stress=3)
        # `updated` is auto_now: set it afterwards, later for later days.
        Entry.objects.filter(pk=entry.pk).update(updated=now - timedelta(hours=days_ago))

    response = therapist_admin.get(CHANGELIST)

    assert last_active_by_client(response)[my_client.pk] == now


def test_last_active_is_the_latest_of_several_lessons_read(therapist, therapist_admin):
    client = make_client_of(therapist)
    now = timezone.now().replace(microsecond=0)
    for days_ago in (5, 1, 3):
        progress = LessonProgress.objects.create(user=client, lesson=LessonFactory(), sections_reached=1)
        LessonProgress.objects.filter(pk=progress.pk).update(updated_at=now - timedelta(days=days_ago))

    response = therapist_admin.get(CHANGELIST)

    assert last_active_by_client(response)[client.pk] == now - timedelta(days=1)
