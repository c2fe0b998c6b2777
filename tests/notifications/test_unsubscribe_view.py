import pytest
from django.test import Client
from django.urls import reverse

from notifications.links import unsubscribe_token
from notifications.models import ReminderSettings
from tests.factories import ReminderSettingsFactory

pytestmark = pytest.mark.django_db


def url_for(user):
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def test_the_link_asks_before_stopping(client, patient):
    ReminderSettingsFactory(user=patient, checkin_reminder=True)
    response = client.get(url_for(patient))
    assert response.status_code == 200
    assert "Stop these emails" in response.text
    assert ReminderSettings.objects.get().checkin_reminder


def test_one_click_post_from_a_mail_client_turns_every_email_off():
    from tests.factories import PatientFactory

    patient = PatientFactory()
    ReminderSettingsFactory(
        user=patient,
        checkin_reminder=True,
        assignment_reminders=True,
        lesson_reminders=True,
        notice_emails=True,
        weekly_digest=True,
    )
    # RFC 8058: the mail client POSTs without a CSRF token.
    response = Client(enforce_csrf_checks=True).post(url_for(patient), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Emails stopped" in response.text
    prefs = ReminderSettings.objects.get()
    assert not any(
        [
            prefs.checkin_reminder,
            prefs.assignment_reminders,
            prefs.lesson_reminders,
            prefs.notice_emails,
            prefs.weekly_digest,
        ]
    )


def test_only_the_links_user_is_unsubscribed(client, patient, other_patient):
    ReminderSettingsFactory(user=patient)
    ReminderSettingsFactory(user=other_patient)
    client.post(url_for(patient))
    assert list(ReminderSettings.objects.filter(checkin_reminder=True).values_list("user", flat=True)) == [
        other_patient.pk
    ]


def test_a_tampered_link_changes_nothing(client, patient):
    ReminderSettingsFactory(user=patient)
    token = unsubscribe_token(patient)
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "cannot be used" in response.text
    assert ReminderSettings.objects.get().checkin_reminder


def test_other_methods_are_refused(client, patient):
    assert client.put(url_for(patient)).status_code == 405
