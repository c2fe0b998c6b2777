"""Test settings: the production settings module, with safe values for a test run.

The environment still wins (DATABASE_URL selects PostgreSQL in CI).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-5b9f0c1e7a")
# Plain static storage: the manifest needs collectstatic, which tests do not run.
os.environ.setdefault("PLAIN_STATIC_STORAGE", "1")
# The live server and test client speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

from bonehealth.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# No collectstatic in tests: WhiteNoise serves from the finders (WHITENOISE_USE_FINDERS).
STATIC_ROOT = None

# Always the in-process cache, even when REDIS_URL is set: each test empties it
# (tests/conftest.py), which on a shared Redis would flush someone else's data.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (issue #17): tasks run at once, in the test's own thread and transaction, so
# tests see mail.outbox as before. The integration test in tests/notifications/ uses the
# database backend and a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "http://testserver"
