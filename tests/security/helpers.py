"""Helpers for the security tests."""

from django_otp.oath import totp


def current_code(device):
    """The code an authenticator app shows now for `device` (a TOTPDevice)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:06d}"


def csp_directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def begin_two_step_setup(client, url=None, password=None):
    """Enter the password on the set-up page (its first step), so the session gets a new
    device whose QR code the next GET shows. Returns that unconfirmed TOTPDevice."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.mfa import SETUP_DEVICE_SESSION_KEY
    from tests.factories import DEFAULT_PASSWORD

    url = url or reverse("accounts:mfa_setup")
    response = client.post(url, {"password": password or DEFAULT_PASSWORD})
    assert response.status_code == 302, response.status_code
    return TOTPDevice.objects.get(pk=client.session[SETUP_DEVICE_SESSION_KEY])
