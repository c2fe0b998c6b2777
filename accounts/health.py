"""What load balancers and monitors poll, and the pages shown when something fails.

- GET /healthz/ (liveness): answers "ok" from the app alone, touching neither the database nor
  the cache, so a slow database does not take every app server out of the pool at once; it is
  also the benchmark's baseline view (the cost of the middleware stack alone).
- GET /readyz/ (readiness): 200 when the database answers a `SELECT 1`, else 503; it also says
  whether the cache answers (the site serves without it, so a down cache is still "ready").
  One word per line and no details: nothing about hosts, versions or errors.
- server_error (handler500): Django's 500 handler. A database that is down, frozen past its
  timeouts or refusing connections gives the friendly 503 page with Retry-After; any other
  failure the 500 page. Both are plain files (templates/503.html, templates/500.html) rendered
  without the request: no database, no user, no context processors.
"""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("bonehealth.health")

# Connection refused or lost, a connect or statement timeout, "database is locked" on SQLite.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


@require_safe
@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def readyz(request):
    database = _database_answers()
    cache_state = _cache_state()
    lines = ["ready" if database else "not ready", f"database {'ok' if database else 'unavailable'}"]
    lines.append(f"cache {cache_state}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    if not database:
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # One line (rate-limited by the logging filter), not Django's error line for every poll.
        log.warning("Not ready: the database does not answer")
        response._has_been_logged = True
    return response


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        # A broken connection is not reused by the next request.
        connection.close_if_unusable_or_obsolete()
        return False


def _cache_state() -> str:
    """ "ok" or "unavailable" for the shared cache (bonehealth.cache.RedisCache); "local" for a
    process's own memory, which cannot fail."""
    is_answering = getattr(cache, "is_answering", None)
    if is_answering is None:
        return "local"
    return "ok" if is_answering() else "unavailable"


def database_unavailable(exc: BaseException | None) -> bool:
    """Is this failure (or what caused it) the database being unavailable?"""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def server_error(request):
    """handler500: called by Django inside its `except`, so sys.exc_info() is the failure."""
    if database_unavailable(sys.exc_info()[1]):
        response = _error_page("503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = _error_page("500.html", 500)
    add_never_cache_headers(response)
    return response


def _error_page(template_name, status):
    try:
        body = loader.get_template(template_name).render()
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        body = "<!doctype html><title>Bone health</title><p>Sorry, please try again in a minute.</p>"
    return HttpResponse(body, status=status)
