"""Scoping every admin page a therapist reaches to their own clients, and logging each look.

The rule lives in one place, `User.objects.clients_of(user)`: an active care relationship AND
an active consent to share. `ClientScopedAdmin` applies it to a model admin's queryset (change
list, change form, delete, history, actions, filters), to the related-field choices, and turns
an object outside it into a 404, exactly as if it did not exist.
"""

from django.http import Http404

from accounts.admin_base import BaseModelAdmin
from accounts.models import AccessAction, AccessLog, Role, User


def is_therapist_user(user):
    """A therapist working in the admin (superusers are not scoped and not logged)."""
    return user.is_authenticated and user.role == Role.THERAPIST and not user.is_superuser


def log_client_access(request, client_ids, action):
    """Write one access log row per client a therapist's request showed (one query)."""
    if not is_therapist_user(request.user):
        return
    path = request.get_full_path()[:500]
    rows = [
        AccessLog(therapist=request.user, client_id=client_id, action=action, path=path)
        for client_id in dict.fromkeys(client_ids)
        if client_id is not None
    ]
    if len(rows) == 1:
        # One client's page: a single INSERT, without the transaction bulk_create opens
        # around it (BEGIN and COMMIT are two more round trips on every follow page).
        rows[0].save(force_insert=True)
    elif rows:
        AccessLog.objects.bulk_create(rows)


class ClientScopedAdmin(BaseModelAdmin):
    """A model admin whose rows belong to a patient (`client_field` names the foreign key).

    Therapists see rows of their visible clients only; superusers see everything.
    """

    client_field = "client"
    # A client's record links to a patient page (of no use to a therapist) or to nothing: no
    # "View on site"; the client's page in the workspace (care) is where their records are read.
    view_on_site = False
    # Extra filter for therapists, e.g. {"therapist": user} on assignments they gave.
    therapist_field = None

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        qs = qs.filter(**{f"{self.client_field}__in": User.objects.clients_of(request.user)})
        if self.therapist_field:
            qs = qs.filter(**{self.therapist_field: request.user})
        return qs

    def get_object(self, request, object_id, from_field=None):
        # The admin's default for a missing object is a redirect to the index with a message
        # naming the id; outside the therapist's scope it must be a plain 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such object.")
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.client_field:
            kwargs["queryset"] = User.objects.clients_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if response.status_code == 200 else None
        if changelist is not None:
            attname = self.model._meta.get_field(self.client_field).attname
            log_client_access(
                request, [getattr(row, attname) for row in changelist.result_list], AccessAction.LIST
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if obj is not None and request.method == "GET":
            log_client_access(request, [getattr(obj, f"{self.client_field}_id")], AccessAction.VIEW)
        return response


class ReadOnlyAdminMixin:
    """For records nobody edits in the admin (progress, attempts)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
