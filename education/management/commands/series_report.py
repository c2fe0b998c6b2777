import textstat
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from education.figures import figure_slugs_in
from education.models import Lesson
from education.rendering import markdown_to_plain, outside_panels


def lesson_readability(lesson) -> tuple[int, float]:
    """Words of a lesson's core text (its sections without the "For the curious" panels) and the
    Flesch-Kincaid grade of all its section text, panels included."""
    sections = list(lesson.sections.all())
    text = markdown_to_plain("\n\n".join(f"## {s.heading}\n\n{s.body}" for s in sections))
    core = markdown_to_plain("\n\n".join(f"## {s.heading}\n\n{outside_panels(s.body)}" for s in sections))
    words = len(core.split())
    return words, round(textstat.flesch_kincaid_grade(text), 1) if text.split() else 0.0


class Command(BaseCommand):
    help = (
        "Print each lesson's status, version, size, reading grade, glossary terms, references, "
        "figures and quiz questions."
    )

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
        header = ("lesson", "status", "version", "sections", "words", "grade", "terms", "refs", "figures")
        header += ("questions",)
        rows, too_hard = [], []
        for lesson in lessons:
            words, grade = lesson_readability(lesson)
            name = f"{lesson.order}. {lesson.slug}" + (" (draft copy)" if lesson.draft_of_id else "")
            questions = str(lesson.question_count) if hasattr(lesson, "quiz") else "no quiz"
            figures = sum(len(figure_slugs_in(s.body)) for s in lesson.sections.all())
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
                    str(figures),
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
        self.stdout.write(
            "Words: the core text, without the 'For the curious' panels. Grade: Flesch-Kincaid grade "
            "of all the section text (at most 6)."
        )
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
