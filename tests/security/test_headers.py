"""Security headers on every response, the admin included."""

import json
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import otp_login
from tests.factories import DEFAULT_PASSWORD
from tests.security.helpers import csp_directives

ANONYMOUS_PAGES = ["home", "accounts:login", "accounts:signup", "accounts:password_reset", "admin:login"]


def assert_strict_csp(response):
    csp = csp_directives(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages_send_strict_csp_and_security_headers(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert_strict_csp(response)
    assert_common_headers(response)


@pytest.mark.django_db
def test_not_found_and_method_not_allowed_carry_the_headers_too(client):
    for response in (client.get("/no-such-page/"), client.delete(reverse("home"))):
        assert response.status_code in (404, 405)
        assert_strict_csp(response)
        assert_common_headers(response)


@pytest.mark.django_db
def test_hsts_of_a_year_with_subdomains_on_https(client, settings):
    assert settings.DEBUG is False
    response = client.get(reverse("home"), secure=True)

    hsts = response["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts


@pytest.mark.django_db
def test_scripts_run_only_with_this_requests_nonce(client):
    response = client.get(reverse("accounts:login"))

    nonce_sources = [s for s in csp_directives(response)["script-src"] if s.startswith("'nonce-")]
    assert len(nonce_sources) == 1
    nonce = nonce_sources[0][len("'nonce-") : -1]
    html = response.content.decode()
    # Every <script> either loads a file from this site or carries the nonce; none is inline.
    for tag, body in re.findall(r"(<script[^>]*>)(.*?)</script>", html, flags=re.S):
        assert 'src="/static/' in tag or f'nonce="{nonce}"' in tag, tag
        if 'src="' in tag:
            assert body.strip() == ""


@pytest.mark.django_db
def test_htmx_keeps_no_history_snapshots_and_needs_no_eval(client):
    html = client.get(reverse("home")).content.decode()

    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', html).group(1))
    assert config["historyCacheSize"] == 0
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False


@pytest.mark.django_db
def test_authenticated_pages_are_never_stored(patient_client):
    for name in ("accounts:profile", "accounts:password_change", "home"):
        response = patient_client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


# --- the admin under the same CSP ---------------------------------------------------------------

INLINE_STYLE = re.compile(r"<[^>]+\sstyle=", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>\s*\S", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def assert_no_inline_code(html, where):
    assert not INLINE_STYLE.search(html), f"inline style attribute on {where}"
    assert not INLINE_SCRIPT.search(html), f"inline <script> on {where}"
    assert not INLINE_HANDLER.search(html), f"inline event handler on {where}"


@pytest.mark.django_db
def test_admin_pages_work_under_the_strict_csp(client, django_user_model):
    """Django 5.2's admin has no inline scripts or style attributes (its scripts read their
    data from data- attributes; date widgets set styles through the DOM, which CSP allows), so
    the admin needs no relaxation of the policy."""
    superuser = django_user_model.objects.create_superuser("root@example.com", "x" * 12, full_name="Root")
    otp_login(client, superuser)
    pages = [
        reverse("admin:index"),
        reverse("admin:accounts_user_change", args=[superuser.pk]),
        reverse("admin:password_change"),
    ]
    # Every registered model's list and add page (read-only models refuse "add" with 403).
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    for url in pages:
        response = client.get(url)
        if response.status_code == 403 and url.endswith("/add/"):
            continue
        assert response.status_code == 200, url
        assert_strict_csp(response)
        assert_common_headers(response)
        assert "no-store" in response["Cache-Control"]
        assert_no_inline_code(response.content.decode(), url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "accounts:login", "accounts:signup", "admin:login"])
def test_pages_have_no_inline_code(client, name):
    assert_no_inline_code(client.get(reverse(name)).content.decode(), name)


@pytest.mark.django_db
def test_logged_in_pages_have_no_inline_code(patient_client):
    names = ["accounts:profile", "accounts:password_change", "accounts:mfa_setup", "accounts:delete_account"]
    for name in names:
        response = patient_client.get(reverse(name))
        assert response.status_code == 200
        assert_no_inline_code(response.content.decode(), name)


LOADED_RESOURCE = re.compile(r"<(?:script|link|img|iframe|source|form|object|embed)\b[^>]*>", re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "accounts:login", "accounts:signup", "admin:login"])
def test_no_third_party_requests(client, name):
    """Scripts, styles, fonts, images and form posts stay on this site."""
    html = client.get(reverse(name)).content.decode()

    tags = LOADED_RESOURCE.findall(html)
    assert tags
    for tag in tags:
        for url in re.findall(r'\s(?:src|href|action|srcset)="([^"]*)"', tag):
            assert not re.match(r"^(https?:)?//", url), f"{tag} on {name}"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(client, patient, settings):
    """Under the test settings cookies are not Secure (plain-HTTP test client); the production
    values are asserted in test_production_settings.py. Here: HttpOnly and SameSite."""
    credentials = {"username": patient.email, "password": DEFAULT_PASSWORD}
    response = client.post(reverse("accounts:login"), credentials)
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["httponly"] is True
    assert csrf_cookie["samesite"] == "Lax"
