from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpResponseRedirect
from django.urls import reverse

from accounts.admin_base import SafeInputAdminMixin
from accounts.admin_scoping import ClientScopedAdmin, is_therapist_user
from accounts.models import AccessLog, CareRelationship, SharingConsent, User, normalise_email
from accounts.roles import sync_role_group
from notifications.notices import notify_share_requested


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


class CareRelationshipTherapistForm(forms.ModelForm):
    """A therapist links a client by typing the client's email address: never by picking
    from a list of patients, which would show every patient to every therapist."""

    client_email = forms.EmailField(label="Client's email address")

    class Meta:
        model = CareRelationship
        fields = ["started"]

    therapist = None  # set by CareRelationshipAdmin.get_form

    def clean_client_email(self):
        email = self.cleaned_data["client_email"]
        client = User.objects.patients().filter(email=normalise_email(email), is_active=True).first()
        if client is None:
            raise forms.ValidationError("No patient account uses this email address.", code="no_patient")
        if CareRelationship.objects.filter(therapist=self.therapist, client=client).exists():
            raise forms.ValidationError("You are already linked with this client.", code="already_linked")
        self.instance.client = client
        self.instance.therapist = self.therapist
        return email


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

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and not request.user.is_superuser:
            return type(
                "CareRelationshipAddForm", (CareRelationshipTherapistForm,), {"therapist": request.user}
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None and not request.user.is_superuser:
            return [(None, {"fields": ["client_email", "started"]})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return ["therapist", "client"]
        return []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.therapist_id == request.user.pk:
            notify_share_requested(relationship=obj)  # issue #17 (tasks): the patient's notice

    def response_add(self, request, obj, post_url_continue=None):
        if request.user.is_superuser:
            return super().response_add(request, obj, post_url_continue)
        # The client's name is shown only once they agree to share: until then the link
        # stays out of every list.
        messages.success(
            request,
            "Link requested. It appears under your clients once the patient agrees, on their "
            "details page, to share their progress with you.",
        )
        return HttpResponseRedirect(reverse("admin:accounts_carerelationship_changelist"))


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


# The therapist's client list, follow-up page and triage list.
from accounts import admin_clients  # noqa: E402,F401
