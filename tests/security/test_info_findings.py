"""Issue #15 item 13 (information leaks): draft titles in therapists' list filters, headers on the
400 for a bad Host, and query strings in the access log."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from education.models import Status
from tests.admin.conftest import make_client_of
from tests.conftest import otp_login
from tests.factories import LessonFactory, LessonProgressFactory, QuizFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["admin:education_lessonprogress_changelist", "admin:education_quizattempt_changelist"]
)
def test_no_draft_title_shows_in_a_therapists_list_filter(client, therapist, url_name):
    published = LessonFactory(title="Sleep and your bones")
    QuizFactory(lesson=published)
    draft = LessonFactory(title="Unannounced draft about fasting", status=Status.DRAFT)
    QuizFactory(lesson=draft)
    LessonProgressFactory(user=make_client_of(therapist), lesson=published)
    otp_login(client, therapist)

    html = client.get(reverse(url_name)).content.decode()

    assert "Unannounced draft" not in html


@pytest.mark.django_db
def test_the_400_for_a_bad_host_header_carries_csp_and_x_frame_options(client, settings):
    settings.ALLOWED_HOSTS = ["bonehealth.example.org"]
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_normal_pages_keep_their_own_csp(client):
    response = client.get("/")
    assert "script-src" in response["Content-Security-Policy"]


def test_the_documented_access_log_format_has_no_query_string():
    """gunicorn's default access log line holds the request line with its query string, so an
    admin search (?q=patient3%40example.com) put a patient's address in the log."""
    deploy = (ROOT / "docs" / "DEPLOY.md").read_text()
    formats = re.findall(r"--access-logformat '([^']+)'", deploy)
    assert formats, "DEPLOY.md must give gunicorn an --access-logformat"
    for line_format in formats:
        assert "%(U)s" in line_format
        assert not {"%(r)s", "%(q)s", "%(f)s"} & set(re.findall(r"%\([a-zA-Z{}_-]+\)s", line_format))
    assert "log_format bonehealth_noquery" in deploy and "$uri" in deploy
