"""The tracker page's HTML cached per patient (bonehealth.fragments): served again only for the
same patient, range and day, and never after a change to the patient's check-ins or goals,
whichever path made it. Each invalidation test first caches the page, then writes, then
checks the page shows the write: it fails if that path stopped making the cache stale."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SHARING_WORDING_VERSION, SharingConsent
from accounts.privacy import erase_user
from bonehealth import fragments
from bonehealth.fragments import patient_fragment
from tests.conftest import otp_login
from tests.factories import CareRelationshipFactory, EntryFactory, GoalFactory, UserFactory
from tracker.factors import Factor
from tracker.models import Entry, Goal
from tracker.services import save_checkin, seed_demo_entries

pytestmark = pytest.mark.django_db

URL = reverse("tracker:home")
NIGHT = "You recorded your sleep on 1 night in the last 30 days."


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def main(html):
    """The page's main content (the page around it carries a fresh CSP nonce and CSRF token)."""
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def yesterday(today):
    return today - datetime.timedelta(days=1)


@pytest.fixture
def cached_empty_page(patient_client):
    """The patient's page, cached while they have no check-in."""
    html = page(patient_client)
    assert "No hours of sleep recorded in the last 30 days." in html
    assert cache.get(fragments._fragment_key(patient_client.session["_auth_user_id"], "home-30")) is not None
    return html


@pytest.fixture
def therapist_admin(therapist, patient):
    CareRelationshipFactory(therapist=therapist, client=patient)
    SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )
    admin = Client()
    otp_login(admin, therapist)
    return admin


# --- what is served from the cache ----------------------------------------------------------------


def test_a_second_view_is_served_from_the_cache_with_two_queries(
    patient_client, patient, yesterday, django_assert_num_queries
):
    EntryFactory(patient=patient, day=yesterday, sleep_hours=Decimal("7.5"))
    first = page(patient_client)
    with django_assert_num_queries(2):  # the session and the user
        second = page(patient_client)
    assert main(second) == main(first) and NIGHT in second


def test_each_range_is_cached_on_its_own(patient_client, patient, yesterday):
    EntryFactory(patient=patient, day=yesterday)
    assert "Your last 30 days" in page(patient_client, range=30)
    seven = page(patient_client, range=7)
    assert "Your last 7 days" in seven and "Hours of sleep each night, the last 7 days" in seven
    assert "Hours of sleep each night, the last 90 days" in page(patient_client, range=90)


def test_another_patient_never_gets_this_patients_page(patient_client, patient, other_patient, yesterday):
    EntryFactory(patient=patient, day=yesterday, note="private")
    assert NIGHT in page(patient_client)
    other = Client()
    other.force_login(other_patient)
    assert "No hours of sleep recorded in the last 30 days." in page(other)


def test_the_htmx_range_switch_is_served_from_the_same_cache_and_still_moves_focus(
    patient_client, patient, yesterday, htmx_headers
):
    EntryFactory(patient=patient, day=yesterday)
    page(patient_client)
    response = patient_client.get(URL, {"range": 30}, **htmx_headers)
    html = response.content.decode()
    assert html.startswith('\n<div id="trends"') or html.lstrip().startswith('<div id="trends"')
    assert '<h2 id="trends-title" data-autofocus>' in html and NIGHT in html
    assert "<h1>" not in html
    assert '<h2 id="trends-title">' in page(patient_client)  # no autofocus on the full page


def test_cached_fragments_hold_no_csrf_token_nonce_or_message(patient_client, patient, today):
    EntryFactory(patient=patient, day=today)
    page(patient_client)
    stored = cache.get(fragments._fragment_key(patient.pk, "home-30"))
    assert set(stored["value"]) == {"today", "trends", "patterns"}
    for html in stored["value"].values():
        assert "csrf" not in html.lower() and "nonce" not in html and "alert" not in html
    assert fragments.FRAGMENT_TIMEOUT <= 3600


def test_a_new_day_is_not_served_yesterdays_page(patient_client, patient, today, monkeypatch):
    EntryFactory(patient=patient, day=today)
    assert "You have checked in today." in page(patient_client)
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert "You have not checked in today yet." in page(patient_client)


def test_a_lost_token_never_brings_back_an_old_fragment(patient_client, patient, yesterday):
    """Were the token evicted, a new random one is drawn: the fragment built under the old one
    no longer matches (a counter starting again from 0 would)."""
    page(patient_client)
    cache.delete(fragments._token_key(patient.pk))
    Entry.objects.bulk_create([Entry(patient=patient, day=yesterday, sleep_hours=Decimal("7.5"))])
    assert NIGHT in page(patient_client)


# --- every write path makes the cache stale ------------------------------------------------------


def test_saving_a_check_in_through_the_form(patient_client, cached_empty_page, yesterday):
    response = patient_client.post(
        reverse("tracker:checkin"), {"day": yesterday.isoformat(), "sleep_hours": "7.5"}
    )
    assert response.status_code == 302
    assert NIGHT in page(patient_client)


