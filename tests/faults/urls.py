"""The site's URLs plus two that fail, for showing the error pages (tests only)."""

from django.db import OperationalError
from django.urls import include, path

from bonehealth.urls import handler500  # noqa: F401 - Django reads it from the ROOT_URLCONF module


def database_down(request):
    raise OperationalError("connection to server at 10.0.0.20, port 5432 failed: timeout expired")


def bug(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-failures/database-down/", database_down),
    path("test-failures/bug/", bug),
    path("", include("bonehealth.urls")),
]
