"""Two-step verification with an authenticator app (TOTP, django-otp).

- Therapists, editors and superusers must set up a device and pass a code in each session
  before any admin page (MFA_REQUIRED_FOR_STAFF, on by default).
- Patients may turn it on from their details page; once on, every session asks for a code.

A session that passed a code carries django-otp's device id (django_otp.login), so
`request.user.is_verified()` is true. The views are in accounts.views.
"""

import hashlib
import hmac
import logging
import math
import secrets
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

security_log = logging.getLogger("bonehealth.security")

# Set at login: does this user have a confirmed device? Saves a query on every request.
ENROLLED_SESSION_KEY = "mfa_enrolled"
DEVICE_NAME = "Authenticator app"

# What a session that has not passed two-step verification may still open.
OPEN_URL_NAMES = [
    "accounts:mfa_setup",
    "accounts:mfa_verify",
    "accounts:mfa_backup_verify",
    "accounts:logout",
    "admin:logout",
]

# Backup codes: ten of ten characters from an alphabet without look-alikes (no 0/o, 1/l/i),
# about 49 bits each, shown as "abcde-fghjk". Kept as salted PBKDF2 hashes: checking one
# against the ten takes tens of milliseconds, which only a login attempt pays.
BACKUP_CODE_COUNT = 10
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10
BACKUP_CODE_ITERATIONS = 20_000


def needs_mfa(user):
    """Staff roles must use two-step verification (unless MFA_REQUIRED_FOR_STAFF is off)."""
    return settings.MFA_REQUIRED_FOR_STAFF and (user.is_staff or user.is_superuser)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


# The session's own device being set up (its pk). The secret is shown only to the session that
# made it, after the password was entered again there.
SETUP_DEVICE_SESSION_KEY = "mfa_setup_device"


def start_setup(request):
    """A new device with a new secret for this set-up attempt, after the password was entered
    again. Any other unconfirmed device of the user goes: a secret someone saw on an earlier
    set-up screen never becomes a working second factor."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    request.session[SETUP_DEVICE_SESSION_KEY] = device.pk
    return device


def pending_device(request):
    """The unconfirmed device this session started setting up (None when there is none, or
    when a later set-up elsewhere replaced it)."""
    pk = request.session.get(SETUP_DEVICE_SESSION_KEY)
    if pk is None:
        return None
    return TOTPDevice.objects.filter(user=request.user, confirmed=False, pk=pk).first()


def confirm_device(request, device):
    """The code was right: `device` becomes the user's device, and every other unconfirmed
    device of the user is removed (one transaction)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).exclude(pk=device.pk).delete()
    request.session.pop(SETUP_DEVICE_SESSION_KEY, None)


def qr_code_svg(device):
    """The device's otpauth:// URI as an inline SVG QR code (no style attributes: CSP-safe)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        title="QR code for your authenticator app",
    )


def secret_for_manual_entry(device):
    """The base32 secret in groups of four, as authenticator apps ask for it."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# Wrong codes double the wait (django-otp: 1, 2, 4 ... seconds); counting at most this many keeps
# the longest wait at 2 ** 8 = 256 seconds, about four minutes, instead of growing into days.
MAX_FAILURES_COUNTED = 9
WRONG_CODE = "That code is not right. Check the code in your app (it changes every 30 seconds) and try again."


def _locked(device):
    """`device` read again with its row locked until the transaction ends, so parallel wrong
    codes are counted one after another, never over each other (select_for_update)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    # A count stored before the cap (or by django-otp itself) waits no longer than the cap.
    device.throttling_failure_count = min(device.throttling_failure_count, MAX_FAILURES_COUNTED)
    return device


def _count_failure(device):
    device.throttle_increment(commit=False)
    device.throttling_failure_count = min(device.throttling_failure_count, MAX_FAILURES_COUNTED)
    device.save(update_fields=["throttling_failure_timestamp", "throttling_failure_count"])


def _wait_message(device, prefix="Too many wrong codes.", min_seconds=0):
    """When `device` may be tried again, in the person's words; None when it may now (or within
    `min_seconds`)."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    seconds = max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))
    if seconds < min_seconds:
        return None
    if seconds < 60:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        minutes = math.ceil(seconds / 60)
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
    at = timezone.localtime(info["locked_until"]).strftime("%H:%M:%S")
    return f"{prefix} You can try again in {wait} (at {at}), with a new code."


