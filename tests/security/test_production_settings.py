"""The production settings, read the way production reads them: bonehealth.settings imported in a
fresh interpreter with production environment values (as .ci/run does for check --deploy)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# Variables the test settings or the developer's shell may set; production starts without them.
DROPPED = {
    "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PLAIN_STATIC_STORAGE", "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "PATIENT_SESSION_AGE", "STAFF_SESSION_IDLE_SECONDS",
    "STAFF_SESSION_MAX_SECONDS", "MFA_REQUIRED_FOR_STAFF", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES",
    "BEHIND_PROXY", "DATA_UPLOAD_MAX_MEMORY_SIZE", "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND",
    "DEFAULT_FROM_EMAIL",
    # The browser tests set this for the whole test run; production never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
PRODUCTION_ENV = {
    "SECRET_KEY": "production-like-secret-" + "k" * 50,
    "ALLOWED_HOSTS": "bonehealth.example.org",
    "DJANGO_SETTINGS_MODULE": "bonehealth.settings",
    # A real email configuration is part of production (issue #15 item 4).
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "DEFAULT_FROM_EMAIL": "Bone health <no-reply@bonehealth.example.org>",
}
NAMES = [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "SESSION_COOKIE_AGE",
    "STAFF_SESSION_IDLE_SECONDS", "STAFF_SESSION_MAX_SECONDS", "AUTHENTICATION_BACKENDS",
    "AXES_LOCKOUT_PARAMETERS", "AXES_FAILURE_LIMIT", "AXES_ENABLED", "MFA_REQUIRED_FOR_STAFF",
    "DATA_UPLOAD_MAX_MEMORY_SIZE", "MIDDLEWARE",
]
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}, default=str)); "
    "print(settings.AXES_COOLOFF_TIME.total_seconds())"
)


def production(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in DROPPED}
    clean.update(PRODUCTION_ENV, **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def production_settings(**env):
    result = production("-c", PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    values_line, cooloff_line = result.stdout.strip().splitlines()[-2:]
    values = json.loads(values_line)
    values["AXES_COOLOFF_SECONDS"] = float(cooloff_line)
    return values


@pytest.fixture(scope="module")
def values():
    return production_settings()


def test_production_cookies_are_secure_httponly_and_samesite(values):
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")


def test_production_https_and_headers(values):
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 512 * 1024


def test_production_login_protection_and_two_step_verification(values):
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["AXES_ENABLED"] is True
    assert values["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["AXES_COOLOFF_SECONDS"] == 15 * 60
    assert values["MFA_REQUIRED_FOR_STAFF"] is True
    middleware = values["MIDDLEWARE"]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert middleware.index("django_otp.middleware.OTPMiddleware") < middleware.index(
        "accounts.mfa.TwoStepVerificationMiddleware"
    )


def test_session_lengths_default_and_configurable(values):
    assert values["SESSION_COOKIE_AGE"] == 14 * 24 * 3600  # patients: two weeks, see README
    assert values["STAFF_SESSION_IDLE_SECONDS"] == 3600
    assert values["STAFF_SESSION_MAX_SECONDS"] == 24 * 3600

    configured = production_settings(PATIENT_SESSION_AGE="28800")
    assert configured["SESSION_COOKIE_AGE"] == 28800


def test_deploy_check_is_clean_under_production_values():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- issue #15 item 4: no console email in production --------------------------------------------


def test_deploy_check_fails_when_email_would_go_to_the_console():
    clean = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("EMAIL_BACKEND", "DEFAULT_FROM_EMAIL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in DROPPED}, **clean},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "bonehealth.E001" in result.stderr + result.stdout
    assert "bonehealth.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "backend",
    ["django.core.mail.backends.filebased.EmailBackend", "django.core.mail.backends.locmem.EmailBackend"],
)
def test_deploy_check_fails_for_any_development_email_backend(backend):
    result = production("manage.py", "check", "--deploy", EMAIL_BACKEND=backend)

    assert result.returncode != 0
    assert "bonehealth.E001" in result.stderr + result.stdout


def test_deploy_check_accepts_a_provider_through_anymail():
    result = production(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        EMAIL_BACKEND="anymail.backends.postmark.EmailBackend",
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
