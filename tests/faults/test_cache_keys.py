"""Cache keys carry the release and the database's identity (bonehealth.cache): what a previous
release, another database or a restored backup cached is never served (issue #15, faults)."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bonehealth import cache as bonehealth_cache
from bonehealth.models import DatabaseIdentity
from bonehealth.release import code_hash, release_id
from tests.faults.conftest import make_cache
from tests.test_settings import ROOT

PRINT_CACHE = (
    "import django; django.setup(); from django.conf import settings; c = settings.CACHES['default'];"
    "print(c['BACKEND'], c['KEY_PREFIX'], sorted(c['OPTIONS']), sep='|', end='')"
)


@pytest.fixture
def caches_to_clean():
    made = []
    yield made
    for cache in made:
        cache.delete("tracker:2:dashboard:7")


def test_a_new_release_never_serves_a_fragment_of_the_old(caches_to_clean):
    old = make_cache(release="release-1")
    new = make_cache(release="release-2")
    new.key_prefix = old.key_prefix.replace("release-1", "release-2")  # one Redis, both releases
    caches_to_clean += [old, new]
    old.set("tracker:2:dashboard:7", "Sleep 3.25 hours")
    assert old.get("tracker:2:dashboard:7") == "Sleep 3.25 hours"
    assert new.get("tracker:2:dashboard:7") is None


def test_another_database_never_serves_a_fragment_of_the_first(caches_to_clean):
    """A new database (or one restored from a backup: pg_restore makes the table anew) has
    another identity, so the same ids in the same Redis mean nothing any more."""
    cache = make_cache()
    caches_to_clean.append(cache)
    cache.set("tracker:2:dashboard:7", "Sleep 3.25 hours")
    first = bonehealth_cache.database_identity()

    DatabaseIdentity.objects.all().delete()
    DatabaseIdentity.objects.create()  # what the migration does in a new database
    bonehealth_cache.forget_database_identity()  # a new process, as after the restore

    assert bonehealth_cache.database_identity() != first
    assert cache.get("tracker:2:dashboard:7") is None


def test_the_identity_is_read_once_per_process(django_assert_num_queries):
    cache = make_cache()
    with CaptureQueriesContext(connection) as first:
        cache.make_key("a")
    assert any("bonehealth_databaseidentity" in query["sql"] for query in first.captured_queries)
    with django_assert_num_queries(0):
        cache.make_key("b")
        cache.get("b")


def test_no_identity_no_cache(monkeypatch):
    """The database cannot be read (down, or not migrated): the cache is a miss, never shared
    under a made-up identity."""
    cache = make_cache()
    monkeypatch.setattr(bonehealth_cache, "database_identity", lambda: None)
    cache.set("a", 1)
    assert cache.get("a") is None


def test_the_key_names_release_identity_and_generation():
    cache = make_cache(release="r42")
    key = cache.make_key("home")
    prefix, identity_and_generation, version, name = key.rsplit(":", 3)
    assert prefix.endswith(":r42")
    identity, generation = identity_and_generation.split(".")
    assert identity == bonehealth_cache.database_identity()
    assert generation and version == "1" and name == "home"


def test_release_id_comes_from_the_environment_when_set():
    assert release_id({"RELEASE_ID": "v1.4.2 (build 7)"}) == "v1.4.2--build-7-"
    assert release_id({}) == code_hash()


def test_release_id_without_the_environment_changes_with_any_file(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    before = code_hash(tmp_path)
    assert code_hash(tmp_path) == before  # the same files, the same id on every server
    page.write_text("<p>two</p>")
    assert code_hash(tmp_path) != before


def test_production_settings_put_the_release_in_the_key_prefix():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0", RELEASE_ID="abc123")
    env["DJANGO_SETTINGS_MODULE"] = "bonehealth.settings"
    result = subprocess.run(
        [sys.executable, "-c", PRINT_CACHE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    backend, prefix, options = result.stdout.split("|")
    assert backend == "bonehealth.cache.RedisCache"
    assert prefix == "bonehealth:abc123"
    assert "socket_timeout" in options and "socket_connect_timeout" in options
