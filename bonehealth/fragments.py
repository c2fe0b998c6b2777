"""Cached fragments: the project's one mechanism for keeping built HTML (or data) in the cache.

Two scopes only:

- one patient (`patient_fragment`): built from one patient's own records, under a key holding
  their id, and stale as soon as any of those records change (`forget_patient`, which also
  deletes them: they hold health data);
- shared content (`render_shared`): a template rendered once for everyone who may read it
  (a client's tracker panels on their therapist's page). It is rendered without the request
  and with `user` and `request` replaced by a guard that raises on any use, so markup built
  for one reader can never show their name or token to another (tests/bonehealth/
  test_fragments.py).

A patient's fragments are checked against their current *token*, a random value that
`forget_patient` deletes; the next reader draws a new one, so nothing built before the change
matches. Forgetting runs at once and again after the transaction commits
(`forget_patient_on_commit`): a request reading the old rows between the two cannot store them
under the new token for long.

Every fragment name is listed in PATIENT_FRAGMENTS, so forgetting a patient deletes them all.
"""

import uuid
from collections.abc import Callable
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string

FRAGMENT_TIMEOUT = 3600
TOKEN_TIMEOUT = 24 * 3600
# Every per-patient fragment, by name (the view that uses each is named beside it).
PATIENT_FRAGMENTS = (
    "home-7",  # tracker.views.home, 7 days
    "home-30",  # tracker.views.home, 30 days
    "home-90",  # tracker.views.home, 90 days
    "dashboard",  # tracker.dashboard.checkin_panel: the data of the dashboard's tracker part
    "care-client-28",  # care.client_page.tracker_part: the therapist's client page
)


def _token_key(patient_id) -> str:
    return f"fragments:patient:{patient_id}:token"


def _fragment_key(patient_id, name: str) -> str:
    return f"fragments:patient:{patient_id}:{name}"


def _current_token(patient_id, found: dict) -> str | None:
    token = found.get(_token_key(patient_id))
    if token is not None:
        return token
    token = uuid.uuid4().hex
    if cache.add(_token_key(patient_id), token, TOKEN_TIMEOUT):
        return token
    return cache.get(_token_key(patient_id))  # another request drew it first


def patient_fragment(patient_id, name: str, today, build: Callable[[], object]):
    """`build()`'s result (anything picklable), from the cache when it was built for this
    patient and name on this local day since their records last changed. One round trip."""
    assert name in PATIENT_FRAGMENTS, name  # noqa: S101 - forget_patient() would miss it
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


def forget_patient(patient_id) -> None:
    """Make every cached fragment of this patient stale, and delete them."""
    cache.delete_many(
        [_token_key(patient_id), *(_fragment_key(patient_id, name) for name in PATIENT_FRAGMENTS)]
    )


def forget_patient_on_commit(patient_id) -> None:
    """forget_patient() now (later reads in this transaction see the new rows) and again once
    the transaction commits (the one that counts for everyone else)."""
    if transaction.get_connection().in_atomic_block:
        forget_patient(patient_id)
    transaction.on_commit(partial(forget_patient, patient_id))


class SharedRenderError(RuntimeError):
    """A shared (cached for several people) template used `user` or `request`."""


class _Forbidden:
    """Stands for `user` and `request` in a shared render: any use raises."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def _refuse(self, *args, **kwargs):
        raise SharedRenderError(
            f"A shared fragment read `{self._name}`: it would show one person's data to another."
        )

    __getattr__ = __getitem__ = __str__ = __bool__ = __iter__ = __len__ = __html__ = _refuse


def render_shared(template_name: str, context: dict) -> str:
    """Render a template meant for everyone who shares it: no request, no context processors,
    and `user`/`request` refuse every use (SharedRenderError)."""
    guarded = {**context, "user": _Forbidden("user"), "request": _Forbidden("request")}
    return render_to_string(template_name, guarded)
