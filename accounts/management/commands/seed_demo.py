from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import CareRelationship, Role, User

# Documented in README.md. Local development only: the command refuses to run with DEBUG off.
DEMO_PASSWORD = "bone-health-demo"
DEMO_USERS = [
    {"email": "therapist@example.com", "full_name": "Theo Therapist", "role": Role.THERAPIST},
    {"email": "editor@example.com", "full_name": "Edith Editor", "role": Role.EDITOR},
    # editors (issue #19): approves the editor's drafts (four eyes).
    {"email": "reviewer@example.com", "full_name": "Rhea Reviewer", "role": Role.REVIEWER,
     "credentials": "RD"},  # fmt: skip
    {"email": "patient@example.com", "full_name": "Pat Patient", "role": Role.PATIENT},
    {"email": "patient2@example.com", "full_name": "Sam Second", "role": Role.PATIENT},
]


class Command(BaseCommand):
    help = "Create demo accounts (therapist, editor, clinical reviewer, two patients). DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with known passwords: it only runs with DEBUG=1.")
        with transaction.atomic():
            users = {}
            for spec in DEMO_USERS:
                user = User.objects.filter(email__iexact=spec["email"]).first()
                if user is None:
                    user = User.objects.create_user(password=DEMO_PASSWORD, **spec)
                    self.stdout.write(f"Created {spec['role']} {spec['email']}")
                users[spec["email"]] = user
            CareRelationship.objects.get_or_create(
                therapist=users["therapist@example.com"], client=users["patient@example.com"]
            )
            from accounts.demo import after_seed_demo

            after_seed_demo(users, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password: {DEMO_PASSWORD})."))
