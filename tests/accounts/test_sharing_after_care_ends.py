"""The patient's sharing panel says whether a consent is in use: a therapist whose care link has
ended cannot see the patient's progress, and the panel must not claim otherwise."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import SharingConsent


@pytest.fixture
def care_link(care_link):
    """Started a month ago, so that it can have ended since."""
    care_link.started = timezone.localdate() - timedelta(days=30)
    care_link.save()
    return care_link


@pytest.fixture
def consent(care_link):
    return SharingConsent.objects.create(
        patient=care_link.client, therapist=care_link.therapist, wording_version="1"
    )


def sharing_page(client):
    response = client.get(reverse("accounts:sharing"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_active_link_and_consent_says_the_therapist_can_see(patient_client, consent):
    page = sharing_page(patient_client)
    assert "Theo Therapist</strong> can see your progress" in page
    assert "no longer looking after you" not in page


def test_after_the_link_ended_it_says_they_cannot_see(patient_client, consent, care_link):
    care_link.ended = timezone.localdate() - timedelta(days=1)
    care_link.save()
    page = sharing_page(patient_client)
    assert "can see your progress" not in page
    assert "Theo Therapist</strong> is no longer looking after you, so they cannot see" in page
    # Still the patient's to withdraw.
    assert reverse("accounts:sharing_revoke", args=[consent.pk]) in page


def test_a_link_ending_today_is_still_in_force(patient_client, consent, care_link):
    care_link.ended = timezone.localdate()
    care_link.save()
    assert "can see your progress" in sharing_page(patient_client)


def test_the_htmx_panel_says_the_same(patient_client, consent, care_link, htmx_headers):
    care_link.ended = timezone.localdate() - timedelta(days=3)
    care_link.save()
    response = patient_client.get(reverse("accounts:sharing"), **htmx_headers)
    assert "no longer looking after you" in response.content.decode()


def test_another_patients_link_does_not_count(patient_client, patient, consent, care_link, other_patient):
    """The annotation matches the consent's own pair, not any active link of the therapist."""
    from tests.factories import CareRelationshipFactory

    CareRelationshipFactory(therapist=care_link.therapist, client=other_patient)
    care_link.ended = timezone.localdate() - timedelta(days=1)
    care_link.save()
    assert "no longer looking after you" in sharing_page(patient_client)
