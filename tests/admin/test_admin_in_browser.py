"""The therapist's and the editor's admin pages in a real browser: they render under the
strict Content Security Policy (no refused inline script or style from our templates)."""

import re

import pytest
from playwright.sync_api import expect

from education.models import Assignment, LessonProgress
from tests.admin.conftest import make_client_of
from tests.browser.conftest import (  # noqa: F401, F811 - fixtures
    browser_context_args,
    browser_type_launch_args,
    page,
    server,
    shot,
)
from tests.education.quiz_helpers import finished_attempt
from tests.factories import LessonFactory, SectionFactory, TherapistFactory, build_quiz

pytestmark = pytest.mark.browser
# Fixtures imported above are used by name in the test signatures.
# ruff: noqa: F811


def verified_login(page, server, user):
    """A session that has passed two-step verification, handed to the browser as its cookie
    (the login and code pages have their own browser tests)."""
    from django.conf import settings
    from django.test import Client

    from tests.conftest import otp_login

    django_client = Client()
    otp_login(django_client, user)
    cookie = django_client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": server.url}])
    page.goto(f"{server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def csp_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    return errors


def test_therapist_follows_a_client(server, page, shot):
    therapist = TherapistFactory(full_name="Theo Therapist")
    client_user = make_client_of(therapist, full_name="Ada Patient")
    lesson = LessonFactory(title="Inflammation basics")
    SectionFactory(lesson=lesson)
    LessonProgress.objects.create(user=client_user, lesson=lesson, sections_reached=1)
    finished_attempt(client_user, build_quiz(lesson=lesson, size=2), wrong_positions=[1])
    Assignment.objects.create(therapist=therapist, client=client_user, series=lesson.series, lesson=lesson)
    errors = csp_errors(page)
    verified_login(page, server, therapist)

    page.goto(f"{server.url}/admin/care/clients/")
    expect(page.get_by_role("link", name="Ada Patient")).to_be_visible()
    shot(page, "client-list")
    page.get_by_role("link", name="Ada Patient").click()
    expect(page.get_by_role("heading", name="Quiz answers")).to_be_visible()
    expect(page.locator("#client-tracker svg").first).to_be_visible()
    shot(page, "client-page")
    assert [e for e in errors if "inline" in e and "script" in e] == []
