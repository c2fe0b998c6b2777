"""Hooks for seed_demo: other apps add demo data for the demo accounts here
(consents, goals, a few tracker entries)."""


def after_seed_demo(users, stdout):
    """`users` maps demo email to user. Extended as features need demo data."""
    from tracker.services import seed_demo_entries

    added = seed_demo_entries(patient=users["patient@example.com"], days=20)
    stdout.write(f"Added {added} demo tracker check-ins for patient@example.com")

    # The demo patient shares with the demo therapist (a care link alone shows nothing).
    from accounts.models import SHARING_WORDING_VERSION, SharingConsent

    _, created = SharingConsent.objects.get_or_create(
        patient=users["patient@example.com"],
        therapist=users["therapist@example.com"],
        revoked_at=None,
        defaults={"wording_version": SHARING_WORDING_VERSION},
    )
    if created:
        stdout.write("patient@example.com now shares their progress with therapist@example.com")
