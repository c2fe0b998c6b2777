from django.urls import path

from tracker import views

app_name = "tracker"

urlpatterns = [
    path("", views.home, name="home"),
    path("check-in/", views.checkin, name="checkin"),
    path("days/", views.history, name="history"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("export/checkins.csv", views.export_csv, name="export_csv"),
    path("export/checkins.json", views.export_json, name="export_json"),
]
