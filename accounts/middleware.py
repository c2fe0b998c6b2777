from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

SESSION_LOGIN_AT = "login_at"
# When the staff session's expiry was last moved forward (a POSIX timestamp).
SESSION_EXPIRY_REFRESHED_AT = "expiry_refreshed_at"
# Moving the expiry forward saves the session (a database and cache write); once a minute is
# enough for an idle timeout that stays correct to the minute.
EXPIRY_REFRESH_SECONDS = 60


class PrivateCacheMiddleware:
    """Pages for a logged-in user carry personal (often health) data: tell browsers and
    proxies never to store them (Cache-Control: no-store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500:
            # An error page is never stored either, and `request.user` is left alone: when the
            # failure was loading the user (the database is down), evaluating it again would
            # fail again and log a second traceback for the same request.
            add_never_cache_headers(response)
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class StaffSessionLimitMiddleware:
    """Therapists, editors and superusers: sessions end after STAFF_SESSION_IDLE_SECONDS
    without a request and STAFF_SESSION_MAX_SECONDS after login, whichever comes first.
    Patients keep the (configurable) SESSION_COOKIE_AGE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            login_at = request.session.get(SESSION_LOGIN_AT)
            now = timezone.now().timestamp()
            if login_at is None:
                request.session[SESSION_LOGIN_AT] = login_at = now
            if now - login_at > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            # Idle timeout: the expiry moves forward with activity, at most once a minute so that
            # most requests leave the session unmodified (no write at the end of the request).
            refreshed_at = request.session.get(SESSION_EXPIRY_REFRESHED_AT)
            if refreshed_at is None or not 0 <= now - refreshed_at < EXPIRY_REFRESH_SECONDS:
                remaining = settings.STAFF_SESSION_MAX_SECONDS - (now - login_at)
                request.session.set_expiry(int(min(settings.STAFF_SESSION_IDLE_SECONDS, remaining)))
                request.session[SESSION_EXPIRY_REFRESHED_AT] = now
        return self.get_response(request)
