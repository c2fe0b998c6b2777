"""The client list: columns, sorting, search, filter by flag, pending clients apart."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.admin.conftest import make_client_of
from tests.factories import CareRelationshipFactory, EntryFactory, PatientFactory

LIST = reverse("admin:care_clients")


def names(response):
    return [row.name for row in response.context["rows"]]


def test_columns_of_a_client(therapist_admin, my_client):
    for n in range(3):
        EntryFactory(patient=my_client, day=timezone.localdate() - datetime.timedelta(days=n))
    response = therapist_admin.get(LIST)
    assert response.status_code == 200
    text = response.text
    assert "Pat Client" in text
    assert "3/14" in text
    assert "0/0" in text  # lessons done of those published
    assert "none yet" in text  # no quiz
    for heading in [
        "Last check-in",
        "Check-ins, last 14 days",
        "Lessons done",
        "Last quiz",
        "Goals met last week",
    ]:
        assert heading in text


def test_sorting_by_name_and_by_last_checkin(therapist_admin, therapist):
    alice = make_client_of(therapist, full_name="Alice A")
    zoe = make_client_of(therapist, full_name="Zoe Z")
    EntryFactory(patient=alice, day=timezone.localdate() - datetime.timedelta(days=4))
    EntryFactory(patient=zoe, day=timezone.localdate())
    assert names(therapist_admin.get(LIST)) == ["Alice A", "Zoe Z"]
    assert names(therapist_admin.get(LIST, {"sort": "name", "dir": "desc"})) == ["Zoe Z", "Alice A"]
    assert names(therapist_admin.get(LIST, {"sort": "last", "dir": "desc"})) == ["Zoe Z", "Alice A"]
    response = therapist_admin.get(LIST, {"sort": "last"})
    assert 'aria-sort="ascending"' in response.text


def test_search_and_filter_by_flag(therapist_admin, therapist):
    quiet = make_client_of(therapist, full_name="Quiet Quinn")
    busy = make_client_of(therapist, full_name="Busy Bea")
    EntryFactory(patient=quiet, day=timezone.localdate() - datetime.timedelta(days=10))
    EntryFactory(patient=busy, day=timezone.localdate())
    assert names(therapist_admin.get(LIST, {"q": "bea"})) == ["Busy Bea"]
    assert names(therapist_admin.get(LIST, {"flag": "quiet"})) == ["Quiet Quinn"]


def test_bad_query_values_are_ignored(therapist_admin, my_client):
    response = therapist_admin.get(LIST, {"sort": "nope'", "dir": "x", "flag": "<b>", "q": "x" * 5000})
    assert response.status_code == 200
    assert response.context["sort"] == "name"


def test_pending_clients_are_shown_apart_as_waiting_for_consent(therapist_admin, therapist, my_client):
    pending = PatientFactory(email="not.yet@example.com", full_name="Hidden Name")
    CareRelationshipFactory(therapist=therapist, client=pending)
    response = therapist_admin.get(LIST)
    assert names(response) == ["Pat Client"]
    assert "Waiting for consent" in response.text
    assert "not.yet@example.com" in response.text
    assert "Hidden Name" not in response.text


def test_other_therapists_clients_are_not_listed(therapist_admin, my_client, their_client):
    assert names(therapist_admin.get(LIST, {"q": "Robin"})) == []


def test_post_is_not_allowed(therapist_admin):
    assert therapist_admin.post(LIST).status_code == 405
