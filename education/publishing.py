"""Editors' draft → preview → publish cycle for lessons, scheduled publication, and restoring
an earlier version (as a new draft, so the version number only ever goes up).

A draft is a Lesson row with `draft_of` pointing at the published lesson, holding its own
copies of the sections, FAQs and references. Publishing copies the draft's content onto the
published row (sections matched by anchor, so patients' reading places survive), raises the
version, records the change note, and deletes the draft. Patients' progress and quiz attempts
always point at the published row.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from education.models import Faq, Lesson, Reference, Section, Status

# The lesson fields a draft carries and publishing copies back.
CONTENT_FIELDS = [
    "title",
    "author",  # byline (issue #18, lessons)
    "clinical_reviewer",
    "summary",
    "in_brief",
    "takeaways",
    "reading_minutes",
    "last_reviewed",
    "next_review_due",
]


class PublishError(Exception):
    """The lesson cannot be drafted, published or restored as asked (message for the editor)."""


def _copy_children(source, target):
    for section in source.sections.all():
        Section.objects.create(
            lesson=target,
            order=section.order,
            anchor=section.anchor,
            heading=section.heading,
            body=section.body,
        )
    for faq in source.faqs.all():
        Faq.objects.create(lesson=target, order=faq.order, question=faq.question, answer=faq.answer)
    for ref in source.references.all():
        Reference.objects.create(lesson=target, number=ref.number, citation=ref.citation, url=ref.url)


def _new_draft(published, values):
    return Lesson.objects.create(
        series=published.series,
        order=published.order,
        slug=published.slug,
        status=Status.DRAFT,
        version=published.version,
        draft_of=published,
        **values,
    )


@transaction.atomic
def create_draft(*, lesson):
    """The working copy of a published lesson, created with copies of its content if it
    does not exist yet."""
    if lesson.draft_of_id is not None:
        raise PublishError("This is already a draft.")
    if lesson.status != Status.PUBLISHED:
        raise PublishError("This lesson is not published yet: edit it directly, then publish it.")
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    existing = Lesson.objects.filter(draft_of=lesson).first()
    if existing is not None:
        return existing
    draft = _new_draft(lesson, {field: getattr(lesson, field) for field in CONTENT_FIELDS})
    _copy_children(lesson, draft)
    return draft


def _sync_sections(draft, published):
    drafted = list(draft.sections.all())
    anchors = {section.anchor for section in drafted}
    for section in published.sections.exclude(anchor__in=anchors):
        section.delete()
    # Move the kept sections out of the way of the (lesson, order) unique constraint while
    # they are renumbered; each save below sets the final order.
    published.sections.update(order=F("order") + 1000)
    kept = {section.anchor: section for section in published.sections.all()}
    for source in drafted:
        section = kept.get(source.anchor) or Section(lesson=published, anchor=source.anchor)
        section.order, section.heading, section.body = source.order, source.heading, source.body
        section.save()


def _replace_children(draft, published):
    _sync_sections(draft, published)
    published.faqs.all().delete()
    for faq in draft.faqs.all():
        Faq.objects.create(lesson=published, order=faq.order, question=faq.question, answer=faq.answer)
    published.references.all().delete()
    for ref in draft.references.all():
        Reference.objects.create(lesson=published, number=ref.number, citation=ref.citation, url=ref.url)


@transaction.atomic
def publish(*, lesson, change_note, now=None):
    """Publish a draft onto its lesson (version + 1) or a new lesson for the first time.

    Returns the published lesson.
    """
    now = now or timezone.now()
    change_note = (change_note or "").strip()
    if lesson.draft_of_id is None:
        if lesson.status == Status.PUBLISHED:
            raise PublishError("Already published: create a draft to change it.")
        lesson.status = Status.PUBLISHED
        lesson.published_at = now
        lesson.publish_at = None
        lesson.change_note = change_note
        lesson._change_reason = change_note or "First publication"
        lesson.save()
        return lesson
    if not change_note:
        raise PublishError("Write a short note saying what changed.")
    draft = lesson
    published = Lesson.objects.select_for_update().get(pk=draft.draft_of_id)
    for field in CONTENT_FIELDS:
        setattr(published, field, getattr(draft, field))
    # The row is locked (select_for_update), so reading and raising the version is safe.
    published.version += 1
    published.change_note = change_note
    published.published_at = now
    published.publish_at = None
    published._change_reason = change_note
    # The lesson's history row first, then its sections': a version's sections are then those
    # saved before the next version's lesson row (restore_as_draft relies on this order).
    published.save()
    _replace_children(draft, published)
    draft.delete()
    published.refresh_glossary_terms()
    return published


@transaction.atomic
def restore_as_draft(*, lesson, history_id):
    """A new draft holding the lesson (and its sections) as they were in an earlier version.

    Publishing it makes a new version, so patients who read the newer text are told it changed.
    """
    if lesson.draft_of_id is not None or lesson.status != Status.PUBLISHED:
        raise PublishError("Only a published lesson can be restored.")
    if Lesson.objects.filter(draft_of=lesson).exists():
        raise PublishError("This lesson already has a draft: publish or delete it first.")
    record = lesson.history.get(history_id=history_id)
    # The sections as they stood at the end of that version: just before the lesson's next
    # version was saved (or as they are now, for the current version).
    next_version = (
        lesson.history.filter(history_date__gt=record.history_date, version__gt=record.version)
        .order_by("history_date")
        .first()
    )
    draft = _new_draft(lesson, {field: getattr(record, field) for field in CONTENT_FIELDS})
    draft.change_note = f"Restored the text of version {record.version}."
    draft.save(update_fields=["change_note"])
    if next_version is None:
        sections = lesson.sections.all()
    else:
        cutoff = next_version.history_date - datetime.timedelta(microseconds=1)
        sections = Section.history.as_of(cutoff).filter(lesson_id=lesson.pk)
    for section in sections:
        Section.objects.create(
            lesson=draft,
            order=section.order,
            anchor=section.anchor,
            heading=section.heading,
            body=section.body,
        )
    for faq in lesson.faqs.all():
        Faq.objects.create(lesson=draft, order=faq.order, question=faq.question, answer=faq.answer)
    for ref in lesson.references.all():
        Reference.objects.create(lesson=draft, number=ref.number, citation=ref.citation, url=ref.url)
    return draft


def publish_due(*, now=None):
    """Publish every lesson or draft whose scheduled time has come. Returns (published,
    skipped) lists; a draft without a change note is skipped, never published silently."""
    now = now or timezone.now()
    published, skipped = [], []
    due = Lesson.objects.filter(publish_at__lte=now).exclude(status=Status.PUBLISHED, draft_of__isnull=True)
    for lesson in due.order_by("publish_at", "pk"):
        try:
            published.append(publish(lesson=lesson, change_note=lesson.change_note, now=now))
        except PublishError as exc:
            skipped.append((lesson, str(exc)))
    return published, skipped
