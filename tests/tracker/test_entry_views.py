"""Correcting and removing one saved check-in, reached by its id."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import EntryFactory
from tracker.models import Entry

pytestmark = pytest.mark.django_db


def edit_url(entry):
    return reverse("tracker:entry", args=[entry.pk])


def delete_url(entry):
    return reverse("tracker:entry_delete", args=[entry.pk])


@pytest.fixture
def yesterdays(patient, today):
    return EntryFactory(patient=patient, day=today - datetime.timedelta(days=1), stress=7, note="tired")


def test_the_entry_page_shows_the_saved_answers_in_the_form(patient_client, yesterdays):
    html = patient_client.get(edit_url(yesterdays)).content.decode()
    assert "<h1>Change your check-in for yesterday (" in html
    assert 'value="7" id="id_stress_7" checked' in html
    assert 'type="hidden" name="day"' in html
    assert f'action="{edit_url(yesterdays)}"' in html


def test_correcting_an_entry_saves_and_returns_to_the_list_of_days(patient_client, yesterdays):
    data = {"day": "2000-01-01", "stress": "2", "sleep_hours": "8", "note": ""}
    response = patient_client.post(edit_url(yesterdays), data)
    assert response.status_code == 302 and response["Location"] == reverse("tracker:history")
    yesterdays.refresh_from_db()
    assert (yesterdays.stress, yesterdays.note, str(yesterdays.sleep_hours)) == (2, "", "8.00")
    assert Entry.objects.count() == 1  # the day of an entry never moves, whatever was posted


def test_a_bad_correction_keeps_the_old_answers_and_explains(patient_client, yesterdays):
    response = patient_client.post(edit_url(yesterdays), {"stress": "12", "sleep_hours": "-3"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Hours of sleep cannot be less than 0." in html and "Choose a stress level" in html
    assert 'name="sleep_hours" value="-3"' in html
    yesterdays.refresh_from_db()
    assert yesterdays.stress == 7


def test_htmx_correction_answers_with_a_client_redirect(patient_client, yesterdays, htmx_headers):
    response = patient_client.post(edit_url(yesterdays), {"stress": "1"}, **htmx_headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("tracker:history")
    yesterdays.refresh_from_db()
    assert yesterdays.stress == 1


def test_htmx_correction_errors_return_the_form_partial(patient_client, yesterdays, htmx_headers):
    response = patient_client.post(edit_url(yesterdays), {"stress": "11"}, **htmx_headers)
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html and 'class="error-summary"' in html
    yesterdays.refresh_from_db()
    assert yesterdays.stress == 7


def test_an_entry_older_than_the_window_is_shown_but_cannot_be_changed(patient_client, patient, today):
    old = EntryFactory(patient=patient, day=today - datetime.timedelta(days=61), stress=5)
    html = patient_client.get(edit_url(old)).content.decode()
    assert "can no longer be changed" in html and '<form method="post" action="/tracker/entries' not in html
    assert "5 out of 10" in html
    response = patient_client.post(edit_url(old), {"stress": "1"})
    assert response.status_code == 422
    assert "can no longer be changed" in response.content.decode()
    old.refresh_from_db()
    assert old.stress == 5


def test_another_patients_entry_is_not_found(patient_client, other_patient, today):
    theirs = EntryFactory(patient=other_patient, day=today, stress=4)
    assert patient_client.get(edit_url(theirs)).status_code == 404
    assert patient_client.post(edit_url(theirs), {"stress": "9"}).status_code == 404
    assert patient_client.get(delete_url(theirs)).status_code == 404
    assert patient_client.post(delete_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.stress == 4


def test_an_id_that_does_not_exist_is_not_found(patient_client):
    assert patient_client.get(reverse("tracker:entry", args=[999999])).status_code == 404


def test_the_entry_pages_refuse_other_methods(patient_client, yesterdays):
    assert patient_client.put(edit_url(yesterdays)).status_code == 405
    assert patient_client.delete(delete_url(yesterdays)).status_code == 405
    assert Entry.objects.filter(pk=yesterdays.pk).exists()


def test_removing_asks_first_then_deletes(patient_client, yesterdays):
    html = patient_client.get(delete_url(yesterdays)).content.decode()
    assert "<h1>Remove your check-in for yesterday (" in html and "tired" in html
    assert Entry.objects.filter(pk=yesterdays.pk).exists()
    response = patient_client.post(delete_url(yesterdays))
    assert response.status_code == 302 and response["Location"] == reverse("tracker:history")
    assert not Entry.objects.filter(pk=yesterdays.pk).exists()
    page = patient_client.get(response["Location"]).content.decode()
    assert "has been removed" in page


def test_removing_with_htmx_redirects_the_browser(patient_client, yesterdays, htmx_headers):
    response = patient_client.post(delete_url(yesterdays), **htmx_headers)
    assert response["HX-Redirect"] == reverse("tracker:history")
    assert not Entry.objects.exists()
