"""Lessons whose review is due (issue #19): listed on the editors' admin index and in the lesson
list's "review due" filter, failed on by `series_report --fail-overdue`, and sent to editors
each week as a notice (notifications.digests.notify_reviews_due, scheduled by
notifications.schedule)."""

import datetime

from django.utils import timezone

DUE_WITHIN = datetime.timedelta(days=30)


def review_due_lessons(queryset=None, *, today=None):
    """Live lessons whose next review is overdue or due within 30 days, soonest first."""
    from education.models import Lesson

    today = today or timezone.localdate()
    queryset = Lesson.objects.all() if queryset is None else queryset
    due = queryset.published().filter(next_review_due__lte=today + DUE_WITHIN)
    return due.order_by("next_review_due", "pk")


def overdue_lessons(*, today=None):
    today = today or timezone.localdate()
    return review_due_lessons(today=today).filter(next_review_due__lt=today)
