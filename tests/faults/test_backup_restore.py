"""The backup and restore procedure of docs/DEPLOY.md, run for real (PostgreSQL): pg_dump, then
pg_restore into a new database and again over it. Each restored database has another identity,
so no cached fragment of the live database (keyed by ids the restore may reuse) is ever served
from it, whatever Redis still holds (bonehealth.cache; issue #15, faults)."""

import os
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from bonehealth import cache as bonehealth_cache
from bonehealth.models import DatabaseIdentity

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="pg_dump and pg_restore need PostgreSQL (DATABASE_URL); CI's PostgreSQL pass runs it",
    ),
    pytest.mark.skipif(not shutil.which("pg_restore"), reason="needs pg_dump and pg_restore"),
]

IDENTITY_SQL = (
    "SELECT replace(uuid::text, '-', ''), 'bonehealth_databaseidentity'::regclass::oid "
    "FROM bonehealth_databaseidentity ORDER BY id LIMIT 1"
)


def libpq_args():
    db = connection.settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    return args, env


def identity_of(name):
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=name,
    ) as conn:
        uuid_hex, oid = conn.execute(IDENTITY_SQL).fetchone()
    return f"{uuid_hex[:16]}-{oid}"


@pytest.fixture
def restored_name(transactional_db):
    name = f"{connection.settings_dict['NAME']}_restored"
    args, env = libpq_args()
    subprocess.run(["dropdb", *args, "--if-exists", name], env=env, check=True)
    yield name
    subprocess.run(["dropdb", *args, "--if-exists", "--force", name], env=env, check=True)


def test_a_restored_backup_never_shares_the_live_databases_cache(restored_name, tmp_path):
    if not DatabaseIdentity.objects.exists():
        DatabaseIdentity.objects.create()
    bonehealth_cache.forget_database_identity()
    live = bonehealth_cache.database_identity()
    assert live == identity_of(connection.settings_dict["NAME"])  # what the app computes

    args, env = libpq_args()
    dump = tmp_path / "bonehealth.dump"
    # docs/DEPLOY.md, "Backups": the nightly dump ...
    subprocess.run(
        ["pg_dump", *args, "--format=custom", "--file", str(dump), connection.settings_dict["NAME"]],
        env=env,
        check=True,
    )
    # ... restored into a new database (then DATABASE_URL points at it) ...
    subprocess.run(["createdb", *args, restored_name], env=env, check=True)
    subprocess.run(
        ["pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", restored_name, str(dump)],
        env=env,
        check=True,
    )
    first_restore = identity_of(restored_name)
    # ... or over an existing one.
    over = ["--no-owner", "--clean", "--if-exists", "--exit-on-error", "--dbname", restored_name]
    subprocess.run(["pg_restore", *args, *over, str(dump)], env=env, check=True)
    second_restore = identity_of(restored_name)

    assert len({live, first_restore, second_restore}) == 3
    # The same backup: the same random part; the restored table's OID is what differs.
    assert live[:16] == first_restore[:16] == second_restore[:16]
    bonehealth_cache.forget_database_identity()
