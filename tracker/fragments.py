"""Rendered tracker HTML kept in the cache (Redis in production), per patient, so the tracker
page and the dashboard's tracker panel cost a cache read rather than five aggregate queries
and the rendering of four charts and four 90-row tables.

What is cached: only HTML built from the patient's own check-ins and goals. Never anything
holding a CSRF token, a CSP nonce or messages: the fragments are rendered without the request,
so no context processor runs, and the forms, the page around the fragments and the messages
stay live.

When a cached fragment is used, it was built
- for the same patient (the key holds the patient's id),
- for the same fragment (the key holds its name, e.g. the tracker page's range),
- on the same local day (stored with it: "today" moves the charts' windows and the streaks),
- from the patient's data as it is now: the fragment carries the patient's current *token*, a
  random value that every write to their check-ins or goals deletes (after its transaction
  commits, see tracker.signals). The next reader draws a new token, so nothing built before
  the write matches any more. Deleting rather than incrementing also makes an evicted token
  harmless: a fresh random one never matches an old fragment.
- at most FRAGMENT_TIMEOUT seconds ago.

Forgetting is after the commit on purpose: forgetting only before it would let another request
read the old rows, after the token was drawn again, and cache them under the new token.
"""

import uuid
from collections.abc import Callable
from functools import partial

from django.core.cache import cache
from django.db import transaction

# Bump when the markup of a cached fragment changes, so a deployment never serves HTML built
# by the previous release.
FORMAT = 3  # 3: the dashboard entry holds data (tracker.dashboard), not HTML
FRAGMENT_TIMEOUT = 3600
TOKEN_TIMEOUT = 24 * 3600
# Every fragment name, so forgetting a patient also deletes their cached health data.
# "care-client-28": the therapist's client page in the workspace (care.client_page).
NAMES = ("home-7", "home-30", "home-90", "dashboard", "dashboard-checkin", "care-client-28")


def _token_key(patient_id) -> str:
    return f"tracker:{FORMAT}:token:{patient_id}"


def _fragment_key(patient_id, name: str) -> str:
    return f"tracker:{FORMAT}:{name}:{patient_id}"


def _current_token(patient_id, found: dict) -> str | None:
    token = found.get(_token_key(patient_id))
    if token is not None:
        return token
    token = uuid.uuid4().hex
    if cache.add(_token_key(patient_id), token, TOKEN_TIMEOUT):
        return token
    return cache.get(_token_key(patient_id))  # another request drew it first


def cached_fragment(patient_id, name: str, today, build: Callable[[], object]):
    """`build()`'s result (anything picklable: a string of HTML, a dict of them), from the cache
    when it was built for this patient, name and day since their last change. `name` must be
    one of NAMES. One cache round trip when it is there."""
    assert name in NAMES, name  # noqa: S101 - a programming error: forget() would miss it
    key = _fragment_key(patient_id, name)
    found = cache.get_many([_token_key(patient_id), key])
    token = found.get(_token_key(patient_id))
    stored = found.get(key)
    if token is not None and stored is not None and stored["token"] == token and stored["day"] == today:
        return stored["value"]
    token = _current_token(patient_id, found)
    value = build()
    if token is not None:
        cache.set(key, {"token": token, "day": today, "value": value}, FRAGMENT_TIMEOUT)
    return value


def forget(patient_id) -> None:
    """Make every cached fragment of this patient stale (and delete them: they hold health data)."""
    cache.delete_many([_token_key(patient_id), *(_fragment_key(patient_id, name) for name in NAMES)])


def forget_on_commit(patient_id) -> None:
    """forget(patient_id) once the current transaction commits (at once outside one).

    Inside a transaction, also forget at once: later reads in the same transaction (a view
    that writes and then shows the result, a test run inside one transaction) see the new
    rows, and must not be answered from the cache either. The forget after the commit is the
    one that counts for everyone else: see the module's docstring."""
    if transaction.get_connection().in_atomic_block:
        forget(patient_id)
    transaction.on_commit(partial(forget, patient_id))
