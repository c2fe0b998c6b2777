"""The lesson page tells a patient when a lesson changed after they read it, and editors
preview drafts through the same page."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from education.models import LessonProgress
from education.views import render_lesson
from tests.factories import EditorFactory, LessonFactory, SectionFactory


@pytest.fixture
def lesson(db):
    lesson = LessonFactory(version=2, change_note="New advice on portion sizes.")
    SectionFactory(lesson=lesson)
    return lesson


@pytest.mark.django_db
def test_notice_when_read_version_is_older(patient_client, patient, lesson):
    LessonProgress.objects.create(
        user=patient, lesson=lesson, finished_reading_at=timezone.now(), read_version=1
    )
    content = patient_client.get(lesson.get_absolute_url()).content.decode()
    assert "Updated since you read it" in content
    assert "New advice on portion sizes." in content
    assert "This lesson has changed since you finished reading it." in content


@pytest.mark.django_db
def test_the_sections_changed_since_reading_are_marked_and_listed(patient_client, patient):
    lesson = LessonFactory(version=1)
    kept = SectionFactory(lesson=lesson, order=1, heading="Kept as it was")
    changed = SectionFactory(lesson=lesson, order=2, heading="Rewritten part")
    LessonProgress.objects.create(
        user=patient, lesson=lesson, finished_reading_at=timezone.now(), read_version=1
    )
    changed.body = "New words for this part."
    changed.save()
    SectionFactory(lesson=lesson, order=3, heading="A new part")
    type(lesson).objects.filter(pk=lesson.pk).update(version=2, updated=timezone.now())
    content = patient_client.get(lesson.get_absolute_url()).content.decode()
    banner = content[
        content.index('id="lesson-updated-title"') : content.index(
            "</div>", content.index('id="lesson-updated-title"')
        )
    ]
    assert f'href="#{changed.anchor}">Rewritten part</a>' in banner and "A new part" in banner
    assert "Kept as it was" not in banner
    assert content.count("Changed since you read it</strong>") == 2
    kept_part = content[content.index(f'id="{kept.anchor}"') : content.index(f'id="{changed.anchor}"')]
    assert "Changed since you read it" not in kept_part


@pytest.mark.django_db
def test_no_notice_when_current_version_was_read(patient_client, patient, lesson):
    LessonProgress.objects.create(
        user=patient, lesson=lesson, finished_reading_at=timezone.now(), read_version=2
    )
    content = patient_client.get(lesson.get_absolute_url()).content.decode()
    assert "Updated since you read it" not in content


@pytest.mark.django_db
def test_no_notice_for_someone_who_never_finished(patient_client, lesson):
    content = patient_client.get(lesson.get_absolute_url()).content.decode()
    assert "Updated since you read it" not in content


@pytest.mark.django_db
def test_preview_renders_a_draft_with_banner(lesson):
    draft = LessonFactory(
        series=lesson.series,
        slug=lesson.slug,
        order=lesson.order,
        draft_of=lesson,
        status="draft",
        title="Reworded title",
    )
    SectionFactory(lesson=draft, heading="A brand new section")
    request = RequestFactory().get("/admin/preview/")
    request.user = EditorFactory()
    request.htmx = False
    response = render_lesson(request, draft, preview=True)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Preview." in content
    assert "Reworded title" in content
    assert "A brand new section" in content


@pytest.mark.django_db
def test_preview_of_a_lesson_never_published(lesson):
    new = LessonFactory(
        series=lesson.series, order=lesson.order + 1, status="draft", title="Brand new lesson"
    )
    SectionFactory(lesson=new)
    request = RequestFactory().get("/admin/preview/")
    request.user = EditorFactory()
    request.htmx = False
    content = render_lesson(request, new, preview=True).content.decode()
    assert "Brand new lesson" in content
    assert "lesson 2 of 2" in content
    assert lesson.title in content  # the previous lesson link