def test_saving_a_check_in_from_the_dashboard_with_htmx(patient_client, today, htmx_headers):
    assert "You have not checked in today yet." in page(patient_client)
    response = patient_client.post(
        reverse("tracker:checkin"), {"day": today.isoformat(), "stress": "3"}, **htmx_headers
    )
    assert response.status_code == 200
    assert "You have checked in today." in page(patient_client)


def test_correcting_an_earlier_day(patient_client, patient, yesterday):
    entry = EntryFactory(patient=patient, day=yesterday, sleep_hours=Decimal("6"))
    assert "<td>6</td>" in page(patient_client)
    response = patient_client.post(reverse("tracker:entry", args=[entry.pk]), {"sleep_hours": "8.5"})
    assert response.status_code == 302
    html = page(patient_client)
    assert "<td>8.5</td>" in html and "<td>6</td>" not in html


def test_removing_a_check_in(patient_client, patient, yesterday):
    entry = EntryFactory(patient=patient, day=yesterday, sleep_hours=Decimal("6"))
    assert NIGHT in page(patient_client)
    assert patient_client.post(reverse("tracker:entry_delete", args=[entry.pk])).status_code == 302
    assert "No hours of sleep recorded in the last 30 days." in page(patient_client)


def test_a_goal_set_by_the_therapist_in_the_admin(
    patient_client, cached_empty_page, therapist_admin, patient
):
    assert "Goal set with your therapist" not in cached_empty_page
    response = therapist_admin.post(
        reverse("admin:tracker_goal_add"),
        {"patient": patient.pk, "factor": "stress", "target_min": "", "target_max": "3", "note": ""},
    )
    assert response.status_code == 302
    assert "<strong>Goal set with your therapist:</strong> stress at 3 or below" in page(patient_client)


def test_a_goal_changed_by_the_therapist_in_the_admin(patient_client, therapist_admin, patient):
    goal = GoalFactory(patient=patient, factor=Factor.STRESS, target_max=Decimal("4"))
    assert "stress at 4 or below" in page(patient_client)
    response = therapist_admin.post(
        reverse("admin:tracker_goal_change", args=[goal.pk]),
        {"target_min": "", "target_max": "5", "note": ""},
    )
    assert response.status_code == 302
    html = page(patient_client)
    assert "stress at 5 or below" in html and "stress at 4 or below" not in html


def test_a_goal_deleted_in_the_admin(patient_client, patient):
    """Therapists may not delete goals (accounts.roles); a superuser may, one by one or with
    the list's delete action (a queryset delete, which sends the signals too)."""
    first = GoalFactory(patient=patient, factor=Factor.STRESS, target_max=Decimal("4"))
    second = GoalFactory(patient=patient, factor=Factor.SLEEP, target_min=Decimal("8"), target_max=None)
    html = page(patient_client)
    assert "stress at 4 or below" in html and "at least 8 hours a night" in html
    root = UserFactory(email="root@example.com", is_superuser=True)
    root.save()
    admin = Client()
    otp_login(admin, root)
    response = admin.post(reverse("admin:tracker_goal_delete", args=[first.pk]), {"post": "yes"})
    assert response.status_code == 302
    html = page(patient_client)
    assert "stress at 4 or below" not in html and "at least 8 hours a night" in html
    response = admin.post(
        reverse("admin:tracker_goal_changelist"),
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Goal.objects.exists()
    assert "at least 8 hours a night" not in page(patient_client)


def test_seeding_the_demo_check_ins(patient_client, cached_empty_page, patient):
    assert seed_demo_entries(patient=patient, days=5) == 5
    assert "You recorded your sleep on 5 nights in the last 30 days." in page(patient_client)


def test_erasing_the_account_deletes_the_cached_health_data(patient_client, patient, yesterday):
    EntryFactory(patient=patient, day=yesterday)
    page(patient_client)
    page(patient_client, range=7)
    patient_pk = patient.pk
    erase_user(patient)
    assert cache.get(fragments._fragment_key(patient_pk, "home-30")) is None
    assert cache.get(fragments._fragment_key(patient_pk, "home-7")) is None
    assert cache.get(fragments._token_key(patient_pk)) is None


def test_a_page_cached_by_a_request_racing_the_write_is_dropped_at_commit(
    patient_client, patient, today, yesterday, django_capture_on_commit_callbacks
):
    """A request that read the rows just before a write commits caches what it read. The
    forget after the commit drops it; forgetting only at the write would leave it served."""
    page(patient_client)
    with django_capture_on_commit_callbacks(execute=True):
        save_checkin(patient=patient, day=yesterday, values={"sleep_hours": Decimal("7.5")})
        patient_fragment(
            patient.pk, "home-30", today, lambda: {"today": "STALE", "trends": "STALE", "patterns": "STALE"}
        )
    html = page(patient_client)
    assert "STALE" not in html and NIGHT in html
