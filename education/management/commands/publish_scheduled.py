from django.core.management.base import BaseCommand

from education.publishing import publish_due


class Command(BaseCommand):
    help = (
        "Publish lessons and drafts whose scheduled publication time has passed, now. The scheduler "
        "(manage.py run_scheduler) does this every minute through the task queue "
        "(notifications.tasks.publish_scheduled); this command stays for a manual run."
    )

    def handle(self, *args, **options):
        published, skipped = publish_due()
        for lesson in published:
            self.stdout.write(f"Published {lesson} (version {lesson.version}).")
        for lesson, reason in skipped:
            self.stderr.write(f"Skipped {lesson}: {reason}")
        self.stdout.write(self.style.SUCCESS(f"{len(published)} published, {len(skipped)} skipped."))
