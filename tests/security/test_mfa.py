"""Two-step verification: required for staff before the admin, optional for patients."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.conftest import otp_login
from tests.factories import DEFAULT_PASSWORD
from tests.security.helpers import begin_two_step_setup, current_code

SETUP = reverse("accounts:mfa_setup")
VERIFY = reverse("accounts:mfa_verify")
ADMIN = reverse("admin:index")


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return response


def confirmed_device_for(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.com", DEFAULT_PASSWORD, full_name="Root User")


# --- staff: no admin page without a verified session ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role_fixture", ["therapist", "editor", "superuser"])
@pytest.mark.parametrize(
    "url",
    [
        ADMIN,
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_carerelationship_add"),
        "/admin/no-such-page/",
    ],
)
def test_staff_without_a_device_are_sent_to_setup_from_every_admin_page(client, request, role_fixture, url):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?{urlencode({'next': url})}"


@pytest.mark.django_db
def test_staff_with_a_device_are_sent_to_verify(client, therapist):
    confirmed_device_for(therapist)
    log_in(client, therapist)

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?{urlencode({'next': ADMIN})}"


@pytest.mark.django_db
def test_admin_post_without_verification_changes_nothing(client, therapist, patient):
    client.force_login(therapist)
    response = client.post(
        reverse("admin:accounts_carerelationship_add"),
        {"therapist": therapist.pk, "client": patient.pk, "started": "2026-01-01"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    assert not therapist.client_links.exists()


@pytest.mark.django_db
def test_htmx_requests_get_a_client_redirect(client, therapist):
    client.force_login(therapist)
    response = client.get(ADMIN, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(SETUP)


@pytest.mark.django_db
def test_unverified_staff_can_still_log_out(client, therapist):
    confirmed_device_for(therapist)
    log_in(client, therapist)
    key = client.session.session_key

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_staff_setup_with_a_real_code_opens_the_admin(client, therapist):
    log_in(client, therapist)
    assert "Enter your password" in client.get(f"{SETUP}?next={ADMIN}").content.decode()
    device = begin_two_step_setup(client, f"{SETUP}?next={ADMIN}")
    response = client.get(f"{SETUP}?next={ADMIN}")
    assert response.status_code == 200
    html = response.content.decode()

    # The otpauth URI as an inline SVG QR code, with no style attribute, and the secret as text.
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, flags=re.S).group(0)
    assert "<path" in svg
    assert "style=" not in svg
    assert "<img" not in html.split("qr-code-figure")[1].split("</figure>")[0]
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert len(secret) == 32
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode()
    assert "access to clients" in html

    response = client.post(f"{SETUP}?next={ADMIN}", {"code": current_code(device)})

    # The backup codes, shown once, then on to where the therapist was going.
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/mfa_backup_codes.html"
    assert len(response.context["codes"]) == 10
    assert f'href="{ADMIN}"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_setup_page_keeps_the_same_secret_on_reload(client, editor):
    client.force_login(editor)
    begin_two_step_setup(client)
    first = client.get(SETUP).content.decode()
    second = client.get(SETUP).content.decode()

    secret = re.compile(r'data-testid="totp-secret">([^<]+)<')
    assert secret.search(first).group(1) == secret.search(second).group(1)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app."),
        ("12345", "Enter the 6 digits your authenticator app shows"),
        ("abcdef", "Enter the 6 digits your authenticator app shows"),
        ("x" * 5000, "Enter the 6 digits your authenticator app shows"),
    ],
)
def test_setup_explains_a_malformed_code(client, editor, code, message):
    client.force_login(editor)
    begin_two_step_setup(client)

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


@pytest.mark.django_db
def test_setup_refuses_a_wrong_code(client, editor):
    client.force_login(editor)
    device = begin_two_step_setup(client)
    wrong = f"{(int(current_code(device)) + 500000) % 1000000:06d}"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 422
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(ADMIN)["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_verify_with_a_real_code(client, therapist):
    device = confirmed_device_for(therapist)
    log_in(client, therapist)
    key_before = client.session.session_key

    response = client.post(f"{VERIFY}?next={ADMIN}", {"code": current_code(device)})

    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert client.session.session_key != key_before  # a new key for the higher privilege
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_verify_refuses_a_wrong_code_then_throttles(client, therapist):
    device = confirmed_device_for(therapist)
    log_in(client, therapist)
    wrong = f"{(int(current_code(device)) + 500000) % 1000000:06d}"

    first = client.post(VERIFY, {"code": wrong})
    assert first.status_code == 422
    assert "That code is not right" in first.content.decode()
    # The next try comes within django-otp's growing delay: refused even with the right code.
    second = client.post(VERIFY, {"code": current_code(device)})
    assert second.status_code == 422
    assert "Too many wrong codes" in second.content.decode()
    assert client.get(ADMIN)["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(therapist):
    device = confirmed_device_for(therapist)
    first, second = Client(), Client()
    log_in(first, therapist)
    log_in(second, therapist)
    code = current_code(device)

    assert first.post(VERIFY, {"code": code}).status_code == 302
    assert second.post(VERIFY, {"code": code}).status_code == 422


@pytest.mark.django_db
def test_next_to_another_site_is_ignored(client, therapist):
    device = confirmed_device_for(therapist)
    log_in(client, therapist)

    response = client.post(f"{VERIFY}?next=https://evil.example/", {"code": current_code(device)})

    assert response.status_code == 302
    assert response["Location"] == ADMIN


@pytest.mark.django_db
def test_staff_cannot_turn_two_step_verification_off(client, therapist):
    device = otp_login(client, therapist)

    response = client.post(reverse("accounts:mfa_disable"), {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.django_db
def test_the_setting_can_turn_the_staff_requirement_off(client, therapist, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(therapist)
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_pages_outside_the_admin_stay_open_to_staff_without_a_device(client, therapist):
    client.force_login(therapist)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get(SETUP).status_code == 200


@pytest.mark.django_db
def test_mfa_pages_wrong_method(client, therapist):
    client.force_login(therapist)
    assert client.delete(SETUP).status_code == 405
    assert client.delete(VERIFY).status_code == 405


@pytest.mark.django_db
def test_mfa_pages_need_login(client):
    for url in (SETUP, VERIFY, reverse("accounts:mfa_disable")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- patients: optional ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_patients_need_no_device(patient_client):
    html = patient_client.get(reverse("accounts:profile")).content.decode()
    assert "Two-step verification" in html
    assert f'href="{SETUP}"' in html
    assert patient_client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_patient_turns_it_on_and_then_every_session_asks_for_a_code(client, patient):
    phone = Client()
    log_in(phone, patient)
    phone_key = phone.session.session_key
    log_in(client, patient)
    device = begin_two_step_setup(client)

    response = client.post(SETUP, {"code": current_code(device)})

    assert response.status_code == 200
    assert response.context["continue_url"] == reverse("accounts:profile")
    assert "Two-step verification is on" in response.content.decode()
    assert "On: logging in needs" in client.get(reverse("accounts:profile")).content.decode()
    # A session logged in before it was turned on has ended.
    assert not Session.objects.filter(session_key=phone_key).exists()
    # A new login asks for a code before any page.
    later = Client()
    log_in(later, patient)
    response = later.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_patient_turns_it_off_with_their_password(client, patient):
    otp_login(client, patient)

    wrong = client.post(reverse("accounts:mfa_disable"), {"password": "not my password"})
    assert wrong.status_code == 422
    assert "That password is not right" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=patient).exists()

    response = client.post(reverse("accounts:mfa_disable"), {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=patient).exists()
    later = Client()
    log_in(later, patient)
    assert later.get(reverse("accounts:dashboard")).status_code == 200


# --- issue #15 item 2: a set-up secret works for the session that saw it, once -------------------

SECRET = re.compile(r'data-testid="totp-secret">([^<]+)<')


@pytest.mark.django_db
def test_the_setup_page_asks_for_the_password_before_showing_a_secret(client, patient):
    log_in(client, patient)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "totp-secret" not in response.content.decode()
    assert not TOTPDevice.objects.filter(user=patient).exists()

    wrong = client.post(SETUP, {"password": "not my password"})

    assert wrong.status_code == 422
    assert "That password is not right" in wrong.content.decode()
    assert "totp-secret" not in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=patient).exists()


@pytest.mark.django_db
def test_a_secret_shown_in_one_session_is_never_shown_to_another(client, patient):
    earlier = Client()
    log_in(earlier, patient)
    begin_two_step_setup(earlier)
    seen = SECRET.search(earlier.get(SETUP).content.decode()).group(1)

    log_in(client, patient)
    assert "totp-secret" not in client.get(SETUP).content.decode()
    begin_two_step_setup(client)
    shown = SECRET.search(client.get(SETUP).content.decode()).group(1)

    assert shown != seen


@pytest.mark.django_db
def test_an_earlier_set_up_secret_stops_working_when_the_user_confirms_theirs(client, patient):
    earlier = Client()
    log_in(earlier, patient)
    stale = begin_two_step_setup(earlier)
    stale_code = current_code(stale)

    log_in(client, patient)
    device = begin_two_step_setup(client)
    assert client.post(SETUP, {"code": current_code(device)}).status_code == 200

    assert list(TOTPDevice.objects.filter(user=patient)) == [device]
    # The earlier session's code gets it nowhere: its device is gone (and the session ended).
    assert earlier.post(SETUP, {"code": stale_code}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=patient)) == [device]
    later = Client()
    log_in(later, patient)
    if stale_code != current_code(device):
        assert later.post(VERIFY, {"code": stale_code}).status_code == 422


@pytest.mark.django_db
def test_confirming_removes_every_other_unconfirmed_device(client, patient):
    log_in(client, patient)
    device = begin_two_step_setup(client)
    other = TOTPDevice.objects.create(user=patient, name="left over", confirmed=False)

    client.post(SETUP, {"code": current_code(device)})

    assert not TOTPDevice.objects.filter(pk=other.pk).exists()
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_a_set_up_started_again_elsewhere_sends_this_session_back_to_the_password(client, patient):
    log_in(client, patient)
    replaced = begin_two_step_setup(client)
    elsewhere = Client()
    log_in(elsewhere, patient)
    begin_two_step_setup(elsewhere)

    response = client.post(SETUP, {"code": current_code(replaced)})

    assert response.status_code == 422  # the password step, with the code form's data refused
    assert "Enter your password" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=patient, confirmed=True).exists()


# --- issue #15 item 6: wrong codes counted one by one, a capped wait, and when to try again ---------


def wrong_code_for(device):
    return f"{(int(current_code(device)) + 500000) % 1000000:06d}"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["app", "backup"])
def test_many_wrong_codes_never_lock_anyone_out_for_more_than_a_few_minutes(client, therapist, kind):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.mfa import check_backup_code, check_code

    device = confirmed_device_for(therapist)
    device.throttling_failure_count = 40  # 2 ** 39 seconds with django-otp alone: 17,000 years
    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=5)
    device.save()

    if kind == "app":
        message = check_code(device, wrong_code_for(device))
    else:
        message = check_backup_code(device, therapist, "abcde-fghjk")

    device.refresh_from_db()
    allowed, info = device.verify_is_allowed()
    assert not allowed
    assert info["locked_until"] - timezone.now() <= timedelta(minutes=5)
    assert "You can try again in 5 minutes" in message or "You can try again in 4 minutes" in message


@pytest.mark.django_db
def test_a_throttled_code_page_says_when_to_try_again(client, therapist):
    from django.utils import timezone

    device = confirmed_device_for(therapist)
    device.throttling_failure_count = 7  # 64 seconds
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    log_in(client, therapist)

    response = client.post(VERIFY, {"code": current_code(device)})

    assert response.status_code == 422
    html = response.content.decode()
    assert "Too many wrong codes. You can try again in 2 minutes (at " in html
    assert client.get(ADMIN)["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_the_check_reads_the_failure_count_again_under_a_row_lock(therapist):
    """The device passed in may be stale (read before another request's failure was counted):
    the count is read again, locked, so two wrong codes count two."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.mfa import check_code

    stale = confirmed_device_for(therapist)
    TOTPDevice.objects.filter(pk=stale.pk).update(
        throttling_failure_count=1, throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )

    check_code(stale, wrong_code_for(stale))

    assert TOTPDevice.objects.get(pk=stale.pk).throttling_failure_count == 2
