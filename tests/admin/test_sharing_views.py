"""The patient's side of sharing: a separate, unticked consent step, and a one-action revoke."""

from django.urls import reverse

from accounts.models import SHARING_WORDING, SHARING_WORDING_VERSION, SharingConsent

GRANT = reverse("accounts:sharing_grant")


def grant_data(therapist, **extra):
    return {"therapist": therapist.pk, "agree": "on", "wording_version": SHARING_WORDING_VERSION, **extra}


def test_profile_offers_the_consent_step_for_a_therapist_who_asked(patient_client, care_link, therapist):
    response = patient_client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "A therapist has asked to follow your progress" in response.text
    assert therapist.full_name in response.text
    assert SHARING_WORDING in response.text
    assert f"Wording version {SHARING_WORDING_VERSION}" in response.text
    # Unticked: the checkbox is not checked by default.
    assert 'type="checkbox" name="agree" id="id_agree">' in response.text


def test_no_consent_step_without_a_care_relationship(patient_client, therapist):
    response = patient_client.get(reverse("accounts:sharing"))
    assert "A therapist has asked" not in response.text
    assert therapist.full_name not in response.text


def test_granting_stores_the_consent_with_time_and_wording_version(
    patient_client, patient, care_link, therapist
):
    response = patient_client.post(GRANT, grant_data(therapist))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sharing")
    consent = SharingConsent.objects.get()
    assert (consent.patient, consent.therapist, consent.wording_version) == (
        patient,
        therapist,
        SHARING_WORDING_VERSION,
    )
    assert consent.granted_at is not None and consent.revoked_at is None


def test_granting_needs_the_box_ticked(patient_client, care_link, therapist):
    data = grant_data(therapist)
    del data["agree"]
    response = patient_client.post(GRANT, data)
    assert response.status_code == 422
    assert "Tick the box to agree" in response.text
    assert not SharingConsent.objects.exists()


def test_cannot_grant_to_a_therapist_who_did_not_ask(patient_client, care_link, other_therapist):
    response = patient_client.post(GRANT, grant_data(other_therapist))
    assert response.status_code == 422
    assert not SharingConsent.objects.exists()


def test_a_stale_wording_version_is_refused(patient_client, care_link, therapist):
    response = patient_client.post(GRANT, grant_data(therapist, wording_version="old"))
    assert response.status_code == 422
    assert "The wording has changed" in response.text
    assert not SharingConsent.objects.exists()


def test_revoking_ends_the_consent_in_one_action(patient_client, patient, consent, therapist):
    response = patient_client.post(reverse("accounts:sharing_revoke", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    # The therapist asks again on the profile page; the patient may share again later.
    assert "A therapist has asked" in patient_client.get(reverse("accounts:profile")).text


def test_revoking_another_patients_consent_is_a_404(client, other_patient, consent):
    client.force_login(other_patient)
    response = client.post(reverse("accounts:sharing_revoke", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_wrong_methods_are_405(patient_client, consent):
    assert patient_client.get(GRANT).status_code == 405
    assert patient_client.put(reverse("accounts:sharing_revoke", args=[consent.pk])).status_code == 405
    assert patient_client.post(reverse("accounts:sharing")).status_code == 405


def test_htmx_grant_reloads_the_sharing_page(patient_client, care_link, therapist, htmx_headers):
    response = patient_client.post(GRANT, grant_data(therapist), **htmx_headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("accounts:sharing")  # with the message, issue #16
    assert SharingConsent.objects.get().revoked_at is None


def test_revoke_takes_effect_for_the_therapist_at_once(client, patient, consent, therapist):
    from tests.conftest import otp_login

    otp_login(client, therapist)
    follow = reverse("admin:care_client", args=[patient.pk])
    assert client.get(follow).status_code == 200
    client.force_login(patient)
    client.post(reverse("accounts:sharing_revoke", args=[consent.pk]))
    otp_login(client, therapist)
    assert client.get(follow).status_code == 404


def test_staff_are_sent_to_the_admin(client, therapist):
    client.force_login(therapist)
    assert client.get(reverse("accounts:sharing")).status_code == 302
