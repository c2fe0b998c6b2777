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
