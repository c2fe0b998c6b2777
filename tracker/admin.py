"""Tracker records in the admin: therapists set goals for their own clients and can read
their check-ins; scoping as everywhere else (accounts.admin_scoping)."""

from django.contrib import admin

from accounts.admin_scoping import ClientScopedAdmin, ReadOnlyAdminMixin, is_therapist_user
from tracker.models import Entry, Goal


@admin.register(Goal)
class GoalAdmin(ClientScopedAdmin):
    client_field = "patient"
    list_display = ["patient", "factor", "target_min", "target_max", "set_by", "updated"]
    list_select_related = ["patient", "set_by"]
    list_filter = [("patient", admin.RelatedOnlyFieldListFilter), "factor"]
    search_fields = ["patient__full_name", "patient__email"]
    fields = ["patient", "factor", "target_min", "target_max", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["patient", "factor"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if is_therapist_user(request.user):
            obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdminMixin, ClientScopedAdmin):
    client_field = "patient"
    list_display = [
        "patient",
        "day",
        "sleep_hours",
        "sleep_quality",
        "stress",
        "training_minutes",
        "fish_servings",
    ]
    list_select_related = ["patient"]
    list_filter = [("patient", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["patient__full_name", "patient__email"]
    date_hierarchy = "day"
