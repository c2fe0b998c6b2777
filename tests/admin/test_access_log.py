"""Every therapist view of a client's data is logged; superusers read the log; nobody edits it."""

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from tests.admin.conftest import make_client_of
from tests.conftest import otp_login
from tests.factories import UserFactory


def test_client_list_logs_one_entry_per_client_shown(therapist_admin, therapist, my_client, their_client):
    second = make_client_of(therapist)
    therapist_admin.get(reverse("admin:accounts_client_changelist"))
    entries = AccessLog.objects.filter(action="list")
    assert {entry.client for entry in entries} == {my_client, second}
    assert {entry.therapist for entry in entries} == {therapist}
    assert all(entry.path == reverse("admin:accounts_client_changelist") for entry in entries)


def test_follow_page_logs_a_view(therapist_admin, therapist, my_client):
    url = reverse("admin:accounts_client_change", args=[my_client.pk])
    therapist_admin.get(url)
    entry = AccessLog.objects.get()
    assert (entry.therapist, entry.client, entry.action, entry.path) == (therapist, my_client, "view", url)


def test_export_logs_an_export_per_client(therapist_admin, therapist, my_client):
    response = therapist_admin.post(
        reverse("admin:accounts_client_changelist"),
        {"action": "export_progress_csv", "_selected_action": [my_client.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert my_client.email in response.content.decode()
    assert AccessLog.objects.filter(action="export", client=my_client, therapist=therapist).count() == 1


def test_a_404_writes_nothing(therapist_admin, their_client):
    therapist_admin.get(reverse("admin:accounts_client_change", args=[their_client.pk]))
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


def test_superuser_views_are_not_logged(superuser_admin, my_client):
    superuser_admin.get(reverse("admin:accounts_client_change", args=[my_client.pk]))
    assert not AccessLog.objects.exists()
