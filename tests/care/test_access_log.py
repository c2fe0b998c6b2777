"""Every workspace page showing client data writes the access log; superusers read the log; nobody
edits it."""

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from tests.admin.conftest import make_client_of
from tests.conftest import otp_login
from tests.factories import UserFactory


def test_client_list_logs_one_entry_per_client_shown(therapist_admin, therapist, my_client, their_client):
    second = make_client_of(therapist)
    therapist_admin.get(reverse("admin:care_clients"))
    entries = AccessLog.objects.filter(action="list")
    assert {entry.client for entry in entries} == {my_client, second}
    assert {entry.therapist for entry in entries} == {therapist}
    assert all(entry.path == reverse("admin:care_clients") for entry in entries)


def test_client_page_logs_a_view(therapist_admin, therapist, my_client):
    url = reverse("admin:care_client", args=[my_client.pk])
    therapist_admin.get(url)
    entry = AccessLog.objects.get()
    assert (entry.therapist, entry.client, entry.action, entry.path) == (therapist, my_client, "view", url)


def test_caseload_home_logs_one_entry_per_client_shown(therapist_admin, therapist, my_client, their_client):
    therapist_admin.get(reverse("admin:index"))
    assert list(AccessLog.objects.values_list("client", "action")) == [(my_client.pk, "list")]


def test_printable_summary_logs_an_export(therapist_admin, therapist, my_client):
    url = reverse("admin:care_client_summary", args=[my_client.pk])
    response = therapist_admin.get(url)
    assert response.status_code == 200
    assert my_client.email in response.text
    entry = AccessLog.objects.get()
    assert (entry.therapist, entry.client, entry.action, entry.path) == (therapist, my_client, "export", url)


def test_a_404_writes_nothing(therapist_admin, their_client):
    assert therapist_admin.get(reverse("admin:care_client", args=[their_client.pk])).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.fixture
def superuser_admin(client, db):
    user = UserFactory(email="root@example.com", is_superuser=True)
    user.save()
    otp_login(client, user)
    return client


def test_superusers_read_the_log_but_nobody_edits_it(superuser_admin, therapist, my_client):
    entry = AccessLog.objects.create(therapist=therapist, client=my_client, action="view", path="/x/")
    listing = superuser_admin.get(reverse("admin:accounts_accesslog_changelist"))
    assert listing.status_code == 200
    assert my_client.email in listing.text
    assert superuser_admin.get(reverse("admin:accounts_accesslog_add")).status_code == 403
    assert superuser_admin.get(reverse("admin:accounts_accesslog_delete", args=[entry.pk])).status_code == 403
    change = superuser_admin.post(
        reverse("admin:accounts_accesslog_change", args=[entry.pk]), {"action": "list", "path": "/changed/"}
    )
    assert change.status_code == 403
    entry.refresh_from_db()
    assert entry.path == "/x/"
    assert "delete_selected" not in listing.text


def test_superusers_have_no_caseload_and_nothing_is_logged(superuser_admin, my_client):
    assert superuser_admin.get(reverse("admin:care_client", args=[my_client.pk])).status_code == 403
    assert not AccessLog.objects.exists()
