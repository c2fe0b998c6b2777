import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications.digests import notify_reviews_due, send_weekly_digests
from notifications.models import Notice, NoticeKind
from tests.factories import (
    CareRelationshipFactory,
    EntryFactory,
    LessonFactory,
    PatientFactory,
    ReminderSettingsFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_therapist(therapist):
    from accounts.models import SHARING_WORDING_VERSION, SharingConsent

    for name in ("Maya Quiet", "Noor Away"):
        client = PatientFactory(full_name=name)
        CareRelationshipFactory(therapist=therapist, client=client)
        SharingConsent.objects.create(
            patient=client, therapist=therapist, wording_version=SHARING_WORDING_VERSION
        )
        EntryFactory(
            patient=client, day=timezone.localdate() - datetime.timedelta(days=20), stress=9, note="hip pain"
        )
    ReminderSettingsFactory(user=therapist, checkin_reminder=False, weekly_digest=True)
    return therapist


def test_the_digest_gives_counts_and_first_names_only(digest_therapist):
    assert send_weekly_digests() == 1
    (message,) = mail.outbox
    assert message.to == [digest_therapist.email]
    assert "2 clients may need attention" in message.subject
    assert "Maya, Noor" in message.body
    for text in (message.body, message.alternatives[0][0]):
        assert "Quiet" not in text and "Away" not in text  # surnames
        assert "hip pain" not in text and "stress" not in text.lower()
    assert "http://testserver/admin/care/" in message.body  # the caseload home
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_digest_is_sent_once_a_day_however_often_it_runs(digest_therapist):
    send_weekly_digests()
    assert send_weekly_digests() == 0
    assert len(mail.outbox) == 1


def test_no_digest_without_asking(therapist):
    ReminderSettingsFactory(user=therapist, weekly_digest=False)
    assert send_weekly_digests() == 0


def test_editors_get_a_notice_when_a_review_is_near_or_past(editor):
    today = timezone.localdate()
    LessonFactory(next_review_due=today + datetime.timedelta(days=10))
    LessonFactory(next_review_due=today - datetime.timedelta(days=1))
    LessonFactory(next_review_due=today + datetime.timedelta(days=90))
    assert notify_reviews_due() == 1
    notice = Notice.objects.get(recipient=editor)
    assert notice.kind == NoticeKind.REVIEW_DUE
    assert notice.text.startswith("2 lesson(s) need a clinical review soon (1 past")
    assert notify_reviews_due() == 0  # once for the day it runs (weekly, notifications.schedule)
    assert Notice.objects.count() == 1


def test_no_review_notice_when_nothing_is_due(editor):
    LessonFactory(next_review_due=timezone.localdate() + datetime.timedelta(days=60))
    assert notify_reviews_due() == 0
    assert not Notice.objects.exists()
