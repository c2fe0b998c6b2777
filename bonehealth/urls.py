from django.contrib import admin
from django.urls import include, path

from accounts import health, pages
from accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    # Information pages, linked from every page's footer (helper account, issue #16).
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("contact/", pages.contact, name="contact"),
    path("accounts/", include("accounts.urls")),
    path("lessons/", include("education.urls")),
    path("tracker/", include("tracker.urls")),
    path("notifications/", include("notifications.urls")),  # issue #17 (tasks)
    path("messages/", include("messaging.urls")),  # secure messages (issue #20)
    path("care/", include("care.urls")),  # the invited patient's link (issue #13)
    # My summary, questions for my doctor, my bone plan (helper account, issue #16).
    path("", include("summary.urls")),
    path("admin/", admin.site.urls),
]

# The database unavailable: the 503 page with Retry-After; anything else: the 500 page.
handler500 = "accounts.health.server_error"
