"""Backup codes for two-step verification: shown once at set-up, each works once in place of
the app's code, hashed at rest, renewable from the details page, gone with the devices."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from accounts.models import BackupCode
from tests.conftest import otp_login
from tests.factories import DEFAULT_PASSWORD
from tests.security.helpers import begin_two_step_setup, current_code

SETUP = reverse("accounts:mfa_setup")
VERIFY = reverse("accounts:mfa_verify")
BACKUP = reverse("accounts:mfa_backup_verify")
RENEW = reverse("accounts:mfa_backup_codes")
PROFILE = reverse("accounts:profile")


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def device(patient):
    return TOTPDevice.objects.create(user=patient, name="Phone", confirmed=True)


@pytest.fixture
def codes(patient, device):
    return mfa.issue_backup_codes(patient)


@pytest.fixture
def unverified(client, patient, device):
    """The patient, logged in with a password, not yet past two-step verification."""
    log_in(client, patient)
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(VERIFY)
    return client


def test_setup_shows_ten_codes_once_and_stores_only_hashes(client, patient):
    log_in(client, patient)
    device = begin_two_step_setup(client)
    response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", html)
    assert len(shown) == len(set(shown)) == 10
    assert "will not be shown again" in html
    assert response["Cache-Control"].count("no-store") == 1
    stored = list(BackupCode.objects.filter(user=patient).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in shown:
        assert not any(code.replace("-", "") in value for value in stored)
    # The next page view does not show them again.
    assert "<code>" not in client.get(PROFILE).content.decode()


def test_a_backup_code_passes_verification_once(unverified, patient, device, codes):
    response = unverified.post(BACKUP, {"code": codes[0]})
    assert response.status_code == 302
    assert unverified.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert unverified.get(reverse("accounts:dashboard")).status_code == 200
    assert BackupCode.objects.filter(user=patient, used_at__isnull=False).count() == 1
    assert mfa.backup_codes_left(patient) == 9

    # The same code in another session: refused.
    other = Client()
    log_in(other, patient)
    response = other.post(BACKUP, {"code": codes[0]})
    assert response.status_code == 422
    assert "used already" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in other.session


def test_codes_are_accepted_as_people_type_them(unverified, codes):
    typed = codes[3].upper().replace("-", " ")
    assert unverified.post(BACKUP, {"code": f"  {typed} "}).status_code == 302


def test_the_message_says_how_many_are_left(unverified, codes):
    response = unverified.post(BACKUP, {"code": codes[1]}, follow=True)
    assert "You used a backup code. 9 of 10 are left." in response.content.decode()


@pytest.mark.parametrize("code", ["", "abc", "x" * 41, "zzzzz-zzzzz", "00000-00000"])
def test_wrong_codes_are_refused_beside_the_field(unverified, codes, code):
    response = unverified.post(BACKUP, {"code": code})
    assert response.status_code == 422
    html = response.content.decode()
    assert "error-summary" in html
    assert DEVICE_ID_SESSION_KEY not in unverified.session
    assert BackupCode.objects.filter(used_at__isnull=False).count() == 0


def test_wrong_codes_share_the_apps_throttle(unverified, device, codes):
    unverified.post(BACKUP, {"code": "zzzzz-zzzzz"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Throttled now: even a right code waits.
    response = unverified.post(BACKUP, {"code": codes[0]})
    assert response.status_code == 422
    assert "Too many wrong codes" in response.content.decode()
    assert mfa.backup_codes_left(device.user) == 10


def test_the_code_page_links_to_the_backup_page_keeping_next(unverified):
    html = unverified.get(f"{VERIFY}?next=/tracker/").content.decode()
    assert f'href="{BACKUP}?next=/tracker/"' in html


def test_backup_page_without_a_device_goes_to_setup(client, patient):
    client.force_login(patient)
    response = client.get(BACKUP)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_backup_page_when_already_verified_goes_on(client, patient, device):
    otp_login(client, patient)
    assert client.get(BACKUP).status_code == 302


def test_the_htmx_variant_of_a_wrong_code_is_the_same_form(unverified, codes, htmx_headers):
    response = unverified.post(BACKUP, {"code": "nope"}, **htmx_headers)
    assert response.status_code == 422
    assert "Backup code" in response.content.decode()


def test_a_new_set_replaces_the_old(client, patient, device, codes):
    otp_login(client, patient)
    response = client.post(RENEW)
    assert response.status_code == 200
    html = response.content.decode()
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", html)
    assert len(new) == 10 and not set(new) & set(codes)
    assert "old backup codes no longer work" in html
    assert BackupCode.objects.filter(user=patient).count() == 10
    assert not mfa.use_backup_code(patient, codes[0])
    assert mfa.use_backup_code(patient, new[0])


def test_a_new_set_needs_post(client, patient, device):
    otp_login(client, patient)
    assert client.get(RENEW).status_code == 405


def test_a_new_set_needs_two_step_verification_on(patient_client, patient):
    response = patient_client.post(RENEW)
    assert response.status_code == 302
    assert BackupCode.objects.filter(user=patient).count() == 0


def test_a_new_set_needs_login(client):
    response = client.post(RENEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_one_users_code_does_not_work_for_another(patient, other_patient, codes):
    TOTPDevice.objects.create(user=other_patient, name="Phone", confirmed=True)
    assert not mfa.use_backup_code(other_patient, codes[0])
    assert mfa.use_backup_code(patient, codes[0])


def test_profile_shows_how_many_are_left(client, patient, device, codes):
    mfa.use_backup_code(patient, codes[0])
    otp_login(client, patient)
    html = client.get(PROFILE).content.decode()
    assert "9 of 10 unused" in html
    assert f'action="{RENEW}"' in html


def test_turning_two_step_off_removes_the_codes(client, patient, device, codes):
    otp_login(client, patient)
    response = client.post(reverse("accounts:mfa_disable"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert not BackupCode.objects.filter(user=patient).exists()


def test_a_code_is_used_after_it_was_made(patient, codes):
    """The database refuses a use before the code existed."""
    from django.db import IntegrityError, transaction

    backup = BackupCode.objects.filter(user=patient).first()
    backup.used_at = backup.created_at.replace(year=2000)
    with pytest.raises(IntegrityError), transaction.atomic():
        backup.save()