def check_code(device, code):
    """Check a code against `device` with django-otp's throttling (each failure doubles the wait,
    capped). The device row is locked while it is checked. Returns None when the code is right,
    else a message for the person saying when they may try again."""
    with transaction.atomic():
        device = _locked(device)
        wait = _wait_message(device)
        if wait:
            return wait
        verified = device.verify_token(code)  # counts a failure itself, uncapped
        if verified:
            return None
        device.throttling_failure_count = min(device.throttling_failure_count, MAX_FAILURES_COUNTED)
        device.save(update_fields=["throttling_failure_count"])
        return _wait_message(device, prefix=WRONG_CODE, min_seconds=30) or WRONG_CODE


def mark_verified(request, device):
    """The session has passed two-step verification with `device`."""
    from django_otp import login as otp_login

    request.session.cycle_key()
    otp_login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True


def forget_devices(request, user):
    """Two-step verification off: remove the devices, the backup codes and the session's
    verified state."""
    from accounts.models import BackupCode

    TOTPDevice.objects.filter(user=user).delete()
    BackupCode.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[ENROLLED_SESSION_KEY] = False


def safe_next(request, default=None):
    """The `next` parameter when it points to this site, else `default` (a URL or URL name)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default) if default else None


def after_verification_url(request):
    return safe_next(request, "admin:index" if request.user.is_staff else "accounts:profile")


@receiver(user_logged_in)
def remember_enrolment(sender, request, user, **kwargs):
    """One query at login, so the middleware knows without a query per request."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TwoStepVerificationMiddleware:
    """Send a logged-in session that has not passed two-step verification to the right step:
    - enrolled users (any role), on every page: the verify page;
    - staff without a device, on any admin page: the set-up page.
    Logging out and the two pages themselves stay open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = self.required_step(request)
        if step is None:
            return self.get_response(request)
        url = f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)

    def required_step(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        enrolled = request.session.get(ENROLLED_SESSION_KEY)
        if not enrolled and not needs_mfa(user):
            # Most patients: nothing to verify, so no need to reverse the open URLs.
            return None
        if request.path in {reverse(name) for name in OPEN_URL_NAMES}:
            return None
        if enrolled:
            return "accounts:mfa_verify"
        if needs_mfa(user) and request.path.startswith(reverse("admin:index")):
            return "accounts:mfa_setup"
        return None


# --- backup codes ------------------------------------------------------------------------------


def _hash_backup_code(code, salt):
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), salt, BACKUP_CODE_ITERATIONS)
    return f"pbkdf2_sha256${BACKUP_CODE_ITERATIONS}${salt.hex()}${digest.hex()}"


def _backup_code_matches(code, stored):
    _, iterations, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", code.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(candidate.hex(), digest)


def normalise_backup_code(code):
    """As typed: any case, with or without the dash or spaces."""
    return "".join(ch for ch in code.lower() if ch not in " -\t")


def format_backup_code(code):
    half = BACKUP_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def issue_backup_codes(user):
    """A new set of backup codes for `user` (the old set stops working). Returns the codes,
    formatted for reading: they exist nowhere else once the page showing them is gone."""
    from accounts.models import BackupCode

    codes = [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    with transaction.atomic():
        BackupCode.objects.filter(user=user).delete()
        BackupCode.objects.bulk_create(
            BackupCode(user=user, code_hash=_hash_backup_code(code, secrets.token_bytes(16)))
            for code in codes
        )
    security_log.info("backup codes issued user_id=%s", user.pk)
    return [format_backup_code(code) for code in codes]


def backup_codes_left(user):
    from accounts.models import BackupCode

    return BackupCode.objects.filter(user=user, used_at__isnull=True).count()


def use_backup_code(user, code):
    """Spend one of `user`'s unused backup codes if `code` is one. Returns True if it was.
    The row is locked, so one code cannot pass two logins at once."""
    from accounts.models import BackupCode

    code = normalise_backup_code(code)
    if len(code) != BACKUP_CODE_LENGTH or any(ch not in BACKUP_CODE_ALPHABET for ch in code):
        return False
    with transaction.atomic():
        for backup in BackupCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
            if _backup_code_matches(code, backup.code_hash):
                backup.used_at = timezone.now()
                backup.save(update_fields=["used_at"])
                return True
    return False


def check_backup_code(device, user, code):
    """Like check_code, for a backup code, sharing the authenticator's throttle (and its row
    lock): wrong backup codes slow down guessing exactly as wrong app codes do. None when it is
    right."""
    wrong = "That backup code is not right, or it has been used already. Each code works once."
    with transaction.atomic():
        device = _locked(device)
        wait = _wait_message(device)
        if wait:
            return wait
        if use_backup_code(user, code):
            device.throttle_reset()
            return None
        _count_failure(device)
        return _wait_message(device, prefix=wrong, min_seconds=30) or wrong
