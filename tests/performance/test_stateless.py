"""The app servers keep no state of their own, so any number can run behind a load balancer.

Here two WSGI handlers (two test clients) stand for two app servers sharing one database; the
cache is emptied between them, as another server would have its own. `make bench` shows the
same with two gunicorn instances on PostgreSQL and Redis (docs/PERFORMANCE.md).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD, PatientFactory

ROOT = Path(__file__).resolve().parents[2]


def other_server_memory():
    """What a second server would not share: its own local-memory caches."""
    for cache in caches.all():
        cache.clear()


@pytest.mark.django_db
def test_login_on_one_app_server_and_carry_on_with_another():
    patient = PatientFactory(email="ada@example.com", full_name="Ada Patient")
    server_a = Client(enforce_csrf_checks=True)
    server_b = Client(enforce_csrf_checks=True)

    server_a.get(reverse("accounts:login"))
    token = server_a.cookies[settings.CSRF_COOKIE_NAME].value
    response = server_a.post(
        reverse("accounts:login"),
        {"username": "ada@example.com", "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")

    # Logging in rotates the CSRF secret: the new one is in the cookie server A set.
    token = server_a.cookies[settings.CSRF_COOKIE_NAME].value
    other_server_memory()
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        server_b.cookies[name] = server_a.cookies[name].value

    response = server_b.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert response.context["user"] == patient

    # A write on server B with the CSRF token server A handed out: the secret lives in the
    # cookie, not in the server's memory.
    today = timezone.localdate()
    response = server_b.post(
        reverse("tracker:checkin"),
        {"day": today.isoformat(), "sleep_hours": "7", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert patient.tracker_entries.get(day=today).sleep_hours == 7

    other_server_memory()
    response = server_b.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    other_server_memory()
    response = server_a.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def production_settings(**env):
    """SESSION_ENGINE and the cache backend as bonehealth.settings sets them for `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL", "DEBUG"}}
    clean.update(env, SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="bonehealth.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_ENGINE); print(s.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_with_redis_sessions_and_cache_are_shared_by_every_app_server():
    session_engine, cache = production_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    assert session_engine == "django.contrib.sessions.backends.cached_db"
    # Django's RedisCache, reusing one client per pool (bonehealth/cache.py).
    assert cache == "bonehealth.cache.RedisCache"


def test_without_redis_sessions_live_in_the_database():
    session_engine, cache = production_settings()
    # Never the cache-only or file session backends, which would tie a user to one server.
    assert session_engine == "django.contrib.sessions.backends.db"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"


def test_no_model_keeps_uploaded_files_on_the_app_server():
    file_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert file_fields == []
