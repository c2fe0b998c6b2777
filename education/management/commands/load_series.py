from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from education.loading import CONTENT_DIR, ContentError, load_series


class Command(BaseCommand):
    help = (
        "Load the lesson series from education/content/: creates what is missing and never "
        "overwrites what is in the database. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-draft",
            action="store_true",
            help="Load each lesson file that differs from its published lesson as a draft to review.",
        )
        parser.add_argument(
            "--update-quizzes",
            action="store_true",
            help="Replace the questions of each quiz whose file differs (attempts keep their own copy).",
        )
        parser.add_argument("--content-dir", type=Path, default=CONTENT_DIR, help=f"Default: {CONTENT_DIR}")

    def handle(self, *args, content_dir, as_draft, update_quizzes, **options):
        try:
            report = load_series(content_dir=content_dir, as_draft=as_draft, update_quizzes=update_quizzes)
        except ContentError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        for line in report:
            self.stdout.write(line)
