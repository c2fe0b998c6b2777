"""Versions that key the education pages' cached fragments, so a change shows at once.

Two kinds of version live in the shared cache, each an opaque token that is replaced (never
counted up) when what it stands for changes:

- the content generation: any change to the published lessons (their rows, sections,
  series, quizzes and questions; education.signals) replaces it, so the lesson catalogue and
  every fragment built from it are read afresh;
- one reader version per patient: any write to their lesson progress, quiz attempts or
  assignments (education.signals, education.quiz_services) replaces it, so their
  dashboard panels are read afresh.

A token is replaced twice for each write: at once, so the writing request (and a test inside
its transaction) reads its own change, and again when the transaction commits, so a fragment
another request built from the rows as they were before the commit, and stored under the
first new token, is never read. A token that expired or was evicted is simply made again:
tokens are random, so a fresh one never matches an entry built under an older one.

Every fragment keyed by a reader version expires within an hour (FRAGMENT_TIMEOUT) whatever
happens; the version keys themselves may live longer.
"""

from functools import partial
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

CONTENT_KEY = "education:content-generation"
READER_KEY = "education:reader:{}"
VERSION_TIMEOUT = 7 * 24 * 3600
FRAGMENT_TIMEOUT = 3600


def _new_token():
    return uuid4().hex[:16]


def _replace(keys):
    cache.set_many(dict.fromkeys(keys, _new_token()), VERSION_TIMEOUT)


def _bump(keys):
    keys = list(keys)
    if keys:
        _replace(keys)
        transaction.on_commit(partial(_replace, keys))


def versions(*keys):
    """{key: token} for these version keys, in one round trip; a missing token is made."""
    found = cache.get_many(keys)
    missing = {key: _new_token() for key in keys if key not in found}
    if missing:
        for key, token in missing.items():
            # add(): when two requests make a token at once, both use the one stored first.
            if not cache.add(key, token, VERSION_TIMEOUT):
                token = cache.get(key) or token
            found[key] = token
    return found


def content_generation():
    return versions(CONTENT_KEY)[CONTENT_KEY]


def reader_key(user_id):
    return READER_KEY.format(user_id)


def content_and_reader(user_id):
    """(content generation, the reader's version), in one round trip."""
    found = versions(CONTENT_KEY, reader_key(user_id))
    return found[CONTENT_KEY], found[reader_key(user_id)]


def bump_content():
    """The published lessons changed: every fragment built from them is read afresh."""
    _bump([CONTENT_KEY])


def bump_readers(user_ids):
    """These patients' progress, attempts or assignments changed."""
    _bump(reader_key(user_id) for user_id in set(user_ids) if user_id is not None)


def request_versions(request):
    """content_and_reader() for the requesting patient, read once per request (the dashboard's
    panels share it)."""
    found = getattr(request, "_education_versions", None)
    if found is None:
        found = request._education_versions = content_and_reader(request.user.pk)
    return found
