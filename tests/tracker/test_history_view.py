"""The list of earlier days: each day in the window, filled in or not, with its link."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

URL = reverse("tracker:history")


def test_every_day_of_the_window_is_listed_with_the_right_link(patient_client, patient, today):
    filled = EntryFactory(patient=patient, day=today - datetime.timedelta(days=2))
    html = patient_client.get(URL).content.decode()
    assert "<h1>Earlier days</h1>" in html
    assert html.count('class="day-list__item"') == 61
    assert "You have checked in on 1 of these days." in html
    assert f'href="{reverse("tracker:entry", args=[filled.pk])}"' in html
    missing = today - datetime.timedelta(days=60)
    assert f"?day={missing.isoformat()}&amp;next=/tracker/days/" in html
    oldest_not_listed = today - datetime.timedelta(days=61)
    assert oldest_not_listed.isoformat() not in html


def test_only_the_patients_own_check_ins_are_listed(patient_client, other_patient, today):
    theirs = EntryFactory(patient=other_patient, day=today)
    html = patient_client.get(URL).content.decode()
    assert reverse("tracker:entry", args=[theirs.pk]) not in html
    assert "You have checked in on 0 of these days." in html


def test_the_list_takes_a_fixed_number_of_queries(
    patient_client, patient, entries_factory, django_assert_num_queries
):
    entries_factory(patient, 100)
    with django_assert_num_queries(3):  # session, user, the window's entries
        patient_client.get(URL)


def test_htmx_gets_just_the_list(patient_client, htmx_headers):
    html = patient_client.get(URL, **htmx_headers).content.decode()
    assert html.lstrip().startswith('<ul class="day-list" id="day-list">') and "<h1>" not in html


def test_history_refuses_post(patient_client):
    assert patient_client.post(URL).status_code == 405
