"""The check-in view: the full page without JavaScript and the dashboard's htmx panel."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EntryFactory
from tracker.models import Entry

pytestmark = pytest.mark.django_db

URL = reverse("tracker:checkin")


def answers(on, **extra):
    data = {
        "day": on.isoformat(),
        "sleep_hours": "7.5",
        "sleep_quality": "4",
        "stress": "3",
        "training_minutes": "20",
        "training_kinds": ["weights"],
        "fish_servings": "1",
        "supplement_mg": "500",
        "note": "Good day",
    }
    data.update(extra)
    return data


def test_the_page_shows_an_empty_form_for_today(patient_client, today):
    response = patient_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Check-in for today (" in html
    assert f'value="{today.isoformat()}"' in html
    assert "0 – no stress" in html and "10 – worst stress" in html
    assert '<legend class="form-label">How stressed did you feel?</legend>' in html
    assert 'action="/tracker/check-in/"' in html and "hx-post" not in html


def test_saving_stores_the_answers_and_redirects_to_the_tracker(patient_client, patient, today):
    response = patient_client.post(URL, answers(today))
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:home")
    entry = Entry.objects.get(patient=patient)
    assert (entry.day, entry.sleep_hours, entry.stress, entry.training_minutes) == (
        today,
        Decimal("7.5"),
        3,
        20,
    )
    assert entry.kind_weights and not entry.kind_bands
    assert (entry.fish_servings, entry.supplement_mg, entry.note) == (1, 500, "Good day")
    page = patient_client.get(response["Location"]).content.decode()
    assert "Your check-in for today (" in page and "is saved." in page


def test_saving_the_same_day_again_updates_it(patient_client, patient, today):
    patient_client.post(URL, answers(today))
    patient_client.post(URL, answers(today, stress="8", note=""))
    entry = Entry.objects.get(patient=patient)
    assert (entry.stress, entry.note) == (8, "")


def test_yesterday_can_be_corrected(patient_client, patient, today):
    yesterday = today - datetime.timedelta(days=1)
    EntryFactory(patient=patient, day=yesterday, stress=9)
    page = patient_client.get(URL, {"day": yesterday.isoformat()}).content.decode()
    assert "Check-in for yesterday (" in page
    assert "You have already checked in for this day." in page
    assert 'value="9" id="id_stress_9" checked' in page
    patient_client.post(URL, answers(yesterday, stress="5"))
    assert Entry.objects.get(patient=patient, day=yesterday).stress == 5


def test_a_new_day_is_prefilled_with_yesterdays_supplement_only(patient_client, patient, today):
    EntryFactory(patient=patient, day=today - datetime.timedelta(days=1), supplement_mg=750, stress=6)
    html = patient_client.get(URL).content.decode()
    assert 'name="supplement_mg" value="750"' in html
    assert "checked" not in html


def test_a_safe_next_address_is_followed_and_another_site_is_not(patient_client, today):
    response = patient_client.post(URL, answers(today, next="/accounts/dashboard/"))
    assert response["Location"] == "/accounts/dashboard/"
    response = patient_client.post(URL, answers(today, next="https://evil.example/"))
    assert response["Location"] == reverse("tracker:home")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sleep_hours", "-2", "Hours of sleep cannot be less than 0."),
        ("sleep_hours", "25", "Hours of sleep cannot be more than 24."),
        ("sleep_hours", "lots", "Enter hours of sleep as a number, for example 7 or 7.5."),
        ("stress", "11", "Choose a stress level from 0 (no stress) to 10 (worst stress)."),
        ("supplement_mg", "100000", "That is more than 5,000 mg (5 g) in a day."),
        ("day", "2099-01-01", "The date cannot be in the future."),
        ("day", "2000-01-01", "You can fill in or change the last 60 days only."),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_in_the_summary(
    patient_client, today, field, value, message
):
    response = patient_client.post(URL, answers(today, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 422
    assert not Entry.objects.exists()
    assert '<div class="error-summary"' in html and "There is a problem" in html
    assert html.count(message) == 2  # in the summary and beside the field
    anchor = "id_stress_0" if field == "stress" else f"id_{field}"
    assert f'<a href="#{anchor}">{message}' in html
    assert "<title>Error: " in html


def test_entered_values_are_kept_after_an_error(patient_client, today):
    html = patient_client.post(URL, answers(today, sleep_hours="25", note="Keep me")).content.decode()
    assert 'name="sleep_hours" value="25"' in html
    assert 'name="supplement_mg" value="500"' in html
    assert "\nKeep me</textarea>" in html
    assert 'value="3" id="id_stress_3" checked' in html
    assert 'value="weights" id="id_training_kinds_0" checked' in html


def test_an_empty_check_in_is_refused(patient_client, today):
    response = patient_client.post(URL, {"day": today.isoformat()})
    assert response.status_code == 422
    assert "Fill in at least one answer before saving." in response.content.decode()
    assert not Entry.objects.exists()


def test_a_day_outside_the_window_in_the_address_falls_back_to_today(patient_client, today):
    response = patient_client.get(URL, {"day": "1999-01-01"}, follow=True)
    html = response.content.decode()
    assert "Check-in for today (" in html
    assert "You can fill in today or the last 60 days only" in html
    assert patient_client.get(URL, {"day": "not-a-date"}).status_code == 200


def test_the_htmx_panel_saves_in_place_and_moves_focus_to_the_confirmation(
    patient_client, patient, today, htmx_headers
):
    data = answers(today, next="/accounts/dashboard/")
    response = patient_client.post(URL, data, **htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert Entry.objects.get(patient=patient).stress == 3
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="checkin-panel"')
    assert '<div class="checkin-done" role="status" data-autofocus>' in html
    assert "Thank you. Your check-in for today (" in html
    assert "7.5 hours, quality 4 out of 5 (good)" in html
    assert 'id="tracker-week" class="tracker-week" hx-swap-oob="true"' in html
    assert "Check-ins: 1 of 7 days" in html
    assert "next=/accounts/dashboard/" in html


def test_htmx_errors_come_back_in_the_panel_with_status_200(patient_client, today, htmx_headers):
    response = patient_client.post(URL, answers(today, stress="11"), **htmx_headers)
    html = response.content.decode()
    assert response.status_code == 422  # swapped by htmx (base.html htmx-config responseHandling)
    assert not Entry.objects.exists()
    assert html.lstrip().startswith('<div id="checkin-panel"')
    summary = 'class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"'
    assert f"{summary} data-autofocus" in html
    assert html.count("Choose a stress level from 0 (no stress) to 10 (worst stress).") == 2
    assert 'name="day" value="' in html and 'type="hidden" name="day"' in html


def test_htmx_error_on_the_hidden_date_shows_the_date_field(patient_client, today, htmx_headers):
    html = patient_client.post(URL, answers(today, day="2099-01-01"), **htmx_headers).content.decode()
    assert 'type="date" name="day" value="2099-01-01"' in html
    assert "The date cannot be in the future." in html


def test_htmx_change_link_brings_back_the_filled_in_form(patient_client, patient, today, htmx_headers):
    EntryFactory(patient=patient, day=today, stress=6)
    response = patient_client.get(URL, {"day": today.isoformat()}, **htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="checkin-panel"')
    assert 'value="6" id="id_stress_6" checked' in html
    assert 'class="checkin-intro" data-autofocus' in html
    assert 'hx-post="/tracker/check-in/"' in html and 'action="/tracker/check-in/"' in html


def test_other_methods_are_not_allowed(patient_client):
    assert patient_client.put(URL).status_code == 405
    assert patient_client.delete(URL).status_code == 405


def test_login_is_required_and_staff_are_sent_to_the_admin(client, therapist, today):
    response = client.post(URL, answers(today))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(therapist)
    assert client.get(URL)["Location"] == reverse("admin:index")
    assert not Entry.objects.exists()


def test_the_check_in_only_ever_writes_the_requesting_patients_own_row(
    patient_client, patient, other_patient, today
):
    theirs = EntryFactory(patient=other_patient, day=today, stress=1)
    patient_client.post(URL, answers(today, stress="9", patient=str(other_patient.pk), id=str(theirs.pk)))
    theirs.refresh_from_db()
    assert theirs.stress == 1
    assert Entry.objects.get(patient=patient).stress == 9


def test_a_post_without_the_csrf_token_is_refused(patient, today):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    assert client.post(URL, answers(today)).status_code == 403
    assert not Entry.objects.exists()


def test_health_answers_never_reach_the_logs(patient_client, today, caplog):
    caplog.set_level(logging.DEBUG)
    patient_client.post(URL, answers(today, stress="11", note="private note about my knee"))
    patient_client.post(URL, answers(today, note="private note about my knee"), HTTP_HX_REQUEST="true")
    assert Entry.objects.get().note == "private note about my knee"
    assert "private note" not in caplog.text and "knee" not in caplog.text
