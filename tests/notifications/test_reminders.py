"""Patients' reminder emails: when they go, once a day, and what they say (never a health value)."""

import datetime
from decimal import Decimal

from django.core import mail

from notifications.models import ReminderKind, SentReminder
from notifications.reminders import in_quiet_hours, send_due_reminders
from tests.factories import EntryFactory, LessonFactory, LessonProgressFactory, ReminderSettingsFactory
from tests.notifications.conftest import at


def test_a_reminder_goes_at_the_chosen_local_time_not_before(reminders_on):
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 18, 55)) == 0
    assert mail.outbox == []
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 19, 0)) == 1
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "check-in" in message.subject


def test_the_same_run_twice_sends_one_email(reminders_on):
    now = at("Europe/London", 2026, 3, 10, 19, 5)
    assert send_due_reminders(now=now) == 1
    assert send_due_reminders(now=now) == 0
    assert send_due_reminders(now=now + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    assert list(SentReminder.objects.values_list("kind", "local_date")) == [
        (ReminderKind.CHECKIN, datetime.date(2026, 3, 10))
    ]


def test_the_next_day_gets_its_own_reminder(reminders_on):
    send_due_reminders(now=at("Europe/London", 2026, 3, 10, 19, 5))
    send_due_reminders(now=at("Europe/London", 2026, 3, 11, 19, 5))
    assert len(mail.outbox) == 2


def test_the_patients_own_time_zone_decides(patient):
    ReminderSettingsFactory(
        user=patient,
        reminder_time=datetime.time(8, 0),
        quiet_start=datetime.time(22, 0),
        quiet_end=datetime.time(7, 0),
        time_zone="America/New_York",
    )
    # 08:00 in London is 03:00 in New York: too early there.
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 8, 0)) == 0
    assert send_due_reminders(now=at("America/New_York", 2026, 3, 10, 8, 0)) == 1
    # The sent-log holds the patient's local date: 03:00 UTC on the 11th is still the 10th in New York.
    assert send_due_reminders(now=datetime.datetime(2026, 3, 11, 3, 0, tzinfo=datetime.UTC)) == 0
    assert SentReminder.objects.get().local_date == datetime.date(2026, 3, 10)


def test_quiet_hours_hold_a_reminder_back(patient):
    # Quiet from 21:00 to 08:00; a reminder set at 06:00 would fall inside them, so it waits.
    prefs = ReminderSettingsFactory(user=patient, reminder_time=datetime.time(7, 0))
    prefs.quiet_start, prefs.quiet_end = datetime.time(6, 0), datetime.time(9, 0)
    prefs.save()
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 7, 30)) == 0
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 9, 0)) == 1


def test_quiet_hours_across_midnight():
    start, end = datetime.time(21, 0), datetime.time(8, 0)
    assert in_quiet_hours(datetime.time(23, 0), start, end)
    assert in_quiet_hours(datetime.time(7, 59), start, end)
    assert not in_quiet_hours(datetime.time(8, 0), start, end)
    assert not in_quiet_hours(datetime.time(20, 59), start, end)
    assert not in_quiet_hours(datetime.time(3, 0), datetime.time(9, 0), datetime.time(9, 0))


def test_no_reminder_for_a_day_already_checked_in(reminders_on, patient):
    EntryFactory(patient=patient, day=datetime.date(2026, 3, 10))
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 19, 30)) == 0
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_reminders_are_off_unless_turned_on(patient):
    ReminderSettingsFactory(user=patient, checkin_reminder=False)
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 20, 0)) == 0
    assert mail.outbox == []


def test_a_lesson_started_and_not_finished_after_n_days(patient):
    ReminderSettingsFactory(
        user=patient, checkin_reminder=False, lesson_reminders=True, lesson_reminder_days=3
    )
    lesson = LessonFactory(title="Inflammation basics")
    progress = LessonProgressFactory(user=patient, lesson=lesson)
    type(progress).objects.filter(pk=progress.pk).update(
        started_at=datetime.datetime(2026, 3, 8, 12, 0, tzinfo=datetime.UTC)
    )
    # Two days after starting: not yet; three days: reminded.
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 19, 30)) == 0
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 11, 19, 30)) == 1
    assert "Inflammation basics" in mail.outbox[0].body
    assert SentReminder.objects.get().kind == ReminderKind.LESSON


def test_one_email_a_day_holds_every_kind_due(patient):
    from education.models import Assignment
    from tests.factories import TherapistFactory

    prefs = ReminderSettingsFactory(user=patient, assignment_reminders=True)
    lesson = LessonFactory(title="Omega-3 and bone")
    today = datetime.date(2026, 3, 10)
    Assignment.objects.create(
        therapist=TherapistFactory(),
        client=patient,
        series=lesson.series,
        lesson=lesson,
        due_date=today + datetime.timedelta(days=1),
    )
    assert prefs.checkin_reminder
    assert send_due_reminders(now=at("Europe/London", 2026, 3, 10, 19, 30)) == 1
    (message,) = mail.outbox
    assert "Due tomorrow: Omega-3 and bone" in message.body
    assert set(SentReminder.objects.values_list("kind", flat=True)) == {
        ReminderKind.CHECKIN,
        ReminderKind.ASSIGNMENT_DUE,
    }


def test_the_email_has_text_and_html_parts_unsubscribe_headers_and_no_health_value(reminders_on, patient):
    # Yesterday's check-in holds values that must not appear anywhere in the email.
    EntryFactory(
        patient=patient,
        day=datetime.date(2026, 3, 9),
        sleep_hours=Decimal("5.25"),
        stress=9,
        note="knee pain after the walk",
        supplement_mg=1234,
    )
    send_due_reminders(now=at("Europe/London", 2026, 3, 10, 19, 30))
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    for text in (message.subject, message.body, html):
        for value in ("5.25", "knee pain", "1234", "stress: 9", "Stress: 9"):
            assert value not in text
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/notifications/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.body
    assert "How did you sleep?" in message.body and "/notifications/check-in/" in html
