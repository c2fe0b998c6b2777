from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("reminders/", views.reminder_settings, name="settings"),
    path("check-in/<str:token>/", views.one_tap, name="one_tap"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("notices/read/", views.notices_read_all, name="notices_read_all"),
]
