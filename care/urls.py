"""The workspace's URLs. `admin_urlpatterns(site)`: the therapist's pages, registered by the
admin site (accounts.admin_site) under its prefix and namespace ("admin:care_home"). `urlpatterns`:
the one page outside the admin, the invited patient's link (bonehealth.urls, "care:invitation")."""

from django.urls import path

from care import client_views, invitation_views, views

app_name = "care"

urlpatterns = [path("invitations/<str:token>/", invitation_views.invitation, name="invitation")]


def admin_urlpatterns(site):
    def page(route, view, name):
        return path(f"care/{route}", site.admin_view(view), name=f"care_{name}")

    return [
        page("", views.caseload_home, "home"),
        page("clients/", views.client_list, "clients"),
        page("clients/<int:client_id>/", client_views.client_page, "client"),
        page("clients/<int:client_id>/summary/", client_views.client_summary, "client_summary"),
        page("clients/<int:client_id>/assign/", client_views.assign_lesson, "client_assign"),
        page("clients/<int:client_id>/goal/", client_views.goal_set, "client_goal"),
        page("clients/<int:client_id>/notes/", client_views.note_add, "client_note_add"),
        page("notes/<int:note_id>/", client_views.note_edit, "note_edit"),
        page("invitations/", invitation_views.invitation_list, "invitations"),
        page(
            "invitations/<int:invitation_id>/resend/", invitation_views.invitation_resend, "invitation_resend"
        ),
        page(
            "invitations/<int:invitation_id>/withdraw/",
            invitation_views.invitation_withdraw,
            "invitation_withdraw",
        ),
        page("settings/", views.care_settings, "settings"),
    ]
