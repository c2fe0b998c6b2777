"""Settings read from the environment: refusals and parsing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bonehealth.settings import database_from_url, env_bool

ROOT = Path(__file__).resolve().parent.parent
PRINT_DEBUG = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def load_settings(**env):
    """Import bonehealth.settings in a fresh interpreter with exactly these variables."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "bonehealth.settings"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_off_is_the_default():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_development_works_without_secret_key():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_bad_boolean_is_named():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_bad_database_url_is_named():
    result = load_settings(DEBUG="1", DATABASE_URL="mysql://x/y")
    assert result.returncode != 0
    assert "DATABASE_URL must start with sqlite:// or postgres://" in result.stderr


def test_database_url_parsing():
    pg = database_from_url("postgres://bob:s%40cret@db.local:5433/bone?sslmode=require")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "bone",
        "bob",
        "s@cret",
        "db.local",
        "5433",
    )
    assert pg["OPTIONS"] == {
        "sslmode": "require",
        # Timeouts by default (issue #15, faults); the URL's query string may override them.
        "connect_timeout": 5,
        "tcp_user_timeout": 10000,
        "options": "-c statement_timeout=15000",
    }
    assert database_from_url("postgres://h/b?connect_timeout=2")["OPTIONS"]["connect_timeout"] == "2"
    lite = database_from_url("sqlite:////tmp/x.sqlite3")
    assert lite["NAME"] == Path("/tmp/x.sqlite3")
    with pytest.raises(ImproperlyConfigured):
        database_from_url("postgres://host/")


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", True) is True
