from django.urls import reverse

from tests.factories import EntryFactory


def test_pages(therapist_admin, my_client):
    EntryFactory(patient=my_client, note="Feeling tired?")
    for url in [reverse("admin:index"), reverse("admin:care_clients"), reverse("admin:care_client", args=[my_client.pk]),
                reverse("admin:care_client_summary", args=[my_client.pk]), reverse("admin:care_invitations"),
                reverse("admin:care_settings")]:
        r = therapist_admin.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
