"""Markup the accessibility audit found missing in the admin pages therapists and editors use."""

import pytest
from django.urls import reverse

from education.publishing import create_draft
from tests.factories import LessonFactory, SectionFactory


@pytest.fixture
def lesson_draft(db):
    lesson = LessonFactory(title="Omega-3 and inflammation", slug="omega-3", order=2)
    SectionFactory(lesson=lesson, order=1, anchor="what", heading="What it is", body="Body.")
    return create_draft(lesson=lesson)


def test_admin_pages_load_the_project_stylesheet(therapist_admin):
    response = therapist_admin.get(reverse("admin:index"))
    assert "css/admin.css" in response.text


def test_scheduled_publication_inputs_each_have_a_name(editor_admin, lesson_draft):
    text = editor_admin.get(reverse("admin:education_lesson_change", args=[lesson_draft.pk])).text
    assert 'aria-label="Scheduled publication date"' in text
    assert 'aria-label="Scheduled publication time"' in text
