"""A patient's reminder settings, sent-log, used links and notices: in the export, gone on erasure."""

import pytest

from accounts import privacy
from notifications.models import Notice, OneTapUse, ReminderSettings, SentReminder
from tests.factories import NoticeFactory, OneTapUseFactory, ReminderSettingsFactory, SentReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient_with_notifications(patient, other_patient):
    ReminderSettingsFactory(user=patient, time_zone="Asia/Tokyo")
    SentReminderFactory(recipient=patient)
    OneTapUseFactory(patient=patient, key="secret-key-of-a-link")
    NoticeFactory(recipient=patient, text="Theo asked you to read: Lesson 1")
    NoticeFactory(recipient=other_patient)
    return patient


def test_the_export_has_them_without_link_keys(patient_with_notifications):
    export = privacy.export_user_data(patient_with_notifications)
    assert export["reminder_settings"][0]["time_zone"] == "Asia/Tokyo"
    assert export["reminders_sent"][0]["kind"] == "checkin"
    assert export["notices"][0]["text"] == "Theo asked you to read: Lesson 1"
    assert len(export["one_tap_links_used"]) == 1
    assert "secret-key-of-a-link" not in repr(export)


def test_erasure_removes_them_and_leaves_others_alone(patient_with_notifications, other_patient):
    privacy.erase_user(patient_with_notifications)
    assert not ReminderSettings.objects.exists()
    assert not SentReminder.objects.exists()
    assert not OneTapUse.objects.exists()
    assert list(Notice.objects.values_list("recipient", flat=True)) == [other_patient.pk]
