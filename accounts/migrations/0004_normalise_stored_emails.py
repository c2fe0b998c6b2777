"""Stored email addresses in the one form lookups now match exactly (NFKC + casefold,
accounts.models.normalise_email; issue #15 item 5). Addresses were stored lower-cased, so only
non-ASCII ones can change; one whose normalised form another account already has is left as it
is (and reported), rather than merged."""

import unicodedata

from django.db import migrations


def normalise(value):
    return unicodedata.normalize("NFKC", value).strip().casefold()


def normalise_stored_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("email", flat=True))
    for user in User.objects.exclude(email__regex=r"^[\x20-\x7e]*$").only("pk", "email"):
        target = normalise(user.email)
        if target == user.email:
            continue
        if target in taken:
            print(f"\n  accounts.User {user.pk}: email not normalised, another account has that form")
            continue
        taken.discard(user.email)
        taken.add(target)
        User.objects.filter(pk=user.pk).update(email=target)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_backup_codes")]

    operations = [migrations.RunPython(normalise_stored_emails, migrations.RunPython.noop)]
