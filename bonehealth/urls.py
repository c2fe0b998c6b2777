from django.contrib import admin
from django.urls import include, path

from accounts import health
from accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("lessons/", include("education.urls")),
    path("tracker/", include("tracker.urls")),
    path("care/", include("care.urls")),  # the invited patient's link (issue #13)
    path("admin/", admin.site.urls),
]
