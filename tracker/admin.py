"""Tracker records in the admin: therapists set goals for their own clients and can read
their check-ins; scoping as everywhere else (accounts.admin_scoping)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from accounts.admin_scoping import ClientScopedAdmin, ReadOnlyAdminMixin, is_therapist_user
from notifications.notices import notify_goal_saved
from tracker.models import Entry, Goal


class GoalAdminForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["patient", "factor", "target_min", "target_max", "note"]

    def validate_unique(self):
        super().validate_unique()
        if self.instance.pk is not None:
            # On a change, patient and factor are read-only and so left out of the form, and
            # Django skips every constraint that names them: check them all here, so a stress
            # goal of 11 is a form error rather than a database error.
            try:
                self.instance.validate_constraints()
            except ValidationError as error:
                self._update_errors(error)


@admin.register(Goal)
class GoalAdmin(ClientScopedAdmin):
    form = GoalAdminForm
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
        if is_therapist_user(request.user):
            notify_goal_saved(goal=obj, therapist=request.user, changed=change)  # issue #17 (tasks)


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
