"""Editors' draft → review → publish cycle for lessons, scheduled publication, and restoring
an earlier version (as a new draft, so the version number only ever goes up).

Clinical review (issue #19): an editor sends a draft for review (submit_for_review); a clinical
reviewer who did not write it approves it (approve) or sends it back with a comment
(send_back); only an approved draft, unchanged since its approval, is published. Each step is a
ReviewEvent (who, when, comment). A reviewer can also mark a live lesson "reviewed, no change"
(mark_reviewed_no_change): new review dates, no new version. Every step locks the lesson row,
so two people acting at once are served one after the other.

A draft is a Lesson row with `draft_of` pointing at the published lesson, holding its own
copies of the sections, FAQs and references. Publishing copies the draft's content onto the
published row (sections matched by anchor, so patients' reading places survive), raises the
version, records the change note, and deletes the draft. Patients' progress and quiz attempts
always point at the published row.
"""

import datetime
import hashlib
import json

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from education.models import Faq, Lesson, Reference, Section, Status
from education.plain_language import check_lesson
from education.review_models import STATE_ACTIONS, ReviewAction, ReviewEvent

# The next review after an approval, when the draft does not set a later date itself.
REVIEW_INTERVAL = datetime.timedelta(days=365)

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


# --- clinical review -------------------------------------------------------------------------


class ReviewState:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"


def content_fingerprint(lesson):
    """A hash of everything a draft publishes (its fields, sections, FAQs, references): equal
    fingerprints mean the reviewer approved exactly what would be published."""
    content = {
        "fields": {field: getattr(lesson, field) for field in CONTENT_FIELDS},
        "sections": list(lesson.sections.order_by("order").values_list("order", "anchor", "heading", "body")),
        "faqs": list(lesson.faqs.order_by("order").values_list("order", "question", "answer")),
        "references": list(lesson.references.order_by("number").values_list("number", "citation", "url")),
    }
    return hashlib.sha256(json.dumps(content, default=str, sort_keys=True).encode()).hexdigest()


def latest_review_step(draft):
    """The draft's latest review step (sent, sent back, approved), or None."""
    return ReviewEvent.objects.filter(draft=draft, action__in=STATE_ACTIONS).select_related("actor").first()


def review_state(draft, step=None):
    """Where a draft (or a lesson never published) stands: draft, in review or approved."""
    step = step if step is not None else latest_review_step(draft)
    if step is None or step.action == ReviewAction.SENT_BACK:
        return ReviewState.DRAFT
    return ReviewState.IN_REVIEW if step.action == ReviewAction.SUBMITTED else ReviewState.APPROVED


def writers_of(draft):
    """Everyone who wrote or changed the draft (its history and its sections'), and who sent it
    for review: none of them may approve it (four eyes)."""
    ids = set(draft.history.exclude(history_user=None).values_list("history_user_id", flat=True))
    ids |= set(
        Section.history.filter(lesson_id=draft.pk).exclude(history_user=None).values_list(
            "history_user_id", flat=True
        )
    )
    ids |= set(
        ReviewEvent.objects.filter(draft=draft, action=ReviewAction.SUBMITTED)
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    return ids


def _lock_for_review(draft):
    """Lock the lesson row the review is about (the published lesson, or the new lesson itself),
    then read the draft again: whoever comes second sees the first one's step."""
    if draft.status == Status.PUBLISHED and draft.draft_of_id is None:
        raise PublishError("This lesson is published: create a draft to change it.")
    Lesson.objects.select_for_update().get(pk=draft.draft_of_id or draft.pk)
    return Lesson.objects.get(pk=draft.pk)


def _record(draft, action, by, **values):
    return ReviewEvent.objects.create(
        lesson_id=draft.draft_of_id or draft.pk,
        draft=draft,
        action=action,
        actor=by,
        lesson_version=draft.version,
        **values,
    )


@transaction.atomic
def submit_for_review(*, draft, by, comment=""):
    """An editor sends a draft to the clinical reviewers."""
    draft = _lock_for_review(draft)
    step = latest_review_step(draft)
    fingerprint = content_fingerprint(draft)
    state = review_state(draft, step)
    if state == ReviewState.IN_REVIEW and step.content_hash == fingerprint:
        raise PublishError("This draft is already waiting for review.")
    if state == ReviewState.APPROVED and step.content_hash == fingerprint:
        raise PublishError("This draft is already approved: publish it.")
    return _record(draft, ReviewAction.SUBMITTED, by, comment=comment.strip(), content_hash=fingerprint)


@transaction.atomic
def send_back(*, draft, by, comment):
    """A reviewer returns a draft to its editor, saying what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise PublishError("Say what should change before sending the draft back.")
    draft = _lock_for_review(draft)
    if review_state(draft) != ReviewState.IN_REVIEW:
        raise PublishError("This draft is not waiting for review.")
    fingerprint = content_fingerprint(draft)
    return _record(draft, ReviewAction.SENT_BACK, by, comment=comment, content_hash=fingerprint)


@transaction.atomic
def approve(*, draft, by, comment="", justification=""):
    """A reviewer approves a draft: not their own (four eyes), unchanged since it was sent, and
    with a written justification when its reading grade is above 8."""
    draft = _lock_for_review(draft)
    step = latest_review_step(draft)
    if review_state(draft, step) != ReviewState.IN_REVIEW:
        raise PublishError("This draft is not waiting for review.")
    if by.pk in writers_of(draft):
        raise PublishError("You wrote or changed this draft: another reviewer must approve it.")
    fingerprint = content_fingerprint(draft)
    if fingerprint != step.content_hash:
        raise PublishError(
            "This draft changed after it was sent for review: the editor must send it again."
        )
    check = check_lesson(draft)
    justification = (justification or "").strip()
    if check.above_limit and not justification:
        raise PublishError(
            f"The reading grade is {check.grade}, above 8: write why the harder words are needed."
        )
    return _record(
        draft,
        ReviewAction.APPROVED,
        by,
        comment=(comment or "").strip(),
        justification=justification,
        reading_grade=check.grade,
        content_hash=fingerprint,
    )


def approval_for_publishing(draft):
    """The approval that lets the draft be published, or PublishError saying what is missing."""
    step = latest_review_step(draft)
    state = review_state(draft, step)
    if state == ReviewState.DRAFT:
        raise PublishError("A clinical reviewer must approve this draft first: send it for review.")
    if state == ReviewState.IN_REVIEW:
        raise PublishError("This draft is waiting for review: it can be published once approved.")
    if step.content_hash != content_fingerprint(draft):
        raise PublishError("This draft changed after it was approved: send it for review again.")
    return step


def _apply_review_dates(lesson, review):
    """The lesson shows this review to patients: reviewed on its date, next review a year on
    (or the later date the draft set)."""
    lesson.approval = review
    lesson.last_reviewed = timezone.localdate(review.at)
    if lesson.next_review_due is None or lesson.next_review_due <= lesson.last_reviewed:
        lesson.next_review_due = lesson.last_reviewed + REVIEW_INTERVAL


@transaction.atomic
def mark_reviewed_no_change(*, lesson, by, next_review_due=None, comment=""):
    """A reviewer checked a live lesson and it needs no change: new review dates, recorded, and
    no new version (patients are not told it changed)."""
    if lesson.draft_of_id is not None or lesson.status != Status.PUBLISHED:
        raise PublishError("Only a published lesson can be marked reviewed with no change.")
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    today = timezone.localdate()
    if next_review_due is not None and next_review_due <= today:
        raise PublishError("The next review must be after today.")
    event = ReviewEvent.objects.create(
        lesson=lesson,
        action=ReviewAction.NO_CHANGE,
        actor=by,
        comment=(comment or "").strip(),
        lesson_version=lesson.version,
    )
    lesson.next_review_due = next_review_due
    _apply_review_dates(lesson, event)
    lesson._change_reason = "Reviewed, no change"
    lesson.save(update_fields=["approval", "last_reviewed", "next_review_due", "updated"])
    return event


@transaction.atomic
def publish(*, lesson, change_note, by=None, now=None):
    """Publish an approved draft onto its lesson (version + 1) or a new lesson for the first
    time. Refused (PublishError) without an approval of exactly this content.

    Returns the published lesson.
    """
    now = now or timezone.now()
    change_note = (change_note or "").strip()
    Lesson.objects.select_for_update().get(pk=lesson.draft_of_id or lesson.pk)
    lesson = Lesson.objects.get(pk=lesson.pk)
    if lesson.draft_of_id is None:
        if lesson.status == Status.PUBLISHED:
            raise PublishError("Already published: create a draft to change it.")
        approval = approval_for_publishing(lesson)
        lesson.status = Status.PUBLISHED
        lesson.published_at = now
        lesson.publish_at = None
        lesson.change_note = change_note
        lesson._change_reason = change_note or "First publication"
        _apply_review_dates(lesson, approval)
        lesson.save()
        _record(lesson, ReviewAction.PUBLISHED, by, comment=change_note)
        return lesson
    if not change_note:
        raise PublishError("Write a short note saying what changed.")
    draft = lesson
    approval = approval_for_publishing(draft)
    published = Lesson.objects.get(pk=draft.draft_of_id)
    for field in CONTENT_FIELDS:
        setattr(published, field, getattr(draft, field))
    _apply_review_dates(published, approval)
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
    ReviewEvent.objects.create(
        lesson=published, action=ReviewAction.PUBLISHED, actor=by, comment=change_note,
        lesson_version=published.version,
    )
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
