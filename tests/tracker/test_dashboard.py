"""The tracker's panel on the patient dashboard."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bonehealth import fragments
from tests.factories import EntryFactory
from tracker.dashboard import checkin_panel

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard")


def panel(user):
    """The tracker panel rendered alone, as the dashboard includes it."""
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    context = checkin_panel(user, timezone.localdate(), next_url=DASHBOARD)
    return render_to_string("tracker/_dashboard_panel.html", context, request=request)


def test_the_dashboard_includes_the_check_in_panel(patient_client):
    html = patient_client.get(DASHBOARD).content.decode()
    assert '<h2 id="tracker-panel-title">Today\'s check-in</h2>' in html
    assert '<div id="checkin-panel" class="checkin-panel" hx-history="false">' in html
    assert 'method="post" action="/tracker/check-in/"' in html
    assert 'hx-post="/tracker/check-in/" hx-target="#checkin-panel" hx-swap="outerHTML"' in html
    assert '<input type="hidden" name="next" value="/accounts/dashboard/">' in html


def test_a_new_day_shows_the_form_with_yesterdays_supplement(patient, today):
    EntryFactory(patient=patient, day=today - datetime.timedelta(days=1), supplement_mg=1000, stress=7)
    html = panel(patient)
    assert f'type="hidden" name="day" value="{today.isoformat()}"' in html
    assert 'name="supplement_mg" value="1000"' in html
    assert "checked" not in html  # stress and sleep quality start empty


def test_once_checked_in_the_panel_shows_the_answers_and_a_change_link(patient, today):
    EntryFactory(patient=patient, day=today, stress=5, training_minutes=25, kind_bands=True)
    html = panel(patient)
    assert "You have checked in for today (" in html
    assert "5 out of 10" in html and "25 minutes (weights, bands)" in html
    assert "<form" not in html
    change = f"/tracker/check-in/?day={today.isoformat()}&amp;next=/accounts/dashboard/"
    assert f'href="{change}"' in html and f'hx-get="{change}"' in html
    assert "data-autofocus" not in html  # focus moves only after the patient saves


def test_the_week_summary_counts_the_last_7_days(patient, today, entries_factory):
    entries_factory(patient, 10, start=today, stress=4, supplement_mg=300, fish_servings=0)
    html = panel(patient)
    assert "Check-ins: 7 of 7 days" in html
    assert "Stress: 4.0 out of 10 on average" in html
    assert "Omega-3: about 300 mg of EPA and DHA a day over the 7 days (estimated)" in html


def test_the_panel_shows_only_the_patients_own_data(patient, other_patient, today):
    EntryFactory(patient=other_patient, day=today)
    html = panel(patient)
    assert "No check-ins in the last 7 days yet." in html and "<form" in html


@pytest.mark.parametrize("days", [0, 730])
def test_the_panel_takes_three_queries_whatever_the_history(
    patient, entries_factory, django_assert_num_queries, days
):
    entries_factory(patient, days)
    with django_assert_num_queries(3):  # today and yesterday; the 7-day aggregate; the goals
        checkin_panel(patient, timezone.localdate(), next_url=DASHBOARD)


def test_the_dashboard_page_takes_the_same_queries_with_two_years_of_entries(
    patient_client, patient, entries_factory, django_assert_num_queries
):
    # Both requests with an empty cache (the panels cache their parts), so both count every query.
    with CaptureQueriesContext(connection) as empty:
        assert patient_client.get(DASHBOARD).status_code == 200
    entries_factory(patient, 730)
    cache.clear()
    with django_assert_num_queries(len(empty.captured_queries)):
        html = patient_client.get(DASHBOARD).content.decode()
    assert "Check-ins: 6 of 7 days" in html


def test_the_cached_panel_takes_its_queries_off_and_follows_each_check_in(
    patient_client, patient, today, django_assert_num_queries
):
    """The week summary and the check-in panel are cached (bonehealth.fragments); saving or
    removing a check-in makes them stale at once, so the dashboard never shows an old count."""
    patient_client.get(DASHBOARD)  # every panel's cache warm
    fragments.forget_patient(patient.pk)
    with CaptureQueriesContext(connection) as first:
        html = patient_client.get(DASHBOARD).content.decode()
    assert "No check-ins in the last 7 days yet." in html
    assert "Save check-in" in html
    # Neither the 7-day aggregate nor today's and yesterday's check-ins nor the goals.
    with django_assert_num_queries(len(first.captured_queries) - 3):
        patient_client.get(DASHBOARD)
    response = patient_client.post(reverse("tracker:checkin"), {"day": today.isoformat(), "stress": "3"})
    assert response.status_code == 302
    html = patient_client.get(DASHBOARD).content.decode()
    assert "Check-ins: 1 of 7 days" in html
    assert "You have checked in for" in html and "Save check-in" not in html
    entry = patient.tracker_entries.get()
    assert patient_client.post(reverse("tracker:entry_delete", args=[entry.pk])).status_code == 302
    html = patient_client.get(DASHBOARD).content.decode()
    assert "No check-ins in the last 7 days yet." in html
    assert "Save check-in" in html


def test_the_check_in_form_carries_this_requests_csrf_token(patient, today):
    """The tracker part is cached as data only: the form is rendered on every request with
    that request's token, which the check-in accepts (the test client enforces CSRF here)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    client.get(DASHBOARD)  # cached now
    html = client.get(DASHBOARD).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert len(token) == 64
    cached = fragments.cache.get(fragments._fragment_key(patient.pk, "dashboard"))
    assert set(cached["value"]) == {"entry", "yesterday", "week", "goals"}
    response = client.post(
        reverse("tracker:checkin"), {"day": today.isoformat(), "stress": "2", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert patient.tracker_entries.filter(day=today, stress=2).exists()
