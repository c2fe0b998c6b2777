"""Small pieces of the content admins (issue #19): plain newlines in text fields, models kept
out of the index, and the lesson list's filters."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from education.review_dates import review_due_lessons


class PlainNewlinesTextField(forms.CharField):
    """A textarea's text with the browser's CRLF line endings made plain newlines, so saving a
    text unchanged does not record a change (History showed identical "In brief" texts)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


# Every text field of the content admins goes through PlainNewlinesTextField.
PLAIN_NEWLINES = {models.TextField: {"form_class": PlainNewlinesTextField}}


class HiddenFromIndexMixin:
    """Content edited inside another page (sections in their lesson, questions and choices in
    their quiz): its admin pages work, but the index and sidebar do not list it, except for
    superusers, so editors see only what they work with."""

    def get_model_perms(self, request):
        return super().get_model_perms(request) if request.user.is_superuser else {}


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("soon", "Due within 30 days")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return review_due_lessons(queryset).filter(next_review_due__lt=timezone.localdate())
        if self.value() == "soon":
            return review_due_lessons(queryset).filter(next_review_due__gte=timezone.localdate())
        return queryset


class KindFilter(admin.SimpleListFilter):
    """Live lessons or editors' working copies (instead of "By draft of: Empty / Not empty")."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("live", "Lessons"), ("drafts", "Working copies (drafts of a published lesson)")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.filter(draft_of__isnull=True)
        if self.value() == "drafts":
            return queryset.filter(draft_of__isnull=False)
        return queryset
