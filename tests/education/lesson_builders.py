"""Builders for lesson pages in tests: a published lesson with sections, FAQs, references
and glossary terms, of a chosen size."""

from tests.factories import (
    FaqFactory,
    GlossaryTermFactory,
    LessonFactory,
    ReferenceFactory,
    SectionFactory,
    SeriesFactory,
)


def build_lesson(*, sections=3, faqs=2, references=2, terms=2, **lesson_fields):
    """A lesson whose every section links a glossary term and cites a reference."""
    series = lesson_fields.pop("series", None) or SeriesFactory()
    glossary = [GlossaryTermFactory() for _ in range(terms)]
    lesson = LessonFactory(series=series, **lesson_fields)
    for n in range(1, sections + 1):
        term = glossary[(n - 1) % terms] if terms else None
        linked = f"[plain words ({term.term})](term:{term.slug})" if term else "plain words"
        citation = f" [{(n - 1) % references + 1}]" if references else ""
        SectionFactory(
            lesson=lesson,
            order=n,
            anchor=f"{lesson.slug}-part-{n}",
            heading=f"Part {n} of {lesson.title}",
            body=f"This part uses {linked} in a sentence{citation}.\n\nA second paragraph.",
        )
    for n in range(1, faqs + 1):
        FaqFactory(lesson=lesson, order=n)
    for n in range(1, references + 1):
        ReferenceFactory(lesson=lesson, number=n)
    return lesson
