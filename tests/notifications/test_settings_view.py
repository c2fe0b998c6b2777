import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from notifications.models import ReminderSettings

pytestmark = pytest.mark.django_db
URL = "/notifications/reminders/"

VALID = {
    "checkin_reminder": "on",
    "lesson_reminder_days": "3",
    "reminder_time": "19:30",
    "time_zone": "America/New_York",
    "quiet_start": "21:00",
    "quiet_end": "08:00",
}


def test_url():
    assert reverse("notifications:settings") == URL


def test_everything_is_off_until_turned_on(patient_client):
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert 'name="checkin_reminder"' in response.text
    assert "checked" not in response.text.split('name="checkin_reminder"')[1].split(">")[0]
    assert not ReminderSettings.objects.exists()


def test_turning_the_check_in_reminder_on(patient_client, patient):
    response = patient_client.post(URL, VALID)
    assert response.status_code == 302
    prefs = ReminderSettings.objects.get(user=patient)
    assert prefs.checkin_reminder and not prefs.notice_emails
    assert (prefs.reminder_time, prefs.time_zone) == (datetime.time(19, 30), "America/New_York")


def test_my_details_links_to_the_reminders(patient_client):
    assert URL in patient_client.get(reverse("accounts:profile")).text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reminder_time", "7pm", "hours and minutes on the 24-hour clock"),
        ("reminder_time", "25:00", "hours and minutes on the 24-hour clock"),
        ("time_zone", "Mars/Olympus_Mons", "We do not know this time zone"),
        ("time_zone", "../../etc/passwd", "We do not know this time zone"),
        ("reminder_time", "22:00", "inside your quiet hours"),
        ("lesson_reminder_days", "99", "from 1 to 30"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_nothing_is_stored(
    patient_client, field, value, message
):
    response = patient_client.post(URL, {**VALID, field: value})
    assert response.status_code == 422
    assert message in response.text
    assert (
        f'id="error_1_id_{field}"' in response.text
        or f"id_{field}_error" in response.text
        or ("There is a problem" in response.text)
    )
    assert f'value="{value}"' in response.text  # kept for correcting
    assert not ReminderSettings.objects.exists()


def test_a_therapist_gets_the_digest_choice(client, therapist):
    client.force_login(therapist)
    response = client.post(URL, {"weekly_digest": "on"})
    assert response.status_code == 302
    assert ReminderSettings.objects.get(user=therapist).weekly_digest


def test_one_patient_saving_leaves_another_alone(patient_client, patient, other_patient):
    from tests.factories import ReminderSettingsFactory

    theirs = ReminderSettingsFactory(user=other_patient, time_zone="Europe/Paris")
    patient_client.post(URL, {**VALID, "user": other_patient.pk})
    theirs.refresh_from_db()
    assert theirs.time_zone == "Europe/Paris"
    assert ReminderSettings.objects.get(user=patient).time_zone == "America/New_York"


def test_anonymous_visitors_log_in_first(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_other_methods_are_refused(patient_client):
    assert patient_client.put(URL).status_code == 405


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reminder_time=st.text(max_size=12),
    time_zone=st.one_of(
        st.text(max_size=70), st.sampled_from(["UTC", "Europe/London", "europe/london", " "])
    ),
    days=st.text(max_size=5),
)
def test_any_input_gives_a_page_never_an_error(patient_client, reminder_time, time_zone, days):
    ReminderSettings.objects.all().delete()
    data = {**VALID, "reminder_time": reminder_time, "time_zone": time_zone, "lesson_reminder_days": days}
    response = patient_client.post(URL, data)
    assert response.status_code in (302, 422)
    assert ReminderSettings.objects.exists() == (response.status_code == 302)
