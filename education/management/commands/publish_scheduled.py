from django.core.management.base import BaseCommand

from education.publishing import publish_due


class Command(BaseCommand):
    help = "Publish lessons and drafts whose scheduled publication time has passed (run from cron)."

    def handle(self, *args, **options):
        published, skipped = publish_due()
        for lesson in published:
            self.stdout.write(f"Published {lesson} (version {lesson.version}).")
        for lesson, reason in skipped:
            self.stderr.write(f"Skipped {lesson}: {reason}")
        self.stdout.write(self.style.SUCCESS(f"{len(published)} published, {len(skipped)} skipped."))
