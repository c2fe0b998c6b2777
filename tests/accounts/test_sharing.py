"""Sharing (issue #16): errors in place with htmx, the only therapist pre-selected, a
confirmation step before stopping and a message after, and "who has seen my data"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SHARING_WORDING_VERSION, AccessAction, AccessLog, SharingConsent
from tests.factories import CareRelationshipFactory

pytestmark = pytest.mark.django_db

SHARING = reverse("accounts:sharing")
GRANT = reverse("accounts:sharing_grant")


@pytest.fixture
def consent(patient, therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    return SharingConsent.objects.create(
        patient=patient, therapist=therapist, wording_version=SHARING_WORDING_VERSION
    )


def revoke_url(consent):
    return reverse("accounts:sharing_revoke", args=[consent.pk])


def test_the_only_therapist_asking_is_pre_selected(patient_client, patient, therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    html = patient_client.get(SHARING).text
    assert f'value="{therapist.pk}" id="id_therapist_0" checked' in html


def test_two_therapists_asking_are_not_pre_selected(patient_client, patient, therapist, other_therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    CareRelationshipFactory(therapist=other_therapist, client=patient)
    assert " checked" not in patient_client.get(SHARING).text


def test_htmx_errors_come_back_422_with_the_summary_in_the_panel(
    patient_client, patient, therapist, htmx_headers
):
    CareRelationshipFactory(therapist=therapist, client=patient)
    data = {"therapist": therapist.pk, "wording_version": SHARING_WORDING_VERSION}  # not agreed
    response = patient_client.post(GRANT, data, **htmx_headers)
    assert response.status_code == 422  # swapped by htmx (base.html's htmx-config)
    assert response.text.lstrip().startswith('<section id="sharing-panel"')
    assert 'class="error-summary"' in response.text and 'href="#id_agree"' in response.text
    assert f'value="{therapist.pk}" id="id_therapist_0" checked' in response.text  # value kept
    assert not SharingConsent.objects.exists()


def test_a_missing_therapist_links_the_summary_to_the_first_radio(patient_client, patient, therapist):
    CareRelationshipFactory(therapist=therapist, client=patient)
    response = patient_client.post(GRANT, {"agree": "on", "wording_version": SHARING_WORDING_VERSION})
    assert response.status_code == 422
    assert 'href="#id_therapist_0"' in response.text and 'id="therapist-error"' in response.text


def test_stopping_asks_first_and_changes_nothing(patient_client, consent, therapist):
    response = patient_client.get(revoke_url(consent))
    assert response.status_code == 200
    assert f"Stop sharing with {therapist.get_full_name()}?" in response.text
    assert 'method="post"' in response.text and "Yes, stop sharing" in response.text
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_confirming_stops_sharing_with_a_message(patient_client, consent, therapist):
    response = patient_client.post(revoke_url(consent), follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    assert (
        f"You have stopped sharing: {therapist.get_full_name()} can no longer see your progress."
        in response.text
    )
    consent.refresh_from_db()
    assert consent.revoked_at is not None


def test_another_patients_consent_is_404_to_confirm_and_to_stop(client, other_patient, consent):
    client.force_login(other_patient)
    assert client.get(revoke_url(consent)).status_code == 404
    assert client.post(revoke_url(consent)).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_who_has_seen_my_data_lists_exactly_this_patients_access_log(
    patient_client, patient, other_patient, therapist, other_therapist
):
    day = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3)
    mine = [
        AccessLog(
            therapist=therapist,
            client=patient,
            action=AccessAction.VIEW,
            path=f"/admin/accounts/client/{patient.pk}/change/",
            at=day,
        ),
        AccessLog(
            therapist=therapist,
            client=patient,
            action=AccessAction.VIEW,
            path=f"/admin/accounts/client/{patient.pk}/change/",
            at=day,
        ),
        AccessLog(
            therapist=therapist,
            client=patient,
            action=AccessAction.LIST,
            path="/admin/tracker/entry/?client=1",
            at=day,
        ),
        AccessLog(
            therapist=therapist,
            client=patient,
            action=AccessAction.EXPORT,
            path="/admin/accounts/client/export/",
            at=day - datetime.timedelta(days=1),
        ),
    ]
    theirs = AccessLog(
        therapist=other_therapist,
        client=other_patient,
        action=AccessAction.VIEW,
        path="/admin/tracker/goal/",
        at=day,
    )
    AccessLog.objects.bulk_create([*mine, theirs])
    html = patient_client.get(SHARING).text
    seen = html[html.index('id="seen-by-heading"') :]
    assert seen.count("<li>") == 3  # two looks at the overview on one day are one line
    assert "Theo Therapist looked at your progress overview (2 times)" in seen
    assert "Theo Therapist saw your check-ins in a list" in seen
    assert "Theo Therapist downloaded their list of clients, with your lesson progress" in seen
    assert seen.index(f"{day:%-d %B %Y}") < seen.index(f"{day - datetime.timedelta(days=1):%-d %B %Y}")
    assert "Olga" not in html and "goals" not in seen


def test_no_access_says_so(patient_client):
    assert "No therapist has looked at your data." in patient_client.get(SHARING).text
