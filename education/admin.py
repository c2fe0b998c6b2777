"""Admin for lesson content (editors) and for clients' assignments, progress and quiz
attempts (therapists, scoped to their own clients by accounts.admin_scoping)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.admin_base import SafeInputAdminMixin
from accounts.admin_scoping import ClientScopedAdmin, ReadOnlyAdminMixin, is_therapist_user
from education.admin_filters import PLAIN_NEWLINES, HiddenFromIndexMixin, KindFilter, ReviewDueFilter
from education.admin_forms import ChangeNoteForm, TakeawaysField
from education.admin_history import ReadableHistoryAdmin, lesson_timeline
from education.admin_review import LessonReviewAdminMixin
from education.assigning import send_assignment_emails
from education.models import (
    Assignment,
    Choice,
    Faq,
    GlossaryTerm,
    Lesson,
    LessonProgress,
    Question,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    Reference,
    Section,
    Series,
    Status,
)
from education.publishing import PublishError, create_draft, publish, restore_as_draft


def is_published_original(lesson):
    """A live lesson: changed only through a draft, so its version and note stay right."""
    return lesson is not None and lesson.draft_of_id is None and lesson.status == Status.PUBLISHED


# --- content (editors) -------------------------------------------------------------------


@admin.register(Series)
class SeriesAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


class LessonChildInline(admin.StackedInline):
    """Sections, FAQs and references: edited on a draft or an unpublished lesson only."""

    extra = 0
    formfield_overrides = PLAIN_NEWLINES

    def has_add_permission(self, request, obj=None):
        return not is_published_original(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_published_original(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_published_original(obj) and super().has_delete_permission(request, obj)


class SectionInline(LessonChildInline):
    model = Section
    fields = ["order", "anchor", "heading", "body"]


class FaqInline(LessonChildInline):
    model = Faq
    fields = ["order", "question", "answer"]


URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ReferenceInline(LessonChildInline):
    model = Reference
    fields = ["number", "citation", "url"]
    formfield_overrides = {**PLAIN_NEWLINES, **URL_HTTPS}


@admin.register(Lesson)
class LessonAdmin(LessonReviewAdminMixin, ReadableHistoryAdmin):
    list_display = [
        "__str__", "series", "status", "version", "published_at", "next_review_due", "publish_at",
        "preview_link",
    ]  # fmt: skip
    list_select_related = ["series", "draft_of"]
    list_filter = ["status", ReviewDueFilter, KindFilter, "series"]
    formfield_overrides = PLAIN_NEWLINES
    search_fields = ["title", "slug"]
    inlines = [SectionInline, FaqInline, ReferenceInline]
    readonly_fields = ["version", "published_at", "draft_of"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["create_drafts"]
    change_form_template = "admin/education/lesson/change_form.html"
    object_history_list_template = "admin/education/lesson/object_history_list.html"
    history_list_display = ["version", "status"]
    fieldsets = [
        (None, {"fields": ["series", "order", "slug", "title", "summary", "in_brief", "takeaways"]}),
        ("Reading", {"fields": ["reading_minutes", "last_reviewed", "next_review_due"]}),
        ("Byline", {"fields": ["author", "clinical_reviewer"]}),  # issue #18 (lessons)
        (
            "Publishing",
            {"fields": ["status", "version", "change_note", "published_at", "publish_at", "draft_of"]},
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "takeaways":
            return TakeawaysField(
                label="Key takeaways", required=False, help_text="One takeaway per line.", initial=list
            )
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "publish_at" and formfield is not None:
            # The split date/time widget has one <label> for two inputs: name each one.
            date_input, time_input = formfield.widget.widgets
            date_input.attrs["aria-label"] = "Scheduled publication date"
            time_input.attrs["aria-label"] = "Scheduled publication time"
        return formfield

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        user = request.user
        if user.has_perm("education.change_lesson") or user.has_perm("education.review_lesson"):
            return qs
        # Therapists pick published lessons to assign; they never see drafts.
        return qs.published()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such lesson.")
        return obj

    def get_readonly_fields(self, request, obj=None):
        if is_published_original(obj):
            # Change a live lesson through a draft ("Create draft" above the form).
            return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]
        if obj is not None and obj.draft_of_id:
            return [*self.readonly_fields, "series", "order", "slug", "status"]
        return [*self.readonly_fields, "status"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a live lesson would delete patients' progress and quiz attempts with it.
        if is_published_original(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would reach published lessons too
        return actions

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is set once, when the lesson is created; a draft keeps its lesson's.
        return self.prepopulated_fields if obj is None else {}

    @admin.display(description="preview")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}">Preview</a>', reverse("admin:education_lesson_preview", args=[obj.pk])
        )

    # Simple-history's own "revert" would put the old version number back; an earlier version
    # is restored as a new draft instead (restore_view), then published as a new version.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise Http404("Restore an earlier version from the history list.")

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_restore": self._can_edit(request, obj),
            "timeline": lesson_timeline(obj),
        }
        return super().history_view(request, object_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **self.review_context(request, obj)}
        extra_context["may_review"] = self._may_review(request)
        if is_published_original(obj) or not self.has_change_permission(request, obj):
            # Read-only: no Save buttons (a live lesson changes through a draft).
            extra_context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *self.review_urls(),
            path("<path:object_id>/preview/", view(self.preview_view), name="education_lesson_preview"),
            path("<path:object_id>/draft/", view(self.draft_view), name="education_lesson_draft"),
            path("<path:object_id>/publish/", view(self.publish_view), name="education_lesson_publish"),
            path(
                "<path:object_id>/restore/<int:history_id>/",
                view(self.restore_view),
                name="education_lesson_restore",
            ),
            *super().get_urls(),
        ]

    def _can_edit(self, request, obj):
        return self.has_change_permission(request) and request.user.has_perm("education.add_lesson")

    def preview_view(self, request, object_id):
        """The lesson (a draft, usually) exactly as a patient will see it."""
        lesson = self.get_object(request, object_id)
        if not self.has_view_permission(request, lesson):
            raise PermissionDenied
        from education import views

        render_lesson = getattr(views, "render_lesson", None)
        # The lesson page places a lesson among its published siblings: a draft copy has its
        # lesson's place; a lesson never published has none yet and gets the plain preview.
        if render_lesson is not None and (lesson.draft_of_id or lesson.status == Status.PUBLISHED):
            return render_lesson(request, lesson, preview=True, **self.preview_panel_context(request, lesson))
        return render(request, "admin/education/lesson/preview_fallback.html", {"lesson": lesson})

    def draft_view(self, request, object_id):
        lesson = self.get_object(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:education_lesson_change", args=[lesson.pk]))
        if not self._can_edit(request, lesson):
            raise PermissionDenied
        try:
            draft = create_draft(lesson=lesson)
        except PublishError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:education_lesson_change", args=[lesson.pk]))
        self.message_user(request, "Draft ready: edit it, preview it, then send it for review.")
        return HttpResponseRedirect(reverse("admin:education_lesson_change", args=[draft.pk]))

    def publish_view(self, request, object_id):
        lesson = self.get_object(request, object_id)
        if not self._can_edit(request, lesson):
            raise PermissionDenied
        target = lesson.draft_of or lesson
        form = ChangeNoteForm(
            request.POST if request.method == "POST" else None, initial={"change_note": lesson.change_note}
        )
        if request.method == "POST" and form.is_valid():
            try:
                note = form.cleaned_data["change_note"]
                published = publish(lesson=lesson, change_note=note, by=request.user)
            except PublishError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"Published “{published.title}”, version {published.version}.")
                return HttpResponseRedirect(reverse("admin:education_lesson_change", args=[published.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Publish {lesson}",
            "lesson": lesson,
            "target": target,
            "form": form,
            "publish_block": self.publish_block(lesson),
        }
        return TemplateResponse(request, "admin/education/lesson/publish.html", context)

    def restore_view(self, request, object_id, history_id):
        lesson = self.get_object(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:education_lesson_history", args=[lesson.pk]))
        if not self._can_edit(request, lesson):
            raise PermissionDenied
        if not lesson.history.filter(history_id=history_id).exists():
            raise Http404("No such version.")
        try:
            draft = restore_as_draft(lesson=lesson, history_id=history_id)
        except PublishError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:education_lesson_history", args=[lesson.pk]))
        self.message_user(request, "The earlier version is now a draft: preview it, then publish it.")
        return HttpResponseRedirect(reverse("admin:education_lesson_change", args=[draft.pk]))

    @admin.action(description="Create a draft of the selected published lessons", permissions=["change"])
    def create_drafts(self, request, queryset):
        made = 0
        for lesson in queryset:
            try:
                create_draft(lesson=lesson)
                made += 1
            except PublishError as exc:
                self.message_user(request, f"{lesson}: {exc}", messages.WARNING)
        if made:
            self.message_user(request, f"{made} draft(s) ready.")


class ContentHistoryAdmin(ReadableHistoryAdmin):
    """History (who, when, what changed) with simple-history's revert for content that has no
    version number of its own."""


@admin.register(Section)
class SectionAdmin(HiddenFromIndexMixin, ContentHistoryAdmin):
    list_display = ["heading", "lesson", "order", "anchor"]
    list_select_related = ["lesson"]
    list_filter = ["lesson__series"]
    search_fields = ["heading", "body"]
    history_list_display = ["heading"]

    def has_change_permission(self, request, obj=None):
        # A live lesson's sections change through a draft of the lesson.
        if obj is not None and is_published_original(obj.lesson):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and is_published_original(obj.lesson):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Faq)
class FaqAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    list_display = ["question", "lesson", "order"]
    list_select_related = ["lesson"]
    search_fields = ["question", "answer"]


@admin.register(Reference)
class ReferenceAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    formfield_overrides = URL_HTTPS
    list_display = ["number", "citation", "lesson"]
    list_select_related = ["lesson"]
    search_fields = ["citation"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ContentHistoryAdmin):
    list_display = ["term", "plain", "slug"]
    search_fields = ["term", "plain", "definition"]
    prepopulated_fields = {"slug": ["term"]}


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(HiddenFromIndexMixin, ContentHistoryAdmin):
    list_display = ["prompt", "quiz", "order", "kind"]
    list_select_related = ["quiz__lesson"]
    list_filter = ["kind", "quiz"]
    search_fields = ["prompt"]
    inlines = [ChoiceInline]
    history_list_display = ["kind"]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "kind", "prompt", "section_anchor"]
    extra = 0
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(ContentHistoryAdmin):
    list_display = ["__str__", "pass_mark"]
    list_select_related = ["lesson"]
    inlines = [QuestionInline]


@admin.register(Choice)
class ChoiceAdmin(HiddenFromIndexMixin, ContentHistoryAdmin):
    list_display = ["text", "question", "is_correct"]
    list_select_related = ["question"]
    search_fields = ["text"]


# --- clients' records (therapists) --------------------------------------------------------


@admin.register(Assignment)
class AssignmentAdmin(ClientScopedAdmin):
    list_display = ["client", "what", "due_date", "created_at"]
    list_select_related = ["client", "series", "lesson"]
    list_filter = [("client", admin.RelatedOnlyFieldListFilter), "due_date"]
    search_fields = ["client__full_name", "client__email"]
    autocomplete_fields = ["lesson"]
    therapist_field = "therapist"
    fields = ["client", "series", "lesson", "due_date", "note"]

    @admin.display(description="lesson or series")
    def what(self, obj):
        return obj.lesson.title if obj.lesson_id else f"{obj.series.title} (whole series)"

    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["therapist", *self.fields]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return ["client"] if obj is not None else []

    def get_list_display(self, request):
        if request.user.is_superuser:
            return ["therapist", *self.list_display]
        return self.list_display

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lesson":
            kwargs["queryset"] = Lesson.objects.published()
        if db_field.name == "therapist":
            from accounts.models import User

            kwargs["queryset"] = User.objects.therapists()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class AssignmentForm(form):
            def clean(self):
                cleaned = super().clean()
                lesson, series = cleaned.get("lesson"), cleaned.get("series")
                if lesson and series and lesson.series_id != series.pk:
                    self.add_error("lesson", "That lesson is not part of that series.")
                return cleaned

        return AssignmentForm

    def save_model(self, request, obj, form, change):
        if is_therapist_user(request.user):
            obj.therapist = request.user
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(lambda: send_assignment_emails([obj.pk]))


@admin.register(LessonProgress)
class LessonProgressAdmin(ReadOnlyAdminMixin, ClientScopedAdmin):
    client_field = "user"
    list_display = [
        "user",
        "lesson",
        "sections_reached",
        "finished_reading_at",
        "read_version",
        "completed_at",
    ]
    list_select_related = ["user", "lesson"]
    # RelatedOnly: only lessons in the rows this user may see, so no draft title shows (sec, #15 item 13).
    list_filter = [("user", admin.RelatedOnlyFieldListFilter), ("lesson", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__full_name", "user__email"]


class QuizAnswerInline(admin.TabularInline):
    model = QuizAnswer
    fields = ["position", "question", "selected", "is_correct", "carried_over", "answered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ReadOnlyAdminMixin, ClientScopedAdmin):
    client_field = "user"
    list_display = ["user", "quiz", "lesson_version", "score", "total", "passed", "submitted_at"]
    list_select_related = ["user", "quiz__lesson"]
    # RelatedOnly: only quizzes in the rows this user may see, so no draft title shows (sec, #15 item 13).
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        "passed",
        ("quiz", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["user__full_name", "user__email"]
    inlines = [QuizAnswerInline]
    exclude = ["questions"]
