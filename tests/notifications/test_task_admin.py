"""Failed tasks in the admin: superusers see the task and its error, never its arguments."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.conftest import otp_login

pytestmark = pytest.mark.django_db
ERROR = "registration/password_reset not sent after 4 attempts (SMTPException)"


@pytest.fixture
def failed_task(db):
    return DBTaskResult.objects.create(
        task_path="bonehealth.emails.send_email",
        status="FAILED",
        args_kwargs={
            "args": [],
            "kwargs": {"to": ["secret.person@example.com"], "context": {"token": "tok-123"}},
        },
        queue_name="default",
        backend_name="default",
        exception_class_path="bonehealth.emails.EmailNotSent",
        traceback=f"bonehealth.emails.EmailNotSent: {ERROR}",
    )


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(is_superuser=True, is_staff=True, role="therapist", email="root@example.com")


def test_a_superuser_sees_a_failed_task_with_its_error_and_not_its_arguments(client, superuser, failed_task):
    otp_login(client, superuser)
    listing = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status__exact=FAILED"
    )
    assert listing.status_code == 200
    assert "send_email" in listing.text and "EmailNotSent" in listing.text
    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed_task.pk]))
    assert page.status_code == 200
    assert ERROR in page.text
    for secret in ("secret.person@example.com", "tok-123"):
        assert secret not in listing.text and secret not in page.text


def test_a_therapist_cannot_see_the_queue(client, therapist, failed_task):
    otp_login(client, therapist)
    assert client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")).status_code == 403
    index = client.get(reverse("admin:index"))
    assert "Task Results" not in index.text
