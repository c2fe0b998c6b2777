"""One-tap check-in from a reminder email: no login, one value, one day, once."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from notifications.links import one_tap_token
from notifications.models import OneTapUse
from tracker.models import Entry

pytestmark = pytest.mark.django_db


def tap_url(patient, *, question="sleep", answer="7", nonce="n1", day=None):
    token = one_tap_token(
        patient_id=patient.pk, day=day or timezone.localdate(), question=question, answer=answer, nonce=nonce
    )
    return reverse("notifications:one_tap", args=[token])


def test_opening_the_link_shows_one_button_and_saves_nothing(client, patient):
    response = client.get(tap_url(patient))
    assert response.status_code == 200
    assert "Save: 7 hours" in response.text
    assert 'method="post"' in response.text
    assert reverse("tracker:checkin") in response.text
    assert not Entry.objects.exists()
    assert not OneTapUse.objects.exists()


def test_pressing_the_button_saves_that_value_for_that_day_only(client, patient):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(tap_url(patient, day=yesterday))
    assert response.status_code == 200
    assert "You slept 7 hours" in response.text
    entry = Entry.objects.get(patient=patient)
    assert (entry.day, entry.sleep_hours, entry.stress, entry.note) == (yesterday, Decimal("7"), None, "")
    assert OneTapUse.objects.filter(patient=patient, day=yesterday).count() == 1


def test_a_value_is_added_to_the_days_check_in_without_changing_the_rest(client, patient):
    from tests.factories import EntryFactory

    entry = EntryFactory(patient=patient, day=timezone.localdate(), stress=3, sleep_hours=Decimal("6.5"))
    client.post(tap_url(patient, question="stress", answer="high"))
    entry.refresh_from_db()
    assert (entry.stress, entry.sleep_hours) == (8, Decimal("6.5"))


def test_the_page_shows_no_other_data(client, patient):
    from tests.factories import EntryFactory

    EntryFactory(patient=patient, day=timezone.localdate(), note="private words")
    response = client.get(tap_url(patient, question="stress", answer="low"))
    assert "private words" not in response.text
    assert patient.email not in response.text
    assert patient.full_name not in response.text


def test_a_used_link_says_so_and_saves_nothing_more(client, patient):
    client.post(tap_url(patient, answer="7"))
    # Every sleep link of the same email is used once one is pressed.
    response = client.post(tap_url(patient, answer="9"))
    assert response.status_code == 409
    assert "answered already" in response.text
    assert Entry.objects.get().sleep_hours == Decimal("7")
    assert client.get(tap_url(patient, answer="7")).status_code == 409
    # The other question of the same email still works.
    assert client.post(tap_url(patient, question="stress", answer="low")).status_code == 200


def test_a_tampered_link_saves_nothing(client, patient):
    url = tap_url(patient)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps(
        {"p": patient.pk, "d": timezone.localdate().isoformat(), "q": "sleep", "a": "7", "n": "x"},
        salt="some-other-salt",
    )
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = client.post(reverse("notifications:one_tap", args=[bad]))
        assert response.status_code == 400
        assert "not complete or has been changed" in response.text
    assert not Entry.objects.exists()


def test_a_link_naming_an_unknown_answer_is_refused(client, patient):
    response = client.post(tap_url(patient, question="sleep", answer="13"))
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_an_expired_link_saves_nothing(client, patient):
    url = tap_url(patient)
    later = timezone.now() + datetime.timedelta(hours=37)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(url)
    assert response.status_code == 410
    assert "expired" in response.text
    assert not Entry.objects.exists()


def test_a_link_for_an_account_that_is_gone_saves_nothing(client, patient):
    url = tap_url(patient)
    patient.is_active = False
    patient.save()
    assert client.post(url).status_code == 400
    assert not Entry.objects.exists()


def test_a_logged_in_other_patient_pressing_the_link_saves_for_the_links_patient(
    client, patient, other_patient
):
    client.force_login(other_patient)
    client.post(tap_url(patient))
    assert Entry.objects.get().patient == patient


def test_other_methods_are_refused(client, patient):
    assert client.put(tap_url(patient)).status_code == 405
    assert not Entry.objects.exists()
