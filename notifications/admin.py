"""The task queue in the admin, for superusers only: what ran, what failed for good and why.

django-tasks-db's own admin shows each task's arguments (email context: names, links carrying
tokens); this one replaces it and shows the task, its state, times and the error, never the
arguments or the return value. Notifications' own rows are not in the admin (patients see them
in the app; the export has them)."""

from django.contrib import admin
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult

from accounts.admin_scoping import ReadOnlyAdminMixin

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["task_name", "status", "enqueued_at", "finished_at", "error_class"]
    list_filter = ["status", "queue_name"]
    ordering = ["-enqueued_at"]
    fields = [
        "task_name",
        "status",
        "queue_name",
        "priority",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after",
        "error_class",
        "error",
    ]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    @admin.display(description="error")
    def error_class(self, obj):
        return obj.exception_class_path.rsplit(".", 1)[-1] if obj.exception_class_path else ""

    @admin.display(description="traceback")
    def error(self, obj):
        # The project's tasks raise errors that name no context values (bonehealth.emails).
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "-"
