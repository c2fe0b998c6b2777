"""Notices made by therapists' actions: assignments, goals, care link requests."""

import pytest
from django.core import mail

from notifications.models import Notice, NoticeKind
from notifications.notices import notify, notify_goal_saved, notify_share_requested
from tests.factories import CareRelationshipFactory, GoalFactory, ReminderSettingsFactory

pytestmark = pytest.mark.django_db


def test_a_notice_without_an_email_unless_chosen(patient):
    notify(recipient=patient, kind=NoticeKind.ASSIGNMENT, text="Theo asked you to read: Lesson 1")
    assert Notice.objects.get().recipient == patient
    assert mail.outbox == []


def test_a_notice_email_when_chosen_with_unsubscribe_headers(patient):
    ReminderSettingsFactory(user=patient, checkin_reminder=False, notice_emails=True)
    notify(recipient=patient, kind=NoticeKind.ASSIGNMENT, text="Theo asked you to read: Lesson 1", link="/x/")
    (message,) = mail.outbox
    assert "Theo asked you to read: Lesson 1" in message.body
    assert "http://testserver/x/" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/notifications/unsubscribe/"
    )


def test_a_goal_notice_names_no_target(patient, therapist):
    goal = GoalFactory(patient=patient)
    notify_goal_saved(goal=goal, therapist=therapist, changed=True)
    text = Notice.objects.get().text
    assert text == "Theo Therapist changed a goal for you. See it in your tracker."
    assert str(goal.target_max) not in text


def test_a_care_link_request_asks_the_patient_to_share(patient, therapist):
    notify_share_requested(relationship=CareRelationshipFactory(therapist=therapist, client=patient))
    notice = Notice.objects.get(recipient=patient)
    assert notice.kind == NoticeKind.SHARING
    assert notice.link == "/accounts/sharing/"


def test_assigning_a_lesson_leaves_a_notice(patient, therapist, django_capture_on_commit_callbacks):
    from accounts.models import SHARING_WORDING_VERSION, SharingConsent
    from education.assigning import assign_content
    from tests.factories import LessonFactory

    CareRelationshipFactory(therapist=therapist, client=patient)
    SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )
    lesson = LessonFactory(title="Sleep and bone")
    with django_capture_on_commit_callbacks(execute=True):
        assign_content(therapist=therapist, clients=[patient], series=lesson.series, lesson=lesson)
    assert Notice.objects.get(recipient=patient).text == "Theo Therapist asked you to read: Sleep and bone"
    assert [m.to for m in mail.outbox] == [[patient.email]]
