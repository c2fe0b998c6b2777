from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts.admin_base import SafeInputAdminMixin
from accounts.admin_scoping import ClientScopedAdmin, is_therapist_user
from accounts.models import AccessLog, CareRelationship, SharingConsent, User
from accounts.roles import sync_role_group


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(SafeInputAdminMixin, DjangoUserAdmin):
    """Every account; superusers only (therapists follow their clients under "Clients")."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "is_staff"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        ("Role and access", {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The groups field was just saved as posted; the role's group wins over it.
        sync_role_group(form.instance)

    def get_queryset(self, request):
        # Defence in depth: should anyone but a superuser be given access to this admin, they
        # still see no more than the clients they may see elsewhere.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk__in=User.objects.clients_of(request.user))


@admin.register(CareRelationship)
class CareRelationshipAdmin(ClientScopedAdmin):
    list_display = ["client", "therapist", "started", "ended"]
    list_select_related = ["client", "therapist"]
    list_filter = ["ended"]
    search_fields = ["client__email", "client__full_name", "therapist__email", "therapist__full_name"]
    raw_id_fields = ["therapist", "client"]
    therapist_field = "therapist"

    def get_list_display(self, request):
        if is_therapist_user(request.user):
            return ["client", "started", "ended"]
        return super().get_list_display(request)

    def get_search_fields(self, request):
        if is_therapist_user(request.user):
            return ["client__email", "client__full_name"]
        return super().get_search_fields(request)

    def has_add_permission(self, request):
        # Therapists invite clients instead (care.invitations): typing an address here would
        # tell them whether a patient account uses it.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return ["therapist", "client"]
        return []


@admin.register(SharingConsent)
class SharingConsentAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    """Superusers can read consents; only the patient grants or revokes them."""

    list_display = ["patient", "therapist", "wording_version", "granted_at", "revoked_at"]
    list_select_related = ["patient", "therapist"]
    list_filter = ["wording_version", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["patient__email", "therapist__email"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(SafeInputAdminMixin, admin.ModelAdmin):
    """Read by superusers; written only by the admin pages themselves, edited by nobody."""

    list_display = ["at", "therapist", "client", "action", "path"]
    list_select_related = ["therapist", "client"]
    list_filter = ["action", ("therapist", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["therapist__email", "client__email"]
    date_hierarchy = "at"
    actions = None

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

