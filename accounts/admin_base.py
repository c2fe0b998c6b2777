"""Admin behaviour every model admin of the project shares: tampered input is a form error or
a message, never a 500.

Django's admin trusts two posted values that a browser never changes but a tampered request
can: the ids of the rows an action applies to (filtered as they are: `pk__in=['x']` raises
ValueError) and the value of an autocomplete field (looked up again to show it beside the
form's errors, with the same ValueError).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


def _valid_values(model_field, values):
    """The posted values the target field can hold (type and range); the others are dropped."""
    valid = []
    for value in values:
        try:
            # to_python refuses what is not a number; the validators refuse a number beyond
            # the database's integer range (SQLite raises OverflowError past 64 bits).
            model_field.run_validators(model_field.to_python(value))
        except ValidationError:
            continue
        valid.append(value)
    return valid


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        return super().optgroups(name, _valid_values(target, value), attr)


class SafeInputAdminMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if len(_valid_values(self.model._meta.pk, selected)) != len(selected):
            self.message_user(
                request, "Some of the selected items could not be found. Select them again.", messages.WARNING
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class BaseModelAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    """The project's ModelAdmin."""
