"""Secure messages (issue #20). `urlpatterns`: the patient's pages under /messages/.
`admin_urlpatterns(site)`: the therapist's conversation page, registered by the admin site
(accounts.admin_site) beside the workspace's client page."""

from django.urls import path

from messaging import therapist_views, views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ask/", views.ask, name="ask"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
]


def admin_urlpatterns(site):
    return [
        path(
            "care/clients/<int:client_id>/messages/",
            site.admin_view(therapist_views.client_conversation),
            name="messaging_client_conversation",
        ),
        path(
            "care/clients/<int:client_id>/messages/handled/",
            site.admin_view(therapist_views.mark_handled),
            name="messaging_client_handled",
        ),
    ]
