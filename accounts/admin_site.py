"""The project's admin site: Django's, with the therapist workspace (care/) registered in it
and a "view on site" redirect scoped like the rest.

A therapist's home here is their caseload (care.views.caseload_home), not the list of models;
editors and superusers keep Django's index. The workspace's pages are plain views under
admin/care/ (care.urls.admin_urlpatterns), behind the same login and two-step verification.

Django's own `admin/r/<content type>/<id>/` redirects any staff member to any record's
get_absolute_url(), so a therapist could tell whether a check-in id of another therapist's
client exists. Here it answers only for a record the user can reach through its model
admin (a therapist: their own clients' records); anything else is a 404.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path


class BonehealthAdminSite(admin.AdminSite):
    site_header = "Bone health administration"
    site_title = "Bone health admin"

    def index(self, request, extra_context=None):
        from accounts.admin_scoping import is_therapist_user

        if is_therapist_user(request.user):
            from care.views import caseload_home

            return caseload_home(request)
        return super().index(request, extra_context)

    def get_urls(self):
        # Imported here: this module is named in INSTALLED_APPS, before models are ready.
        from care.urls import admin_urlpatterns
        from messaging.urls import admin_urlpatterns as messaging_urlpatterns  # issue #20

        view_on_site = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.scoped_view_on_site),
            name="view_on_site",
        )
        # Django's own unscoped pattern of the same name is replaced, not shadowed.
        others = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [view_on_site, *admin_urlpatterns(self), *messaging_urlpatterns(self), *others]

    def scoped_view_on_site(self, request, content_type_id, object_id):
        # Imported here: this module is named in INSTALLED_APPS, before models are ready.
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            content_type = ContentType.objects.get_for_id(int(content_type_id))
        except (ValueError, ContentType.DoesNotExist):
            raise Http404("No such record.") from None
        model_admin = self._registry.get(content_type.model_class())
        if (
            model_admin is None
            or not model_admin.view_on_site
            or not model_admin.has_view_or_change_permission(request)
        ):
            raise Http404("No such record.")
        if model_admin.get_object(request, unquote(object_id)) is None:
            raise Http404("No such record.")
        return shortcut(request, content_type_id, object_id)


class BonehealthAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.BonehealthAdminSite"
