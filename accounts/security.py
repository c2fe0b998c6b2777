"""Security helpers: extra response headers, django-axes hooks and ending a user's sessions.

See docs/SECURITY.md for what is protected and how.
"""

import ipaddress
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.utils import timezone

from accounts.models import normalise_email

security_log = logging.getLogger("bonehealth.security")

# No page here uses the camera, microphone, location, payment or USB; a script that somehow
# got in could not ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


FALLBACK_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: Permissions-Policy, and
    Cross-Origin-Resource-Policy so no other site can embed this site's responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Responses made before the inner middleware ran (the 400 for a bad Host header, raised
        # by CommonMiddleware) still get a frame ban and a policy that allows nothing.
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", FALLBACK_CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# --- request bodies: no file uploads, and a cap on the whole body (issue #15 item 7) ---------------


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE with 400
    (RequestDataTooBig, as Django refuses too many form bytes), before anything reads it.
    Django's own limit counts form fields only and skips multipart file parts, so a 20 MB "file"
    got through; here the whole body counts (no form on this site comes near the limit). A body
    without Content-Length is not read at all by Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body for a Content-Length it cannot read
        if limit is not None and length > limit:
            security_log.warning("request body refused size=%s path_name=%s", length, _path_name(request))
            raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        return self.get_response(request)


# Beyond a 64-bit integer: no id, page or year here comes near it, and the databases refuse it
# with an error rather than "no match" (SQLite: OverflowError; issue #15 item 9).
MAX_QUERY_INTEGER = 2**63 - 1


def _impossible_query_value(value):
    if "\x00" in value:  # PostgreSQL cannot hold NUL in text: a DataError
        return True
    digits = value.strip().lstrip("+-")
    return len(digits) > 18 and digits.isdigit() and int(digits) > MAX_QUERY_INTEGER


class QueryStringLimitMiddleware:
    """Refuse with 400 a query string holding NUL or an integer beyond 64 bits, in any name or
    value, before a view (an admin list filter, the admin's autocomplete or search) passes it to
    the database, where it would be a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if _impossible_query_value(key) or any(_impossible_query_value(value) for value in values):
                raise BadRequest("A query string value cannot be used.")
        return self.get_response(request)


def _path_name(request):
    """The first segment of the path only: logs never carry what follows (names, ids)."""
    return "/" + request.path.lstrip("/").split("/", 1)[0]


class RefuseFileUploadHandler(FileUploadHandler):
    """The first upload handler (FILE_UPLOAD_HANDLERS): the product takes no files, so a
    multipart file part ends the request with 400 before any of it is kept."""

    def new_file(self, *args, **kwargs):
        raise RequestDataTooBig("File uploads are not accepted.")

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover - new_file refused already
        return None

    def file_complete(self, file_size):  # pragma: no cover
        return None


# --- django-axes --------------------------------------------------------------------------------


def client_ip(request):
    """The client's IP address, None when unknown (force_login in tests). REMOTE_ADDR, or behind
    our own proxies (PROXY_COUNT of them) the address our outermost proxy saw, read from the right
    of X-Forwarded-For so a client cannot choose it by sending its own header."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count and _is_ip_address(forwarded[-count]):
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def _is_ip_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def axes_username(request, credentials):
    """The login name django-axes counts failures against: the email address in the one form the
    login lookup matches (accounts.models.normalise_email), so "Ada@x.org " and "ada@x.org"
    share one counter, and no spelling logs in under a counter of its own."""
    if credentials:
        raw = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalise_email(raw) if isinstance(raw, str) else None


def lockout_response(request, original_response=None, credentials=None):
    """The page for a locked-out username and IP address: 429, the wait in minutes, and the
    way out through a password reset (which lifts the lock, see accounts.views)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60))
    security_log.warning("login locked out ip=%s", client_ip(request) or "-")
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def reset_login_failures(email):
    """Forget the failed logins recorded for this email address (every IP address)."""
    from axes.utils import reset

    reset(username=normalise_email(email))


# --- sessions -----------------------------------------------------------------------------------


def end_user_sessions(user, keep_session_key=None):
    """Delete every stored session of `user` except `keep_session_key` (the current one).

    Sessions are stored by key, not by user, so this reads each unexpired session; it runs on
    rare events only (password change, two-step set-up, account deletion). Returns how many
    sessions ended. With cached_db sessions the cache entry goes too (SessionStore.delete)."""
    store_class = _session_store_class()
    ended = 0
    user_pk = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        data = session.get_decoded()
        if str(data.get(SESSION_KEY)) == user_pk:
            store_class(session.session_key).delete()
            ended += 1
    if ended:
        security_log.info("sessions ended user_id=%s count=%s", user.pk, ended)
    return ended


def _session_store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore
