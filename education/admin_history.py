"""A readable diff in the admin history lists: long texts show only the words that changed
(<del>/<ins> around them, with a little context), instead of two truncated paragraphs."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from accounts.admin_base import SafeInputAdminMixin

CONTEXT_WORDS = 6
LONG_TEXT = 60


def _clip(words, *, head):
    """Keep a few words of unchanged context on one side of a change."""
    if len(words) <= CONTEXT_WORDS:
        return " ".join(words)
    kept = words[:CONTEXT_WORDS] if head else words[-CONTEXT_WORDS:]
    return " ".join(kept) + " …" if head else "… " + " ".join(kept)


def word_diff(old: str, new: str) -> tuple[str, str]:
    """(old, new) as safe HTML with the removed words in <del> and the added ones in <ins>."""
    a, b = old.split(), new.split()
    old_parts, new_parts = [], []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            if index == 0:
                text = _clip(same, head=False)
            elif index == len(opcodes) - 1:
                text = _clip(same, head=True)
            elif len(same) > 2 * CONTEXT_WORDS:
                text = _clip(same, head=True) + " " + _clip(same, head=False)
            else:
                text = " ".join(same)
            old_parts.append(escape(text))
            new_parts.append(escape(text))
            continue
        if i2 > i1:
            old_parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            new_parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(old_parts)), mark_safe(" ".join(new_parts))  # noqa: S308 - every part escaped


class WordDiffContextHelper(HistoricalRecordContextHelper):
    def stringify_delta_change_values(self, change, old, new):
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG_TEXT:
            return word_diff(old, new)
        return super().stringify_delta_change_values(change, old, new)


class ReadableHistoryAdmin(SafeInputAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin (who, when, what changed) with word-level diffs of long texts."""

    def get_historical_record_context_helper(self, request, historical_record):
        return WordDiffContextHelper(self.model, historical_record)


# --- a lesson's history as one story (issue #19) ---------------------------------------------

# Columns of the lesson's history that are bookkeeping, not content an editor changed.
LESSON_BOOKKEEPING = {"source_file", "loaded_hash", "draft_of", "status", "version", "published_at"}


def _shown(value):
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value)


def real_changes(new_record, old_record, *, excluded=()):
    """The fields that really changed between two history rows, as (label, old, new) with word
    diffs for long texts: a text that differs only in spaces or line endings did not change."""
    delta = new_record.diff_against(old_record, excluded_fields=list(excluded))
    changes = []
    for change in delta.changes:
        old, new = change.old, change.new
        if isinstance(old, str) and isinstance(new, str) and old.split() == new.split():
            continue
        label = new_record.instance_type._meta.get_field(change.field).verbose_name
        old, new = _shown(old), _shown(new)
        if max(len(old), len(new)) > LONG_TEXT:
            old, new = word_diff(old, new)
        changes.append({"field": label, "old": old, "new": new})
    return changes


def _author(user):
    return user.full_name or user.email if user is not None else "Automatic (import or schedule)"


def lesson_timeline(lesson):
    """Every real change of a lesson, newest first: its own rows (with the version and note),
    its sections' (added, changed, removed) and its review steps (who, when, comment).
    Rows that change nothing (a save without edits, a publication re-saving kept sections)
    are left out."""
    from education.models import Section
    from education.review_models import ReviewEvent

    entries = []
    previous = None
    for record in lesson.history.select_related("history_user").order_by("history_date", "history_id"):
        changes = [] if previous is None else real_changes(record, previous, excluded=LESSON_BOOKKEEPING)
        first = previous is None
        published = previous is not None and (
            record.version != previous.version
            or (record.status == "published" and previous.status != "published")
        )
        if first or changes or published:
            what = "Created" if first else "Edited"
            if published:
                what = f"Published version {record.version}"
            entries.append(
                {
                    "at": record.history_date,
                    "who": _author(record.history_user),
                    "what": what,
                    "note": record.history_change_reason or "",
                    "changes": changes,
                    # Each version can be restored from the row that started it.
                    "record": record if (first or published) else None,
                }
            )
        previous = record
    created_at = entries[0]["at"] if entries else None
    last_by_section = {}
    for record in Section.history.filter(lesson_id=lesson.pk).select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        before = last_by_section.get(record.id)
        last_by_section[record.id] = record
        if record.history_type == "+":
            if created_at is not None and abs((record.history_date - created_at).total_seconds()) < 60:
                continue  # made with the lesson ("Created" says it)
            what, changes = f"Section added: {record.heading}", []
        elif record.history_type == "-":
            what, changes = f"Section removed: {record.heading}", []
        else:
            changes = real_changes(record, before, excluded=["order"]) if before is not None else []
            if not changes:
                continue
            what = f"Section changed: {record.heading}"
        entries.append(
            {"at": record.history_date, "who": _author(record.history_user), "what": what, "note": "",
             "changes": changes}  # fmt: skip
        )
    events = ReviewEvent.objects.filter(lesson=lesson) if lesson.draft_of_id is None else (
        ReviewEvent.objects.filter(draft=lesson)
    )
    # A publication is the lesson's own "Published version N" row; the other steps are shown.
    for event in events.exclude(action="published").select_related("actor"):
        note = event.comment
        if event.justification:
            note = f"{note} Reading grade {event.reading_grade}: {event.justification}".strip()
        entries.append(
            {"at": event.at, "who": _author(event.actor), "what": event.get_action_display(), "note": note,
             "changes": [], "review": True}  # fmt: skip
        )
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    return entries
