"""The database's own identity, part of every cache key (bonehealth.cache).

One row, made with a random UUID by the migration that creates the table: a new database has a
new identity. Cached fragments are keyed by database ids (a patient's id, a lesson's id), so a
cache that outlives its database must never answer for another one: a restore, a new database,
a test database. See bonehealth.cache.database_identity() for what else goes into the identity
on PostgreSQL (the table's OID, which a pg_restore renews), and docs/DEPLOY.md for backups.
"""

import uuid

from django.db import models


class DatabaseIdentity(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "database identity"

    def __str__(self):
        return str(self.uuid)
