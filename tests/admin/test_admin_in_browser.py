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
from tests.factories import EditorFactory, LessonFactory, SectionFactory, TherapistFactory, build_quiz

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


def test_editor_drafts_previews_and_publishes(server, page, shot):
    editor = EditorFactory(full_name="Edith Editor")
    lesson = LessonFactory(title="Omega-3 and you")
    SectionFactory(lesson=lesson, heading="Why it matters")
    verified_login(page, server, editor)
    page.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/change/")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("link", name="Publish this draft")).to_be_visible()
    page.get_by_label("Title:").fill("Omega-3 and your bones")
    page.get_by_role("button", name="Save and continue editing").click()
    shot(page, "draft")
    page.get_by_role("link", name="Preview as a patient").click()
    expect(page.get_by_role("heading", name="Omega-3 and your bones")).to_be_visible()
    shot(page, "preview")
    page.go_back()
    page.get_by_role("link", name="Publish this draft").click()
    page.get_by_label("What changed").fill("A clearer title.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("version 2")).to_be_visible()
    page.goto(f"{server.url}/admin/education/lesson/{lesson.pk}/history/")
    expect(page.get_by_role("button", name="Restore version 1 as a draft")).to_be_visible()
    shot(page, "history")
