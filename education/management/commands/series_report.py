import textstat
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from education.models import Lesson
from education.rendering import markdown_to_plain


def lesson_readability(lesson) -> tuple[int, float]:
    """Words and Flesch-Kincaid grade of a lesson's body text (its sections)."""
    text = markdown_to_plain("\n\n".join(f"## {s.heading}\n\n{s.body}" for s in lesson.sections.all()))
    words = len(text.split())
    return words, round(textstat.flesch_kincaid_grade(text), 1) if words else 0.0


class Command(BaseCommand):
    help = "Print each lesson's status, version, size, reading grade, glossary terms, references and quiz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-grade",
            type=float,
            default=None,
            help="Fail (exit status 1) when a lesson's reading grade is above this, e.g. 8.",
        )
        # editors (issue #19): for CI, a lesson past its review date fails the report.
        parser.add_argument(
            "--fail-overdue",
            action="store_true",
            help="Fail (exit status 1) when a published lesson is past its next review date.",
        )

    def handle(self, *args, max_grade, fail_overdue=False, **options):
        lessons = (
            Lesson.objects.select_related("series", "draft_of")
            .prefetch_related("sections")
            .annotate(
                section_count=Count("sections", distinct=True),
                term_count=Count("glossary_terms", distinct=True),
                reference_count=Count("references", distinct=True),
                question_count=Count("quiz__questions", distinct=True),
            )
            .order_by("series__title", "order", "draft_of", "pk")
        )
        header = ("lesson", "status", "version", "sections", "words", "grade", "terms", "refs", "questions")
        rows, too_hard = [], []
        for lesson in lessons:
            words, grade = lesson_readability(lesson)
            name = f"{lesson.order}. {lesson.slug}" + (" (draft copy)" if lesson.draft_of_id else "")
            questions = str(lesson.question_count) if hasattr(lesson, "quiz") else "no quiz"
            rows.append(
                (
                    name,
                    lesson.status,
                    str(lesson.version),
                    str(lesson.section_count),
                    str(words),
                    f"{grade:.1f}",
                    str(lesson.term_count),
                    str(lesson.reference_count),
                    questions,
                )
            )
            if max_grade is not None and grade > max_grade:
                too_hard.append(f"{lesson.slug} (grade {grade:.1f})")
        if not rows:
            self.stdout.write("No lessons yet: run `python manage.py load_series`.")
            return
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
        self.stdout.write("Grade: Flesch-Kincaid grade of the section text (target 6, at most 8).")
        if too_hard:
            raise CommandError(f"Reading grade above {max_grade:g}: {', '.join(too_hard)}.")
        if fail_overdue:
            from education.review_dates import overdue_lessons

            overdue = [
                f"{lesson.slug} (due {lesson.next_review_due:%Y-%m-%d})"
                for lesson in overdue_lessons()
            ]
            if overdue:
                raise CommandError(f"Review overdue: {', '.join(overdue)}.")
